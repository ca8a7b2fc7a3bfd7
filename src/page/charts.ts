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
import { heatmapPlugin, type HeatmapModel } from './heatmap.ts';

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

export interface DataChart {
  /** shows the points of a data set (the first two features) */
  setData(data: Dataset | null): void;
  /** shows the boundary and the heatmap for these params (D weights, then the bias), or hides them */
  setModel(params: ArrayLike<number> | null): void;
  readonly boundaryXYCount: () => number;
}

export function createDataChart(canvas: HTMLCanvasElement): DataChart {
  const model: HeatmapModel = { params: null };
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
        const all = [...(groups[0] ?? []), ...(groups[1] ?? [])];
        const pad = (lo: number, hi: number) => (hi - lo || 1) * 0.08;
        const xs = all.map((p) => p.x);
        const ys = all.map((p) => p.y);
        const [xMin, xMax, yMin, yMax] = [
          Math.min(...xs),
          Math.max(...xs),
          Math.min(...ys),
          Math.max(...ys),
        ];
        box = {
          xMin: xMin - pad(xMin, xMax),
          xMax: xMax + pad(xMin, xMax),
          yMin: yMin - pad(yMin, yMax),
          yMax: yMax + pad(yMin, yMax),
        };
      }
      const [zero, one] = chart.data.datasets;
      if (zero) zero.data = groups[0] ?? [];
      if (one) one.data = groups[1] ?? [];
      const scales = chart.options.scales ?? {};
      Object.assign(scales['x'] ?? {}, { min: box.xMin, max: box.xMax });
      Object.assign(scales['y'] ?? {}, { min: box.yMin, max: box.yMax });
      this.setModel(null);
    },
    setModel(params) {
      model.params = params !== null && params.length === 3 ? Array.from(params) : null;
      boundary.data = model.params !== null ? boundarySegment(model.params, box) : [];
      // what is drawn, for people with screen readers and for the page's tests
      canvas.dataset['boundaryPoints'] = String(boundary.data.length);
      chart.update('none');
    },
    boundaryXYCount: () => boundary.data.length,
  };
}

export interface LossChart {
  /** shows the first losses of a run of `steps` */
  show(losses: ArrayLike<number>, steps: number): void;
  setLogScale(on: boolean): void;
  clear(): void;
}

export function createLossChart(canvas: HTMLCanvasElement): LossChart {
  const series: ChartDataset<'line', XY[]> = {
    label: 'loss',
    data: [],
    borderColor: '#7c3aed',
    borderWidth: 1.5,
    pointRadius: 0,
    indexAxis: 'x',
  };
  const chart = new Chart<'line', XY[]>(canvas, {
    type: 'line',
    data: { datasets: [series] },
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
  return {
    show(losses, steps) {
      const data = series.data;
      for (let t = data.length; t < losses.length; t++) data.push({ x: t, y: losses[t] as number });
      Object.assign(chart.options.scales?.['x'] ?? {}, { max: steps });
      canvas.dataset['points'] = String(data.length);
      chart.update('none');
    },
    setLogScale(on) {
      Object.assign(chart.options.scales?.['y'] ?? {}, { type: on ? 'logarithmic' : 'linear' });
      chart.update('none');
    },
    clear() {
      series.data = [];
      canvas.dataset['points'] = '0';
      chart.update('none');
    },
  };
}
