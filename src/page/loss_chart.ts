/**
 * The loss chart: a curve by step (the tutorial's record), or one by epoch per split, drawn from
 * the decimated series (src/page/loss_series.ts), so a frame never hands Chart.js more than a few
 * thousand points. The x axis ends where the run ends, or where it stopped.
 */
import {
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  type ChartDataset,
} from 'chart.js';
import type { XY } from './loss_series.ts';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend);

export const SPLIT_COLOURS = { train: '#7c3aed', validation: '#0f766e', test: '#ea580c' } as const;

export interface Curve {
  readonly label: string;
  readonly colour: string;
  readonly points: XY[];
}

/**
 * Labels for a log axis: ticks of one significant digit (0.2, 0.3, …) and the two ends; the
 * ticks between (0.27, 0.28, …) keep their grid lines but not a crowd of labels.
 */
export function logTickLabel(
  value: number | string,
  index: number,
  ticks: { length: number },
): string {
  const v = Number(value);
  const oneDigit = Number(v.toPrecision(1)) === v;
  return oneDigit || index === 0 || index === ticks.length - 1
    ? String(Number(v.toPrecision(3)))
    : '';
}

export class LossChart {
  private readonly chart: Chart<'line', XY[]>;

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.chart = new Chart<'line', XY[]>(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        parsing: false,
        normalized: true,
        maintainAspectRatio: false,
        events: [],
        scales: {
          x: { type: 'linear', title: { display: true, text: 'step' }, min: 0 },
          y: { type: 'linear', title: { display: true, text: 'mean BCE' } },
        },
        plugins: { legend: { display: false, position: 'bottom' } },
      },
    });
  }

  /**
   * Draws the curves over an x axis from 0 to `xMax`. The same curves as the frame before keep
   * their Chart.js datasets and take the new points; other curves replace them.
   */
  show(axis: 'step' | 'epoch', curves: readonly Curve[], xMax: number): void {
    const shown = this.chart.data.datasets;
    const same =
      shown.length === curves.length &&
      curves.every(
        (curve, i) => shown[i]?.label === curve.label && shown[i].borderColor === curve.colour,
      );
    if (same)
      curves.forEach((curve, i) => ((shown[i] as ChartDataset<'line', XY[]>).data = curve.points));
    else
      this.chart.data.datasets = curves.map((curve) => ({
        label: curve.label,
        data: curve.points,
        borderColor: curve.colour,
        backgroundColor: curve.colour,
        borderWidth: 1.5,
        pointRadius: 0,
      }));
    Object.assign(this.chart.options.scales?.['x'] ?? {}, {
      max: Math.max(1, xMax),
      title: { display: true, text: axis },
    });
    const legend = this.chart.options.plugins?.legend;
    if (legend) legend.display = curves.length > 1;
    // the ends of the first curve, for tests and tools: the loss a run started and ended at
    const first = curves[0]?.points;
    this.canvas.dataset['xMax'] = String(xMax);
    this.canvas.dataset['firstLoss'] = String(first?.[0]?.y ?? '');
    this.canvas.dataset['lastLoss'] = String(first?.at(-1)?.y ?? '');
    this.chart.update('none');
  }

  /** The loss's name on the y axis: the head's ("mean BCE", "mean cross-entropy", "mean squared error"). */
  setLossName(name: string): void {
    const y = this.chart.options.scales?.['y'];
    if (y) Object.assign(y, { title: { display: true, text: name } });
    this.chart.update('none');
  }

  setLogScale(on: boolean): void {
    const y = this.chart.options.scales?.['y'];
    if (y) {
      Object.assign(y, { type: on ? 'logarithmic' : 'linear' });
      const ticks = y.ticks as { callback?: unknown } | undefined;
      if (ticks && on) ticks.callback = logTickLabel;
      else if (ticks) delete ticks.callback;
    }
    this.canvas.dataset['yScale'] = on ? 'logarithmic' : 'linear';
    this.chart.update('none');
  }

  clear(): void {
    this.show('step', [], 1);
  }
}
