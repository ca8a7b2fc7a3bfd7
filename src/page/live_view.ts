/**
 * What a run looks like as it goes, drawn at most once an animation frame whatever the rate of
 * progress: the loss curves, the model's heatmap and boundary behind the points, the network's
 * weights and every node's small heatmap, the hovered node's heatmap large, and the live loss and
 * accuracy. These costs grow with the model, so they are recomputed no more often than their own
 * cost allows (at most a quarter of the time).
 */
import type { Dataset } from '../data/index.ts';
import { boundarySegment, type Box, type DataPlot, type PlotAxes } from './data_plot.ts';
import type { Curve, LossChart } from './loss_chart.ts';
import {
  cellsFor,
  evaluateGrid,
  gridInputs,
  LIVE_MAX_PARAMS,
  plottable,
  sliceLine,
  type GridField,
  type GridInputs,
  type ShownModel,
} from './model_field.ts';
import { paintDiverging, paintHeat } from './heat_colours.ts';
import { nodeName, type NetworkView, type NodeRef } from './network_view.ts';
import { paramCount } from '../core/spec.ts';
import { computed, signal } from './store.ts';
import { liveFigures, type LiveFigures, type LiveRows } from './live_figures.ts';

export interface Curves {
  readonly axis: 'step' | 'epoch';
  readonly curves: readonly Curve[];
  readonly xMax: number;
}

export interface UnitPopover {
  readonly box: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly caption: HTMLElement;
}

export class LiveView {
  private frame = 0;
  private model: ShownModel | null = null;
  private modelChanged = false;
  private curves: (() => Curves) | null = null;
  private afterFrame: (() => void) | null = null;
  private nextFieldAt = 0;
  private hover: NodeRef | null = null;
  private field: GridField | null = null;
  /** the model's inputs' shape and z-score, and the plot's box and axes: what the grid is made of */
  private readonly gridOf = signal<{
    readonly spec: ShownModel['spec'];
    readonly standardization: ShownModel['standardization'];
    readonly box: Box;
    readonly axes: PlotAxes;
  } | null>(null, (a, b) => JSON.stringify(a) === JSON.stringify(b));
  private readonly grid = computed<GridInputs | null>(() => {
    const of = this.gridOf.get();
    if (of === null) return null;
    return gridInputs(of, of.box, cellsFor(paramCount(of.spec)), of.axes);
  });
  private rows: LiveRows | null = null;
  private featureNames: readonly string[] = [];
  private figuresTo: ((figures: LiveFigures | null) => void) | null = null;

  constructor(
    private readonly plot: DataPlot,
    private readonly lossChart: LossChart,
    private readonly network: NetworkView,
    private readonly popover: UnitPopover,
  ) {}

  /** Where the curves come from; drawn on the next frame. */
  setCurves(curves: (() => Curves) | null): void {
    this.curves = curves;
    if (curves === null) this.lossChart.clear();
    this.request();
  }

  /** The model to show (null: none); drawn on the next frame. */
  setModel(model: ShownModel | null): void {
    this.model = model;
    this.modelChanged = true;
    this.network.setModel(model?.spec ?? null, this.featureNames);
    if (this.model === null) {
      this.figuresTo?.(null);
      this.plot.setField(null);
      this.plot.setBoundary([]);
      this.field = null;
    }
    this.request();
  }

  /** The points to show (`include`: a split's rows, null all), by the two features `axes` names. */
  setData(
    data: Dataset | null,
    include: ((row: number) => boolean) | null,
    axes?: PlotAxes,
    tested: ((row: number) => boolean) | null = null,
  ): void {
    this.plot.setData(data, include, axes, tested);
    this.nextFieldAt = 0;
    this.modelChanged = true;
    this.request();
  }

  /** The rows the live figures are measured on, prepared for the model (null: none). */
  setLiveRows(rows: LiveRows | null): void {
    this.rows = rows;
    if (rows === null || this.model === null) this.figuresTo?.(null);
    this.modelChanged = true;
    this.request();
  }

  /** Hears the live figures each time the model drawn changes (null: none measured). */
  onFigures(callback: (figures: LiveFigures | null) => void): void {
    this.figuresTo = callback;
  }

  /** The data's features by name, for the network's input nodes. */
  setFeatureNames(names: readonly string[]): void {
    this.featureNames = names;
    this.network.setModel(this.model?.spec ?? null, names);
    this.modelChanged = true;
    this.request();
  }

  /** Called after each frame is drawn (the status line, counters). */
  onFrame(callback: () => void): void {
    this.afterFrame = callback;
  }

  /** Shows a node's own heatmap large beside the network, or hides it. */
  showUnit(hover: NodeRef | null): void {
    this.hover = hover;
    this.popover.box.hidden = hover === null;
    this.nextFieldAt = 0;
    this.modelChanged = true;
    this.request();
  }

  /** Schedules a frame; many calls before it are one frame. */
  request(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const curves = this.curves?.();
    if (curves !== undefined) this.lossChart.show(curves.axis, curves.curves, curves.xMax);
    if (this.model !== null && this.modelChanged) this.drawModel(this.model);
    this.plot.draw();
    this.afterFrame?.();
  }

  private drawModel(model: ShownModel): void {
    const { spec, params } = model;
    this.network.setParams(params);
    const now = performance.now();
    if (now < this.nextFieldAt) {
      this.request(); // a frame later, with the latest params
      return;
    }
    this.modelChanged = false;
    if (paramCount(spec) > LIVE_MAX_PARAMS) {
      this.figuresTo?.(null);
      this.plot.setBoundary([]);
      this.plot.setField(null);
      this.network.paintNodes(null);
      this.field = null;
      return;
    }
    if (this.rows !== null) this.figuresTo?.(liveFigures(model, this.rows));
    const axes = this.plot.shownAxes;
    if (!plottable(spec, axes)) {
      this.plot.setBoundary([]);
      this.plot.setField(null);
      this.network.paintNodes(null);
      this.field = null;
      this.nextFieldAt = now + 4 * (performance.now() - now);
      return;
    }
    const line = sliceLine(model, axes);
    this.plot.setBoundary(line === null ? [] : boundarySegment(line, this.plot.box));
    this.gridOf.set({
      spec,
      standardization: model.standardization,
      box: this.plot.box,
      axes,
    });
    const grid = this.grid.get();
    if (grid === null) return;
    this.field = evaluateGrid(model, grid);
    this.plot.setField({ outputs: this.field.outputs, cells: grid.cells });
    this.network.paintNodes(this.field.nodes);
    this.paintHover();
    const cost = performance.now() - now;
    this.nextFieldAt = now + 4 * cost;
  }

  private paintHover(): void {
    const hover = this.hover;
    const field = this.field;
    if (hover === null || field === null) return;
    const { nodes } = field;
    const values =
      hover.kind === 'input'
        ? nodes.inputs[hover.unit]
        : hover.kind === 'hidden'
          ? nodes.hidden[hover.layer]?.[hover.unit]
          : nodes.outputs[hover.unit];
    if (values === undefined) return;
    if (hover.kind === 'output')
      paintHeat(
        this.popover.canvas,
        values,
        field.cells,
        field.cells,
        this.network.paletteOf(hover.unit),
        this.network.discretized,
      );
    else paintDiverging(this.popover.canvas, values, field.cells);
    const name = nodeName(hover, this.network.inputNames);
    const what =
      hover.kind === 'input'
        ? 'its value over the plane'
        : hover.kind === 'hidden'
          ? 'its activation over the plane'
          : this.network.outputMeaning(hover.unit);
    this.popover.caption.textContent = `${name}: ${what}`;
  }
}
