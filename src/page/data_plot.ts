/**
 * The data plot: a square, in data units alike across and up unless the features' scales differ
 * (see plotBox), with the model's
 * σ(output) painted behind the points and, for a linear model, its boundary w·x + b = 0. The
 * points and axes are drawn once into a layer of their own when the data or the view changes;
 * a frame only repaints the small heatmap, scaled up, and lays that layer over it.
 */
import type { Dataset } from '../data/index.ts';
import { plotOrder } from './plot_sample.ts';
import { grouped } from './grouped.ts';
import type { HeadName } from '../core/heads.ts';
import { classColour, predictionColour, valueColour } from './heat_colours.ts';
import type { XY } from './loss_series.ts';

/**
 * Which features the plot shows: `x` across and `y` up (null: a single feature, drawn along x),
 * by index and by name; `at`, for more than two features, is where the others are held for the
 * model's slice (their training means), one value per feature in the data's raw units.
 */
export interface PlotAxes {
  readonly x: number;
  readonly y: number | null;
  readonly names: readonly [string, string];
  readonly at: ArrayLike<number> | null;
}

/** What the model predicts over the plot: per output, `cells`² values, rows from the top. */
export interface PlotField {
  readonly outputs: readonly ArrayLike<number>[];
  readonly cells: number;
}

/** The labels' kind, which the colours follow: a class's colour, or the target's scale from low to high. */
export interface PlotScale {
  readonly head: HeadName;
  readonly low: number;
  readonly high: number;
}

/** The first two features, as x0 and x1: what a generator's data shows. */
export function firstAxes(nFeatures: number): PlotAxes {
  return { x: 0, y: nFeatures > 1 ? 1 : null, names: ['x0', nFeatures > 1 ? 'x1' : ''], at: null };
}

/** The most points drawn; the model still trains on every one. */
export const MAX_PLOTTED_POINTS = 4000;

export interface Box {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

const MARGIN = { left: 40, right: 8, top: 8, bottom: 30 } as const;
const TICK_FONT = '11px system-ui, sans-serif';

/**
 * A tick's label as people write it: 843k for 843 000, 1.5M, 0.25; six significant digits at
 * most, so no float noise (0.30000000000000004) and nothing cut short.
 */
export function tickLabel(v: number): string {
  const size = Math.abs(v);
  const short = (x: number) => String(Number(x.toPrecision(4)));
  if (size >= 1e12) return `${short(v / 1e12)}T`;
  if (size >= 1e9) return `${short(v / 1e9)}G`;
  if (size >= 1e6) return `${short(v / 1e6)}M`;
  if (size >= 1e4) return `${short(v / 1e3)}k`;
  return String(Number(v.toPrecision(6)));
}

/** The ticks of an axis from `min` to `max`, a round step apart. */
function ticksOf(min: number, max: number): number[] {
  const step = niceStep(max - min);
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step / 1e6; v += step) ticks.push(v);
  return ticks;
}

/** A round tick step (1, 2 or 5 × 10ᵏ) that cuts the range into about six parts. */
export function niceStep(range: number): number {
  const raw = (range || 1) / 6;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((m) => m * power >= raw) ?? 10;
  return step * power;
}

/** Axes whose spans differ by more than this get a range each; closer ones share one unit. */
const SQUARE_RATIO = 3;

/**
 * A box around the points in data units, widened a little and out to round ticks. Where the two
 * spans are alike the box is square (one unit across is as long as one up, so distances read the
 * same both ways, as in the tutorial's plot); where they differ by more than 3×, as raw
 * measurements in a user's file do, each axis spans its own data.
 */
