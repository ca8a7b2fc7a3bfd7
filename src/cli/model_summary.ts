import { describeAdapter } from '../gpu/index.ts';
import type { Metrics, SavedModel, TrainModelResult } from '../model/index.ts';

const percent = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : '—');
const short = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(6))) : '—');

/** `2-8-8-1 tanh`, or `30-1, no hidden layer` (no activation to speak of), with the extra features. */
export function describeModel(
  model: Pick<SavedModel, 'inputs' | 'features' | 'hidden' | 'activation'>,
): string {
  const shape = [model.inputs + model.features.length, ...model.hidden, 1].join('-');
  const layers =
    model.hidden.length === 0 ? `${shape}, no hidden layer` : `${shape} ${model.activation}`;
  return model.features.length === 0 ? layers : `${layers}, features ${model.features.join(',')}`;
}

function metricsLine(name: string, m: Metrics | null): string[] {
  if (m === null) return [];
  const [[tn, fp], [fn, tp]] = m.confusion;
  return [
    `${name.padEnd(11)} accuracy ${percent(m.accuracy)}, precision ${short(m.precision)}, recall ${short(m.recall)}, F1 ${short(m.f1)}, ROC AUC ${short(m.rocAuc)}; confusion [[${tn}, ${fp}], [${fn}, ${tp}]] (${m.samples} samples)`,
  ];
}

/** The losses of the epoch whose params the model keeps, naming it when it is not the last. */
function lossLine(result: TrainModelResult): string {
  const kept = result.bestEpoch;
  const losses = `train ${short(result.epochLosses.train[kept] ?? NaN)}, validation ${short(result.epochLosses.validation[kept] ?? NaN)}, test ${short(result.epochLosses.test[kept] ?? NaN)}`;
  return kept === result.epochsRun - 1
    ? `loss        ${losses}`
    : `loss        epoch ${kept + 1}, the one kept (best validation loss): ${losses}`;
}

export interface SummaryFlags {
  readonly optimizer?: string;
  readonly lr: number;
  readonly batchSize?: number;
}

/**
 * What a model run did, one line per fact. A run that diverged has no metrics worth printing:
 * its params are not finite numbers.
 */
export function modelSummary(
  result: TrainModelResult,
  flags: SummaryFlags,
  divergedAt: number | null,
): string {
  const lines = [
    ...(result.adapter ? [`adapter     ${describeAdapter(result.adapter)}`] : []),
    `model       ${describeModel(result.model)}`,
    `training    ${result.backend}, ${flags.optimizer ?? 'sgd'} at lr ${flags.lr}, ${flags.batchSize ? `batches of ${flags.batchSize}` : 'full batch'}; ${result.epochsRun} epochs${result.stoppedEarly ? `, stopped early (best epoch ${result.bestEpoch + 1})` : ''}`,
    `split       ${result.splitSizes.train} train, ${result.splitSizes.validation} validation, ${result.splitSizes.test} test`,
    ...(divergedAt === null
      ? [
          lossLine(result),
          ...metricsLine('train', result.metrics.train),
          ...metricsLine('validation', result.metrics.validation),
          ...metricsLine('test', result.metrics.test),
        ]
      : [`diverged    the loss or the weights stopped being finite at step ${divergedAt}`]),
    `time        ${result.elapsedMs.toFixed(1)} ms (training ${result.trainMs.toFixed(1)} ms${result.backend === 'webgpu' ? `, ${result.dispatchCount} dispatches in ${result.submitCount} submits` : ''})`,
  ];
  return lines.join('\n') + '\n';
}

/**
 * The step where the run stopped being finite: the GPU reports it; the CPU reference runs on,
 * so it is the first step whose loss is not finite, or the last step when only the params are not.
 */
export function divergedAt(result: TrainModelResult): number | null {
  if (result.firstBadStep !== null) return result.firstBadStep;
  const step = result.stepLosses.findIndex((loss) => !Number.isFinite(loss));
  if (step >= 0) return step;
  return result.model.params.every(Number.isFinite) ? null : result.stepLosses.length - 1;
}
