/**
 * What `train` prints: the tutorial's lines for every run (adapter, model, backend, training,
 * final loss, accuracy, weight and bias for a model with no hidden layer, time), and for a run
 * with a split the losses of the epoch kept and each split's metrics. A run that diverged prints
 * nothing computed from its params, which are not finite numbers.
 */
import type { Metrics } from '../core/metrics.ts';
import type { TrainResult } from '../api/result.ts';
import { describeSpec } from '../core/spec.ts';
import { describeAdapter } from '../gpu/index.ts';
import { modelSpecOf, type SavedModel } from '../model/serialize.ts';

const seven = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(7))) : String(x));
const six = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(6))) : '—');
const percent = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : '—');
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `2-8-8-1 tanh`, or `30-1, no hidden layer`, with the extra features. */
export function describeModel(model: SavedModel): string {
  const shape = describeSpec(modelSpecOf(model));
  return model.features.length === 0 ? shape : `${shape}, features ${model.features.join(',')}`;
}

function backendLine(result: TrainResult): string {
  const r = result.run;
  if (r.backend === 'cpu') return `cpu (${r.precision} reference)`;
  return (
    `webgpu (f32, ${r.schedule} schedule, workgroup ${r.workgroupSize ?? '—'}, ` +
    `${count(r.dispatchCount, 'dispatch', 'dispatches')}, ${count(r.submitCount, 'submit')}, ` +
    `${count(r.readbackCount, 'readback')})`
  );
}

/**
 * `sgd at lr 0.1, full batch: 1000 steps`, or `adam at lr 0.03, batches of 10: 48 of 60 epochs
 * (1440 steps), stopped early (best epoch 38)`.
 */
function trainingLine(result: TrainResult): string {
  const { optimizer, batchSize, epochs } = result.settings;
  const fullBatch = batchSize >= result.splitSizes.train;
  const how = `${optimizer.name} at lr ${optimizer.lr}, ${fullBatch ? 'full batch' : `batches of ${batchSize}`}`;
  const cut = result.stepsDone < result.totalSteps;
  const ran = fullBatch
    ? cut
      ? `${result.stepsDone} of ${count(result.totalSteps, 'step')}`
      : count(result.stepsDone, 'step')
    : `${cut ? `${result.epochsRun} of ${count(epochs, 'epoch')}` : count(result.epochsRun, 'epoch')} (${count(result.stepsDone, 'step')})`;
  const early =
    result.stoppedEarly && result.bestEpoch !== null
      ? `, stopped early (best epoch ${result.bestEpoch + 1})`
      : '';
  return `${how}: ${ran}${early}`;
}

/** The losses of the epoch whose params the model keeps, naming it when it is not the last. */
function lossLine(result: TrainResult): string {
  const kept = result.bestEpoch ?? result.epochsRun - 1;
  const at = (losses: Float64Array) => six(losses[kept] ?? NaN);
  const { train, validation, test } = result.epochLosses;
  const losses = `train ${at(train)}, validation ${at(validation)}, test ${at(test)}`;
  return kept === result.epochsRun - 1
    ? losses
    : `epoch ${kept + 1}, the one kept (best validation loss): ${losses}`;
}

/** A K×K confusion as nested lists, for up to 10 classes; --json has any. */
const confusionText = (confusion: readonly (readonly number[])[]): string =>
  confusion.length > 10
    ? `${confusion.length}×${confusion.length} in --json`
    : `[${confusion.map((row) => `[${row.join(', ')}]`).join(', ')}]`;

/** A regression's fit: MSE 2.9e3, RMSE 53.9, MAE 43.2, R² 0.512. */
const fitText = (m: Extract<Metrics, { head: 'regression' }>): string =>
  `MSE ${six(m.mse)}, RMSE ${six(m.rmse)}, MAE ${six(m.mae)}, R² ${six(m.r2)}`;

function metricsLine(m: Metrics): string {
  switch (m.head) {
    case 'binary': {
      const [[tn, fp], [fn, tp]] = m.confusion;
      return `accuracy ${percent(m.accuracy)}, precision ${six(m.precision)}, recall ${six(m.recall)}, F1 ${six(m.f1)}, ROC AUC ${six(m.rocAuc)}; confusion [[${tn}, ${fp}], [${fn}, ${tp}]] (${m.samples} samples)`;
    }
    case 'multiclass':
      return `accuracy ${percent(m.accuracy)}, macro F1 ${six(m.macro.f1)}, weighted F1 ${six(m.weighted.f1)}, log loss ${six(m.logLoss)}; confusion ${confusionText(m.confusion)} (${m.samples} samples)`;
    case 'regression':
      return `${fitText(m)} (${m.samples} samples)`;
  }
}