export function plotBox(xs: readonly number[], ys: readonly number[]): Box {
  const lo = (v: readonly number[]) => v.reduce((a, b) => Math.min(a, b), Infinity);
  const hi = (v: readonly number[]) => v.reduce((a, b) => Math.max(a, b), -Infinity);
  const [x0, x1, y0, y1] = xs.length === 0 ? [-1, 1, -1, 1] : [lo(xs), hi(xs), lo(ys), hi(ys)];
  const [spanX, spanY] = [x1 - x0, y1 - y0];
  const square =
    Math.min(spanX, spanY) === 0 || Math.max(spanX, spanY) <= SQUARE_RATIO * Math.min(spanX, spanY);
  const widen = (span: number) => span * 1.08 || 2;
  const across = rounded(x0, x1, widen(square ? Math.max(spanX, spanY) : spanX));
  const up = rounded(y0, y1, widen(square ? Math.max(spanX, spanY) : spanY));
  // the rounded centre may leave an edge point out: widen by a step where it does (both, if square)
  const fitsBoth = across.fits && up.fits;
  const half = (axis: Rounded) =>
    axis.fits && (fitsBoth || !square) ? axis.half : axis.half + axis.step;
  return {
    xMin: across.centre - half(across),
    xMax: across.centre + half(across),
    yMin: up.centre - half(up),
    yMax: up.centre + half(up),
  };
}

interface Rounded {
  readonly centre: number;
  readonly half: number;
  readonly step: number;
  /** whether centre ± half holds every value */
  readonly fits: boolean;
}

/** A round centre and half-width for values from `lo` to `hi` over `span`. */
function rounded(lo: number, hi: number, span: number): Rounded {
  const step = niceStep(span);
  const half = Math.ceil(span / 2 / step) * step;
  const centre = Math.round((lo + hi) / 2 / step) * step;
  return { centre, half, step, fits: centre - half <= lo && centre + half >= hi };
}

