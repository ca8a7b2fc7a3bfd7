/**
 * What a run looks like as it goes, drawn at most once an animation frame whatever the rate of
 * progress: the loss curves, the model's heatmap and boundary behind the points, the network's
 * weights, and the hovered unit's own heatmap. The heatmap costs grow with the model, so it is
 * recomputed no more often than its own cost allows (at most a quarter of the time).
 */
import type { Dataset } from '../data/index.ts';
import { boundarySegment, type DataPlot, type PlotAxes } from './data_plot.ts';
import type { Curve, LossChart } from './loss_chart.ts';
import {
  cellsFor,
  evaluateGrid,
  plottable,
  sliceLine,
  type GridField,
  type ShownModel,
} from './model_field.ts';
import { paintUnit, type NetworkView, type UnitHover } from './network_view.ts';
import { paramCount } from '../core/spec.ts';

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
  private hover: UnitHover | null = null;
  private field: GridField | null = null;

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
    this.network.setModel(model?.spec ?? null);
    if (this.model === null) {
      this.plot.setField(null, 0);
      this.plot.setBoundary([]);
      this.field = null;
    }
    this.request();
  }

  /** The points to show (`include`: a split's rows, null all), by the two features `axes` names. */
  setData(data: Dataset | null, include: ((row: number) => boolean) | null, axes?: PlotAxes): void {
    this.plot.setData(data, include, axes);
    this.nextFieldAt = 0;
    this.modelChanged = true;
    this.request();
  }

  /** Called after each frame is drawn (the status line, counters). */
  onFrame(callback: () => void): void {
    this.afterFrame = callback;
  }

  /** Shows a hidden unit's own heatmap beside the network, or hides it. */
  showUnit(hover: UnitHover | null): void {
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
    const axes = this.plot.shownAxes;
    if (!plottable(spec, axes)) {
      this.plot.setBoundary([]);
      this.plot.setField(null, 0);
      this.field = null;
      this.modelChanged = false;
      return;
    }
    const now = performance.now();
    if (now < this.nextFieldAt) {
      this.request(); // a frame later, with the latest params
      return;
    }
    this.modelChanged = false;
    const line = sliceLine(model, axes);
    this.plot.setBoundary(line === null ? [] : boundarySegment(line, this.plot.box));
    const cells = cellsFor(paramCount(spec));
    this.field = evaluateGrid(model, this.plot.box, cells, this.hover !== null, axes);
    this.plot.setField(this.field.output, cells);
    this.paintHover();
    const cost = performance.now() - now;
    this.nextFieldAt = now + 4 * cost;
  }

  private paintHover(): void {
    const hover = this.hover;
    const values = hover === null ? undefined : this.field?.units[hover.layer]?.[hover.unit];
    if (hover === null || values === undefined || this.field === null) return;
    paintUnit(this.popover.canvas, values, this.field.cells);
    this.popover.caption.textContent = `hidden layer ${hover.layer + 1}, unit ${hover.unit + 1}: its activation over the plane`;
  }
}
