import {
  Chart,
  Decimation,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartDataset,
} from 'chart.js';
import type { Dataset } from '../data/index.ts';
import { heatmapPlugin, type GridPredictor, type HeatmapModel } from './heatmap.ts';

/** σ(w₀x + w₁y + b) at each point. */
function linearPredictor([w0, w1, b]: number[]): GridPredictor {
  return (points) => {
    const out = new Float64Array(points.length / 2);
    for (let i = 0; i < out.length; i++) {
      out[i] =
        1 /
        (1 +
          Math.exp(
            -(
              (w0 as number) * (points[2 * i] as number) +
              (w1 as number) * (points[2 * i + 1] as number) +
              (b as number)
            ),
          ));
    }
    return out;
  };
}

Chart.register(
  ScatterController,
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  Decimation,
  Legend,
  Tooltip,
);

/** A point in data coordinates. */
export interface XY {
  x: number;
  y: number;
}

/** The most points the scatter draws; the model still trains on them all. */
export const MAX_PLOTTED_POINTS = 5000;

/** The two ends of the line w·x + b = 0 inside the box, or none when it misses it. */
export function boundarySegment(
  params: ArrayLike<number>,
  box: { xMin: number; xMax: number; yMin: number; yMax: number },
): XY[] {
  const [w0, w1, b] = [params[0] as number, params[1] as number, params[2] as number];
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

/** A round tick step (1, 2 or 5 × 10ᵏ) that cuts the range into about six parts. */
function niceStep(range: number): number {
  const raw = (range || 1) / 6;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((m) => m * power >= raw) ?? 10;
  return step * power;
}

/** The range from lo to hi widened a little, then out to round numbers, so the axis ends on a tick. */
export function niceRange(lo: number, hi: number): [number, number] {
  const pad = (hi - lo || 1) * 0.04;
  const step = niceStep(hi - lo + 2 * pad);
  return [Math.floor((lo - pad) / step) * step, Math.ceil((hi + pad) / step) * step];
}

export interface DataChart {
  /** shows the points of a data set (the first two features) */
  setData(data: Dataset | null): void;
  /** shows the boundary and the heatmap for these params (D weights, then the bias), or hides them */
  setModel(params: ArrayLike<number> | null): void;
  /** shows the heatmap of any model (no boundary line: it need not be straight) */
  setPredictor(predict: GridPredictor | null): void;
  readonly boundaryXYCount: () => number;
}

export function createDataChart(canvas: HTMLCanvasElement): DataChart {
  const model: HeatmapModel = { predict: null };
  let box = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
  const classXYs = (label: number, colour: string): ChartDataset<'scatter', XY[]> => ({
    label: `class ${label}`,
    data: [],
    backgroundColor: colour,
    borderColor: 'rgba(15, 23, 42, 0.55)',
    borderWidth: 0.5,
    pointRadius: 3.5,
  });
  const boundary: ChartDataset<'scatter', XY[]> = {
    label: 'w·x + b = 0',
    data: [],
    showLine: true,
    borderColor: '#111827',
    borderWidth: 2,
    pointRadius: 0,
  };
  const chart = new Chart<'scatter', XY[]>(canvas, {
    type: 'scatter',
    data: { datasets: [classXYs(0, '#3b82f6'), classXYs(1, '#f97316'), boundary] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: {
        x: { type: 'linear', title: { display: true, text: 'x0' } },
        y: { type: 'linear', title: { display: true, text: 'x1' } },
      },
      plugins: { legend: { position: 'bottom' } },
    },
    plugins: [heatmapPlugin(model)],
  });
  return {
    setData(data) {
      const groups: XY[][] = [[], []];
      if (data !== null) {
        const D = data.nFeatures;
        const shown = Math.min(data.nSamples, MAX_PLOTTED_POINTS);
        for (let i = 0; i < shown; i++) {
          const point = {
            x: data.X[i * D] as number,
            y: D > 1 ? (data.X[i * D + 1] as number) : 0,
          };
          groups[data.y[i] === 1 ? 1 : 0]?.push(point);
        }
        let [xLo, xHi, yLo, yHi] = [Infinity, -Infinity, Infinity, -Infinity];
        for (const p of [...(groups[0] ?? []), ...(groups[1] ?? [])]) {
          [xLo, xHi] = [Math.min(xLo, p.x), Math.max(xHi, p.x)];
          [yLo, yHi] = [Math.min(yLo, p.y), Math.max(yHi, p.y)];
        }
        const [xMin, xMax] = niceRange(xLo, xHi);
        const [yMin, yMax] = niceRange(yLo, yHi);
        box = { xMin, xMax, yMin, yMax };
      }
      const [zero, one] = chart.data.datasets;
      if (zero) zero.data = groups[0] ?? [];
      if (one) one.data = groups[1] ?? [];
      const scales = chart.options.scales ?? {};
      Object.assign(scales['x'] ?? {}, { min: box.xMin, max: box.xMax });
      Object.assign(scales['y'] ?? {}, { min: box.yMin, max: box.yMax });
      this.setModel(null);
    },
    setPredictor(predict) {
      model.predict = predict;
      boundary.data = [];
      canvas.dataset['boundaryPoints'] = '0';
      chart.update('none');
    },
    setModel(params) {
      const linear = params !== null && params.length === 3 ? Array.from(params) : null;
      model.predict = linear === null ? null : linearPredictor(linear);
      boundary.data = linear !== null ? boundarySegment(linear, box) : [];
      // what is drawn, for people with screen readers and for the page's tests
      canvas.dataset['boundaryPoints'] = String(boundary.data.length);
      chart.update('none');
    },
    boundaryXYCount: () => boundary.data.length,
  };
}

export interface LossChart {
  /** shows the first losses of a run of `steps` (one curve, by step) */
  show(losses: ArrayLike<number>, steps: number): void;
  /** shows a loss curve per split, by epoch (NaN where a split is empty) */
  showEpochs(
    losses: { train: ArrayLike<number>; validation: ArrayLike<number>; test: ArrayLike<number> },
    epochsDone: number,
    epochs: number,
  ): void;
  setLogScale(on: boolean): void;
  clear(): void;
}

/**
 * Labels for a log axis: ticks of one significant digit (0.2, 0.3, …) and the two ends; the
 * ticks between (0.27, 0.28, …) keep their grid lines but not a crowd of labels.
 */
function logTickLabel(value: number | string, index: number, ticks: { length: number }): string {
  const v = Number(value);
  const oneDigit = Number(v.toPrecision(1)) === v;
  return oneDigit || index === 0 || index === ticks.length - 1
    ? String(Number(v.toPrecision(3)))
    : '';
}

const SPLIT_COLOURS = { train: '#7c3aed', validation: '#0f766e', test: '#ea580c' } as const;

export function createLossChart(canvas: HTMLCanvasElement): LossChart {
  const line = (label: string, colour: string): ChartDataset<'line', XY[]> => ({
    label,
    data: [],
    borderColor: colour,
    backgroundColor: colour,
    borderWidth: 1.5,
    pointRadius: 0,
    indexAxis: 'x',
  });
  const series = [
    line('loss', SPLIT_COLOURS.train),
    line('validation', SPLIT_COLOURS.validation),
    line('test', SPLIT_COLOURS.test),
  ] as const;
  const chart = new Chart<'line', XY[]>(canvas, {
    type: 'line',
    data: { datasets: [...series] },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      maintainAspectRatio: false,
      scales: {
        x: { type: 'linear', title: { display: true, text: 'step' }, min: 0 },
        y: { type: 'linear', title: { display: true, text: 'mean BCE' } },
      },
      // thousands of steps draw as a few hundred points; the data keeps every one
      plugins: {
        decimation: { enabled: true, algorithm: 'lttb', samples: 600 },
        legend: { display: false },
      },
    },
  });
  // every step's loss; once the decimation plugin is on, reading series[0].data gives its few
  // hundred decimated points, so the page keeps the whole curve here and hands it over whole
  let stepLosses: XY[] = [];
  const axis = (text: string, max: number) => {
    Object.assign(chart.options.scales?.['x'] ?? {}, { max, title: { display: true, text } });
  };
  return {
    show(losses, steps) {
      for (let t = stepLosses.length; t < losses.length; t++)
        stepLosses.push({ x: t, y: losses[t] as number });
      series[0].data = stepLosses;
      axis('step', steps);
      canvas.dataset['points'] = String(stepLosses.length);
      chart.update('none');
    },
    showEpochs(losses, epochsDone, epochs) {
      stepLosses = [];
      const curves = [losses.train, losses.validation, losses.test];
      series.forEach((s, k) => {
        const values = curves[k] as ArrayLike<number>;
        s.data = Array.from({ length: epochsDone }, (_, e) => ({
          x: e + 1,
          y: values[e] as number,
        })).filter((p) => Number.isFinite(p.y));
      });
      series[0].label = 'train';
      const legend = chart.options.plugins?.legend;
      if (legend) legend.display = series[1].data.length + series[2].data.length > 0;
      axis('epoch', epochs);
      canvas.dataset['points'] = String(series[0].data.length);
      chart.update('none');
    },
    setLogScale(on) {
      const type = on ? 'logarithmic' : 'linear';
      const y = chart.options.scales?.['y'];
      if (y) {
        Object.assign(y, { type });
        const ticks = y.ticks as { callback?: unknown } | undefined;
        if (ticks && on) ticks.callback = logTickLabel;
        else if (ticks) delete ticks.callback;
      }
      canvas.dataset['yScale'] = type;
      chart.update('none');
    },
    clear() {
      stepLosses = [];
      for (const s of series) s.data = [];
      series[0].label = 'loss';
      const legend = chart.options.plugins?.legend;
      if (legend) legend.display = false;
      canvas.dataset['points'] = '0';
      chart.update('none');
    },
  };
}
