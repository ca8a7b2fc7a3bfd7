/**
 * From the page's settings and data to what a run needs: train()'s options, the model's shape, the
 * z-score it will fit, its pace and the axis its curves take. Pure: the page's store keeps what
 * these give for as long as the settings and data they came from.
 */
import type { ModelSpec } from '../core/spec.ts';
import { labelInfo, type LabelInfo } from './label_info.ts';
import {
  fitStandardization,
  splitDataset,
  type Dataset,
  type SplitOptions,
  type Standardization,
} from '../data/index.ts';
import { stepsPerEpoch } from '../core/batches.ts';
import { trainRowsOf } from './estimate.ts';
import type { PageState } from './fields.ts';
import type { RunRequest } from './run_session.ts';
import type { Pace, WorkerTrainOptions } from './worker_protocol.ts';

/** 'auto' shows a run over about this many frames: a second and a half at 60 frames a second. */
const AUTO_FRAMES = 90;

/** The model the settings describe on this data: its head and outputs from the data's labels. */
export function specOf(
  state: PageState,
  data: Dataset,
  labels: Pick<LabelInfo, 'head' | 'outputs'> = labelInfo(data, null),
): ModelSpec {
  return {
    inputs: data.nFeatures,
    features: state.features,
    hidden: state.hidden,
    activation: state.activation,
    head: labels.head,
    outputs: labels.outputs,
  };
}

/** The split train() makes: seeded by the data's seed and stratified, or none for all-training. */
export function splitOf(state: PageState): SplitOptions | null {
  const [train = 1, validation = 0, test = 0] = state.split;
  return train === 1 ? null : { train, validation, test, stratify: true, seed: state.dataSeed };
}

/**
 * A run with Epochs left empty runs until paused: it is a run of about this many steps (whole
 * epochs), and when one ends the next goes on from its params. Its losses and curves stay a few
 * megabytes on the GPU, in the worker and on the page.
 */
export const OPEN_RUN_STEPS = 1_000_000;

/** The epochs a run asks train() for: the settings', or an open-ended run's share. */
export function runEpochs(state: PageState, trainRows: number): number {
  if (state.epochs !== null) return state.epochs;
  return Math.max(1, Math.floor(OPEN_RUN_STEPS / stepsPerEpoch(trainRows, state.batch)));
}

/** train()'s options for the settings (`epochs`: as runEpochs says; one where it does not matter). */
export function trainOptions(state: PageState, epochs = state.epochs ?? 1): WorkerTrainOptions {
  const split = splitOf(state);
  return {
    backend: state.backend,
    hidden: state.hidden,
    activation: state.activation,
    features: state.features,
    standardize: state.standardize,
    optimizer: state.optimizer,
    lr: state.lr,
    ...(state.regularization === 'none'
      ? {}
      : { regularization: state.regularization, regularizationRate: state.regularizationRate }),
    epochs,
    seed: state.seed,
    ...(state.batch === null ? {} : { batchSize: state.batch }),
    ...(state.patience === null ? {} : { patience: state.patience }),
    ...(split === null ? {} : { split }),
  };
}

/**
 * Steps a frame: 'auto' shows a run of known length over about a second and a half, and an
 * open-ended one an epoch a frame, as TensorFlow Playground does.
 */
export function paceFor(
  state: PageState,
  run: { readonly totalSteps: number; readonly stepsPerEpoch: number; readonly open: boolean },
): Pace {
  if (state.speed === 'max') return { stepsPerSegment: null };
  if (state.speed === 'auto')
    return {
      stepsPerSegment: run.open
        ? run.stepsPerEpoch
        : Math.max(1, Math.ceil(run.totalSteps / AUTO_FRAMES)),
    };
  return { stepsPerSegment: Number(state.speed) };
}

/** The z-score a run fits: on the training split's raw rows, as train() does. */
export function standardizationOf(data: Dataset, split: SplitOptions | null): Standardization {
  return fitStandardization(split === null ? data : splitDataset(data, split).train);
}

/**
 * The run the settings describe on this data; `standardization` is the z-score it fits
 * (standardizationOf), asked for only when the settings standardize.
 */
export function runRequestFor(
  state: PageState,
  data: Dataset,
  labels: LabelInfo,
  standardization: () => Standardization | null,
): RunRequest {
  const rows = trainRowsOf(data.nSamples, state.split);
  const epochs = runEpochs(state, rows);
  const perEpoch = stepsPerEpoch(rows, state.batch);
  const miniBatch = state.batch !== null && state.batch < rows;
  const split = splitOf(state);
  const open = state.epochs === null;
  return {
    data,
    options: trainOptions(state, epochs),
    spec: specOf(state, data, labels),
    standardization: state.standardize ? standardization() : null,
    pace: paceFor(state, { totalSteps: perEpoch * epochs, stepsPerEpoch: perEpoch, open }),
    axis: miniBatch || split !== null ? 'epoch' : 'step',
    backend: state.backend,
    open,
  };
}