export class DataPlot {
  private data: Dataset | null = null;
  private axes: PlotAxes = firstAxes(2);
  /** the rows drawn, in drawing order */
  private order: Int32Array<ArrayBufferLike> = new Int32Array(0);
  /** the rows the view admits (all, or one split's) */
  private available = 0;
  private boxNow: Box = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
  private readonly layer = document.createElement('canvas');
  private readonly heat = document.createElement('canvas');
  private field: PlotField | null = null;
  /** what the labels are: the points' colours follow (a class's, or the target's scale) */
  private scale: PlotScale = { head: 'binary', low: 0, high: 1 };
  private boundary: XY[] = [];
  /** the rows outlined as test rows while every point shows; null: none */
  private tested: ((row: number) => boolean) | null = null;
  private discrete = false;
  private shown = 0;
  private dirty = true;
  /** the left margin: room for the widest tick label on the y axis and the axis's name */
  private left: number = MARGIN.left;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    /** says how many points are drawn of how many */
    private readonly countNote: HTMLElement,
  ) {
    new ResizeObserver(() => {
      this.dirty = true;
      this.draw();
    }).observe(canvas);
  }

  get box(): Box {
    return this.boxNow;
  }

  /** Points drawn now. */
  get pointsShown(): number {
    return this.shown;
  }

  /** The axes shown now. */
  get shownAxes(): PlotAxes {
    return this.axes;
  }

  /**
   * Shows a data set's two features that `axes` names; `include` picks the rows shown (a split),
   * null all.
   */
  setData(
    data: Dataset | null,
    include: ((row: number) => boolean) | null,
    axes: PlotAxes = firstAxes(data?.nFeatures ?? 2),
    tested: ((row: number) => boolean) | null = null,
  ): void {
    const changed = data !== this.data || axes.x !== this.axes.x || axes.y !== this.axes.y;
    this.data = data;
    this.tested = tested;
    this.axes = axes;
    this.canvas.dataset['xAxis'] = axes.names[0];
    this.canvas.dataset['yAxis'] = axes.names[1];
    let all: Int32Array | null = null;
    if (changed && data !== null) {
      // the box holds every point, whichever split is shown
      all = plotOrder(data.y, MAX_PLOTTED_POINTS);
      const xs = Array.from(all, (row) => this.xOf(data, row));
      const ys = Array.from(all, (row) => this.yOf(data, row));
      this.boxNow = plotBox(xs, ys);
    }
    this.order =
      data === null
        ? new Int32Array(0)
        : include === null && all !== null
          ? all
          : plotOrder(data.y, MAX_PLOTTED_POINTS, include);
    this.available = data?.nSamples ?? 0;
    if (data !== null && include !== null) {
      this.available = 0;
      for (let row = 0; row < data.nSamples; row++) if (include(row)) this.available++;
    }
    if (changed) {
      this.field = null;
      this.boundary = [];
    }
    this.dirty = true;
    this.draw();
  }

  /** The heatmap: what the model predicts over the box, `cells`² values an output, rows from the top. */
  setField(field: PlotField | null): void {
    this.field = field;
    this.canvas.dataset['fieldCells'] = String(field === null ? 0 : field.cells);
    if (field !== null) this.paintHeat(field);
  }

  /** The labels' scale: the head, and for a regression the target's range, which the colours span. */
  setScale(scale: PlotScale): void {
    this.scale = scale;
    this.dirty = true;
    if (this.field !== null) this.paintHeat(this.field);
    this.draw();
  }

  setBoundary(points: XY[]): void {
    this.boundary = points;
    this.canvas.dataset['boundaryPoints'] = String(points.length);
  }

  private xOf(data: Dataset, row: number): number {
    return data.X[row * data.nFeatures + this.axes.x] as number;
  }

  private yOf(data: Dataset, row: number): number {
    return this.axes.y === null ? 0 : (data.X[row * data.nFeatures + this.axes.y] as number);
  }

  /** The plot area in canvas pixels: a square. */
  private area(): { left: number; top: number; size: number; scale: number } {
    const scale = window.devicePixelRatio || 1;
    const width = this.canvas.width / scale;
    const height = this.canvas.height / scale;
    const size = Math.max(
      10,
      Math.min(width - this.left - MARGIN.right, height - MARGIN.top - MARGIN.bottom),
    );
    return { left: this.left, top: MARGIN.top, size, scale };
  }

  private toPixel(x: number, y: number): [number, number] {
    const { left, top, size } = this.area();
    const b = this.boxNow;
    return [
      left + ((x - b.xMin) / (b.xMax - b.xMin)) * size,
      top + ((b.yMax - y) / (b.yMax - b.yMin)) * size,
    ];
  }

  /** Paints the class decided (p ≥ 0.5) in its full colour, instead of how sure the model is. */
  setDiscretize(on: boolean): void {
    this.discrete = on;
    this.canvas.dataset['discretized'] = String(on);
    if (this.field !== null) this.paintHeat(this.field);
    this.draw();
  }

  private paintHeat(field: PlotField): void {
    const { cells } = field;
    this.heat.width = cells;
    this.heat.height = cells;
    const context = this.heat.getContext('2d');
    if (context === null) return;
    const image = context.createImageData(cells, cells);
    for (let cell = 0; cell < cells * cells; cell++) {
      const [r, g, b] = predictionColour(field.outputs, cell, this.scale, this.discrete);
      image.data.set([r, g, b, 255], 4 * cell);
    }
    context.putImageData(image, 0, 0);
  }

  /** Sizes the canvas to its box and redraws the points and axes layer. */
  private rebuildLayer(): void {
    const scale = window.devicePixelRatio || 1;
    const { clientWidth, clientHeight } = this.canvas;
    this.canvas.width = Math.max(1, Math.round(clientWidth * scale));
    this.canvas.height = Math.max(1, Math.round(clientHeight * scale));
    this.layer.width = this.canvas.width;
    this.layer.height = this.canvas.height;
    const context = this.layer.getContext('2d');
    if (context === null) return;
    context.setTransform(scale, 0, 0, scale, 0, 0);
    this.drawAxes(context);
    this.shown = this.drawPoints(context);
    this.dirty = false;
    const total = this.available;
    this.canvas.dataset['pointsTotal'] = String(total);
    this.canvas.dataset['pointsShown'] = String(this.shown);
    this.countNote.textContent =
      this.data === null
        ? ''
        : this.shown < total
          ? `${grouped(this.shown)} of ${grouped(total)} points shown`
          : `${grouped(total)} points`;
  }

  private drawPoints(context: CanvasRenderingContext2D): number {
    const data = this.data;
    if (data === null) return 0;
    const order = this.order;
    const radius = order.length > 1000 ? 2.2 : 3.5;
    const tested = this.tested;
    let outlined = 0;
    for (const row of order) {
      const [px, py] = this.toPixel(this.xOf(data, row), this.yOf(data, row));
      const test = tested !== null && tested(row);
      context.beginPath();
      context.arc(px, py, radius, 0, 2 * Math.PI);
      const label = data.y[row] as number;
      context.fillStyle =
        this.scale.head === 'regression'
          ? `rgb(${valueColour(label, this.scale.low, this.scale.high, 1).join(', ')})`
          : classColour(label);
      context.fill();
      // test points outlined in black, as TensorFlow Playground draws them
      context.lineWidth = test ? 1.6 : 0.6;
      context.strokeStyle = test ? '#000' : 'rgba(15, 23, 42, 0.6)';
      context.stroke();
      if (test) outlined++;
    }
    this.canvas.dataset['pointsOutlined'] = String(outlined);
    return order.length;
  }

  private drawAxes(context: CanvasRenderingContext2D): void {
    const b = this.boxNow;
    context.font = TICK_FONT;
    const yTicks = ticksOf(b.yMin, b.yMax);
    const widest = Math.max(0, ...yTicks.map((v) => context.measureText(tickLabel(v)).width));
    this.left = Math.max(MARGIN.left, Math.ceil(widest) + 22);
    const { left, top, size } = this.area();
    context.strokeStyle = '#94a3b8';
    context.lineWidth = 1;
    context.strokeRect(left, top, size, size);
    context.fillStyle = '#334155';
    for (const v of ticksOf(b.xMin, b.xMax)) {
      const [px] = this.toPixel(v, 0);
      context.textAlign = 'center';
      context.fillText(tickLabel(v), px, top + size + 14);
      context.fillRect(px, top + size, 1, 4);
    }
    for (const v of yTicks) {
      const [, py] = this.toPixel(0, v);
      context.textAlign = 'right';
      context.fillText(tickLabel(v), left - 6, py + 4);
      context.fillRect(left - 4, py, 4, 1);
    }
    context.textAlign = 'center';
    const [across, up] = this.axes.names.map((name) => shorten(name, 40));
    context.fillText(across ?? '', left + size / 2, top + size + 27);
    context.save();
    context.translate(10, top + size / 2);
    context.rotate(-Math.PI / 2);
    context.fillText(up ?? '', 0, 0);
    context.restore();
  }

  /** Composes a frame: the heatmap, the points and axes over it, the boundary line. */
  draw(): void {
    if (this.dirty) this.rebuildLayer();
    const context = this.canvas.getContext('2d');
    if (context === null) return;
    const { left, top, size, scale } = this.area();
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    context.setTransform(scale, 0, 0, scale, 0, 0);
    if (this.field !== null) {
      context.imageSmoothingEnabled = true;
      context.drawImage(this.heat, left, top, size, size);
    }
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.drawImage(this.layer, 0, 0);
    context.setTransform(scale, 0, 0, scale, 0, 0);
    const [from, to] = this.boundary;
    if (from !== undefined && to !== undefined) {
      context.strokeStyle = '#111827';
      context.lineWidth = 2;
      context.beginPath();
      context.moveTo(...this.toPixel(from.x, from.y));
      context.lineTo(...this.toPixel(to.x, to.y));
      context.stroke();
    }
  }
}

