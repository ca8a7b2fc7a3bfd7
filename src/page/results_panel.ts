/**
 * A finished (or stopped) run's figures: the loss, the accuracy, the weights, the time, the kept
 * epoch when early stopping chose one, the metrics of every split and a confusion matrix. With
 * early stopping every figure is the kept epoch's, the model the kept epoch's params.
 */
import type { Metrics } from '../core/metrics.ts';
import { accuracyOf } from '../api/result.ts';
import { describeSpec, type ModelSpec } from '../core/spec.ts';
import { fillTable, setText } from './dom.ts';
import { grouped } from './grouped.ts';
import type { SplitMetrics } from './trainer_client.ts';
import type { RunSummary } from './worker_protocol.ts';

export interface ResultsElements {
  readonly finalLoss: HTMLElement;
  readonly accuracy: HTMLElement;
  readonly weights: HTMLElement;
  readonly time: HTMLElement;
  readonly kept: HTMLElement;
  readonly metrics: HTMLTableElement;
  readonly confusion: HTMLTableElement;
}

/** Seven significant digits, as the command line prints them, so the two read the same. */
export const format = (x: number): string =>
  Number.isFinite(x) ? String(Number(x.toPrecision(7))) : String(x);

const fixed = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');
const percent = (x: number) => `${(x * 100).toFixed(1)} %`;

export function clearResults(el: ResultsElements): void {
  for (const target of [el.finalLoss, el.accuracy, el.weights, el.time]) setText(target, '—');
  setText(el.kept, '');
  delete el.finalLoss.dataset['value'];
  el.metrics.replaceChildren();
  el.confusion.replaceChildren();
}

/** The weights as a line: w and b for a linear model, its shape and size otherwise. */
export function describeWeights(spec: ModelSpec, params: ArrayLike<number>): string {
  if (spec.hidden.length > 0 || spec.features.length > 0)
    return `${describeSpec(spec)}, ${params.length} params`;
  const weights = Array.from(params).slice(0, -1).map(format);
  return `w = [${weights.join(', ')}], b = ${format(params[params.length - 1] as number)}`;
}

/** The accuracy of the training split, with its count, and of the test split where there is one. */
export function describeAccuracy(metrics: SplitMetrics): string {
  const train = metrics.train;
  if (train.head === 'regression') {
    const test = metrics.test?.head === 'regression' ? `; ${fixed(metrics.test.r2)} test` : '';
    return `R² ${fixed(train.r2)} (${grouped(train.samples)} rows)${test}`;
  }
  const right = Math.round(train.accuracy * train.samples);
  const test = metrics.test === null ? '' : `; ${percent(accuracyOf(metrics.test))} test`;
  return `${percent(train.accuracy)} (${grouped(right)} of ${grouped(train.samples)})${test}`;
}

export function showResults(
  el: ResultsElements,
  run: { readonly summary: RunSummary; readonly spec: ModelSpec; readonly axis: 'step' | 'epoch' },
): void {
  const { summary, spec } = run;
  // by epoch, the kept (or last) epoch's train loss; a run stopped inside its first epoch has
  // none, and shows its last batch's
  const loss =
    run.axis === 'epoch' && summary.epochLoss !== null
      ? summary.epochLoss.train
      : summary.lastStepLoss;
  setText(el.finalLoss, format(loss));
  // every digit of the float32, for whoever compares runs exactly
  el.finalLoss.dataset['value'] = String(loss);
  setText(el.accuracy, describeAccuracy(summary.metrics));
  setText(el.weights, describeWeights(spec, summary.params));
  setText(
    el.time,
    `${summary.run.timings.trainMs.toFixed(1)} ms training, ${summary.elapsedMs.toFixed(1)} ms in all`,
  );
  setText(
    el.kept,
    summary.bestEpoch === null
      ? ''
      : `kept epoch ${summary.bestEpoch + 1} of ${summary.epochsRun}${summary.stoppedEarly ? ' (stopped early)' : ''}: the lowest validation loss, ${format(summary.epochLoss?.validation ?? NaN)}; every figure here is that epoch's`,
  );
  showMetrics(el.metrics, el.confusion, summary.metrics);
}

/** The metrics of every split as a table, and the confusion matrix of the last split there is. */
export function showMetrics(
  metricsTable: HTMLTableElement,
  confusionTable: HTMLTableElement,
  metrics: SplitMetrics,
): void {
  const columns = (m: Metrics): string[] => {
    switch (m.head) {
      case 'binary':
        return [
          percent(m.accuracy),
          fixed(m.precision),
          fixed(m.recall),
          fixed(m.f1),
          fixed(m.rocAuc),
        ];
      case 'multiclass':
        return [percent(m.accuracy), fixed(m.macro.f1), fixed(m.weighted.f1), fixed(m.logLoss)];
      case 'regression':
        return [fixed(m.mse), fixed(m.rmse), fixed(m.mae), fixed(m.r2)];
    }
  };
  const heads = {
    binary: ['accuracy', 'precision', 'recall', 'F1', 'ROC AUC'],
    multiclass: ['accuracy', 'macro F1', 'weighted F1', 'log loss'],
    regression: ['MSE', 'RMSE', 'MAE', 'R²'],
  };
  const rows = (['train', 'validation', 'test'] as const).flatMap((name) => {
    const m: Metrics | null = metrics[name];
    return m === null ? [] : [[name, grouped(m.samples), ...columns(m)]];
  });
  fillTable(metricsTable, ['split', 'n', ...heads[metrics.train.head]], rows);
  const [name, shown] = metrics.test
    ? ['test', metrics.test]
    : metrics.validation
      ? ['validation', metrics.validation]
      : ['train', metrics.train];
  if (shown.head === 'regression') {
    fillTable(confusionTable, [], []);
    return;
  }
  const classes = shown.confusion.map((_, k) => String(k));
  fillTable(
    confusionTable,
    [`${name}: label ↓ predicted →`, ...classes],
    shown.confusion.map((row, k) => [String(k), ...row.map(String)]),
  );
}
