/**
 * From the page's settings and data to what a run needs: train()'s options, the model's shape, the
 * z-score it will fit, its pace and the axis its curves take. Pure: the page's store keeps what
 * these give for as long as the settings and data they came from.
 */
import type { ModelSpec } from '../core/spec.ts';
import {
  fitStandardization,
  splitDataset,
  type Dataset,
  type SplitOptions,
  type Standardization,
} from '../data/index.ts';
import { plannedSteps, trainRowsOf } from './estimate.ts';
import type { PageState } from './fields.ts';
import type { RunRequest } from './run_session.ts';
import type { Pace, WorkerTrainOptions } from './worker_protocol.ts';

/** 'auto' shows a run over about this many frames: a second and a half at 60 frames a second. */
const AUTO_FRAMES = 90;

export function specOf(state: PageState, data: Dataset): ModelSpec {
  return {
    inputs: data.nFeatures,
    features: state.features,
    hidden: state.hidden,
    activation: state.activation,
  };
}

/** The split train() makes: seeded by the data's seed and stratified, or none for all-training. */
export function splitOf(state: PageState): SplitOptions | null {
  const [train = 1, validation = 0, test = 0] = state.split;
  return train === 1 ? null : { train, validation, test, stratify: true, seed: state.dataSeed };
}

/** train()'s options for the settings. */
export function trainOptions(state: PageState): WorkerTrainOptions {
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
    epochs: state.epochs,
    seed: state.seed,
    ...(state.batch === null ? {} : { batchSize: state.batch }),
    ...(state.patience === null ? {} : { patience: state.patience }),
    ...(split === null ? {} : { split }),
  };
}

export function paceFor(state: PageState, totalSteps: number): Pace {
  if (state.speed === 'max') return { stepsPerSegment: null };
  if (state.speed === 'auto')
    return { stepsPerSegment: Math.max(1, Math.ceil(totalSteps / AUTO_FRAMES)) };
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
  standardization: () => Standardization | null,
): RunRequest {
  const rows = trainRowsOf(data.nSamples, state.split);
  const steps = plannedSteps(rows, state.batch, state.epochs);
  const miniBatch = state.batch !== null && state.batch < rows;
  const split = splitOf(state);
  return {
    data,
    options: trainOptions(state),
    spec: specOf(state, data),
    standardization: state.standardize ? standardization() : null,
    pace: paceFor(state, steps),
    axis: miniBatch || split !== null ? 'epoch' : 'step',
    backend: state.backend,
  };
}