/** The training split's headline: accuracy and correct rows, or a regression's fit. */
function trainFitRow(m: Metrics, split: boolean): [string, string] {
  const rows = `${m.samples}${split ? ' training rows' : ''}`;
  if (m.head === 'regression')
    return ['fit', `${fitText(m)} (${m.samples} ${split ? 'training rows' : 'rows'})`];
  const correct = m.confusion.reduce((sum, row, i) => sum + (row[i] ?? 0), 0);
  return ['accuracy', `${percent(m.accuracy)} (${correct} of ${rows})`];
}

const ms = (x: number) =>
  x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(x >= 10 ? 0 : 1)} ms`;

/**
 * `predicted fastest; predicted fused, loops: training 30 ms (compile 150 ms), against layered …`:
 * how the schedule was chosen (by prediction, by a trial on the first steps, as a trial chose
 * before, or forced), and what each schedule weighed was predicted to cost.
 */
function plannerLine(result: TrainResult): string | null {
  const planner = result.run.planner;
  if (planner === null) return null;
  const describe = (schedule: string): string => {
    const p = planner.predictions[schedule as keyof typeof planner.predictions];
    if (p === undefined) return schedule;
    // the wide schedule's tiled products have one form
    const form = schedule === 'wide' ? '' : `, ${p.unrolled ? 'written out' : 'loops'}`;
    return `${schedule}${form}: training ${ms(p.runMs)} (compile ${ms(p.compileMs)})`;
  };
  const chosen = describe(result.run.schedule);
  const others = Object.keys(planner.predictions)
    .filter((s) => s !== result.run.schedule)
    .map(describe);
  const against = others.length > 0 ? `, against ${others.join('; ')}` : '';
  const how = {
    forced: 'asked for',
    predicted: 'predicted fastest',
    kept: 'a trial chose it before for this shape',
    trial:
      planner.trial === null
        ? 'a trial'
        : `a trial of ${planner.trial.steps} steps, the fastest of ${Math.max(...Object.values(planner.trial.runs).map((r) => r.length))} runs each: ${Object.entries(
            planner.trial.ms,
          )
            .map(([s, t]) => `${s} ${ms(t)}`)
            .join(', ')}, kept for this shape`,
  }[planner.choice];
  return `${how}; predicted ${chosen}${against}`;
}

function timeLine(result: TrainResult): string {
  const t = result.run.timings;
  if (result.run.backend === 'cpu') return `${result.elapsedMs.toFixed(1)} ms`;
  const gpu = t.gpuMs === null ? '' : `, GPU ${t.gpuMs.toFixed(2)} ms`;
  return (
    `${result.elapsedMs.toFixed(1)} ms (device ${t.deviceMs.toFixed(1)} ms, setup ` +
    `${t.setupMs.toFixed(1)} ms incl. compile ${t.compileMs.toFixed(1)} ms, training ` +
    `${t.trainMs.toFixed(2)} ms${gpu})`
  );
}

/** The summary's lines, `name value` with the names in one column; `model` is the model as saved. */
export function summaryLines(result: TrainResult, model: SavedModel): string[] {
  const rows: [string, string][] = [];
  if (result.run.adapter !== null) rows.push(['adapter', describeAdapter(result.run.adapter)]);
  rows.push(['model', describeModel(model)]);
  rows.push(['backend', backendLine(result)]);
  const planner = plannerLine(result);
  if (planner !== null) rows.push(['planner', planner]);
  if (result.run.tuning?.source === 'default')
    rows.push([
      'tuning',
      `the defaults for this kind of adapter; \`webgpu-train tune\` measures this one (once, a few seconds) for later runs`,
    ]);
  rows.push(['training', trainingLine(result)]);
  const { validation, test } = result.splitSizes;
  const split = validation + test > 0;
  if (split)
    rows.push([
      'split',
      `${result.splitSizes.train} train, ${validation} validation, ${test} test`,
    ]);
  if (result.firstBadStep !== null) {
    rows.push([
      'diverged',
      `the loss or the weights stopped being finite at step ${result.firstBadStep}; training stopped there`,
    ]);
  } else {
    const last = result.stepLosses[result.stepLosses.length - 1] ?? NaN;
    rows.push(['final loss', seven(last)]);
    if (split) rows.push(['loss', lossLine(result)]);
    rows.push(trainFitRow(result.metrics.train, split));
    if (split) {
      for (const [name, m] of Object.entries(result.metrics))
        if (m !== null) rows.push([name, metricsLine(m)]);
    }
    if (model.hidden.length === 0 && model.outputs === 1) {
      const D = model.params.length - 1;
      rows.push(['weight', `[${model.params.slice(0, D).map(seven).join(', ')}]`]);
      rows.push(['bias', seven(model.params[D] ?? NaN)]);
    }
  }
  rows.push(['time', timeLine(result)]);
  return rows.map(([name, value]) => `${name.padEnd(11)} ${value}`);
}