/** A name cut to `most` characters, with an ellipsis where it was cut. */
function shorten(name: string, most: number): string {
  return name.length <= most ? name : `${name.slice(0, most - 1)}…`;
}

/** A line w0·x + w1·y + b = 0 in the plot's units. */
export type Line = readonly [w0: number, w1: number, b: number];

/** The two ends of the line inside the box, or none when it misses it. */
export function boundarySegment(line: Line, box: Box): XY[] {
  const [w0, w1, b] = line;
  const points: XY[] = [];
  if (Math.abs(w1) > 1e-12) {
    for (const x of [box.xMin, box.xMax]) points.push({ x, y: -(w0 * x + b) / w1 });
  }
  if (Math.abs(w0) > 1e-12) {
    for (const y of [box.yMin, box.yMax]) points.push({ x: -(w1 * y + b) / w0, y });
  }
  const inside = points.filter(
    (p) =>
      p.x >= box.xMin - 1e-9 &&
      p.x <= box.xMax + 1e-9 &&
      p.y >= box.yMin - 1e-9 &&
      p.y <= box.yMax + 1e-9,
  );
  inside.sort((p, q) => p.x - q.x || p.y - q.y);
  return inside.length >= 2 ? [inside[0] as XY, inside.at(-1) as XY] : [];
}
