import { makeDataset } from '../data/index.ts';
import {
  predict,
  type FeatureName,
  type Metrics,
  type SavedModel,
  type TrainModelOptions,
} from '../model/index.ts';
import { fillTable } from './dom.ts';
import type { GridPredictor } from './heatmap.ts';
import type { PageState } from './url_state.ts';

/** Whether the state asks for nothing beyond the tutorial (then its one-dispatch engine runs). */
export function isTutorial(state: PageState): boolean {
  return (
    state.hidden === '' &&
    state.optimizer === 'sgd' &&
    state.batch === 0 &&
    state.features === '' &&
    state.split === '1,0,0'
  );
}

const list = (text: string): string[] =>
  text === '' ? [] : text.split(',').map((part) => part.trim());

/** The general engine's options for the page's settings (Steps counts epochs). */
export function modelOptions(state: PageState): TrainModelOptions {
  const [train, validation, test] = list(state.split).map(Number) as [number, number, number];
  return {
    hidden: list(state.hidden).map(Number),
    activation: state.activation,
    optimizer: { name: state.optimizer, lr: state.lr },
    ...(state.batch > 0 ? { batchSize: state.batch } : {}),
    epochs: state.steps,
    features: list(state.features) as FeatureName[],
    ...(state.split === '1,0,0'
      ? {}
      : { split: { train, validation, test, stratify: true, seed: state.seed } }),
    ...(state.patience > 0 && validation > 0 ? { patience: state.patience } : {}),
    seed: 0,
  };
}

/** A heatmap predictor for a model: σ(model) at each grid point, through its extra features. */
export function modelPredictor(model: SavedModel): GridPredictor | null {
  if (model.inputs !== 2) return null;
  return (points) => predict(model, makeDataset(points, new Int32Array(points.length / 2), 2));
}

const fixed = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');

/** The metrics of every split as a table, and the confusion matrix of the last split there is. */
export function showMetrics(
  metricsTable: HTMLTableElement,
  confusionTable: HTMLTableElement,
  metrics: { train: Metrics; validation: Metrics | null; test: Metrics | null },
): void {
  const rows = (['train', 'validation', 'test'] as const).flatMap((name) => {
    const m = metrics[name];
    return m === null
      ? []
      : [
          [
            name,
            String(m.samples),
            `${(m.accuracy * 100).toFixed(1)} %`,
            fixed(m.precision),
            fixed(m.recall),
            fixed(m.f1),
            fixed(m.rocAuc),
          ],
        ];
  });
  fillTable(metricsTable, ['split', 'n', 'accuracy', 'precision', 'recall', 'F1', 'ROC AUC'], rows);
  const [name, shown] = metrics.test
    ? ['test', metrics.test]
    : metrics.validation
      ? ['validation', metrics.validation]
      : ['train', metrics.train];
  const [[tn, fp], [fn, tp]] = shown.confusion;
  fillTable(
    confusionTable,
    [`${name}: label ↓ predicted →`, '0', '1'],
    [
      ['0', String(tn), String(fp)],
      ['1', String(fn), String(tp)],
    ],
  );
}

/** Offers bytes to the user as a file download (no server involved). */
export function download(name: string, contents: string | Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([contents as BlobPart], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
