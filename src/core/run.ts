/**
 * What both backends run and what they give back, before the public result is assembled:
 * the one description a model compiles to, the data it trains on, and the raw outcome.
 */
import type { Dataset } from './dataset.ts';
import type { Network } from './network.ts';
import type { ResolvedOptimizer } from './optimizers.ts';

/** A checked, fully resolved run. */
export interface RunDescription {
  readonly net: Network;
  readonly optimizer: ResolvedOptimizer;
  /** rows per step, at most the training split's size (then it is full batch) */
  readonly batchSize: number;
  readonly epochs: number;
  readonly shuffleSeed: number;
  /** early stopping on the validation loss; null for none */
  readonly patience: number | null;
  readonly initialParams: Float64Array;
}

/** The splits, with the extra features already appended (and standardized, when asked). */
export interface RunData {
  readonly train: Dataset;
  readonly validation: Dataset | null;
  readonly test: Dataset | null;
}

/** Rows in each split of a run's data (0 for a split it has none of). */
export interface SplitRows {
  readonly train: number;
  readonly validation: number;
  readonly test: number;
}

export function splitRows(data: RunData): SplitRows {
  return {
    train: data.train.nSamples,
    validation: data.validation?.nSamples ?? 0,
    test: data.test?.nSamples ?? 0,
  };
}

export interface EpochLosses {
  /** mean BCE over each split after each epoch; NaN for epochs not run and for empty splits */
  readonly train: Float64Array;
  readonly validation: Float64Array;
  readonly test: Float64Array;
}

export interface RunOutcome {
  /** the params kept: the best epoch's with early stopping, else the last */
  readonly params: Float32Array | Float64Array;
  /** the params after the last step taken */
  readonly lastParams: Float32Array | Float64Array;
  /** the batch loss before each step taken */
  readonly stepLosses: Float32Array | Float64Array;
  readonly epochLosses: EpochLosses;
  readonly stepsDone: number;
  readonly totalSteps: number;
  /** whole epochs completed */
  readonly epochsRun: number;
  /** the epoch whose params were kept by early stopping; null without it */
  readonly bestEpoch: number | null;
  readonly stoppedEarly: boolean;
  /** the first step whose loss or params were not finite (the run stopped there), or null */
  readonly firstBadStep: number | null;
}

/** What a run reports as it goes, on either backend, about once a frame. */
export interface TrainProgress {
  readonly stepsDone: number;
  readonly totalSteps: number;
  readonly epochsDone: number;
  /** the loss before each step so far (a view; copy to keep) */
  readonly stepLosses: Float32Array | Float64Array;
  /** per-epoch losses so far (views; NaN for epochs not yet run) */
  readonly epochLosses: EpochLosses;
  /** the params after those steps (a view; copy to keep) */
  readonly params: Float32Array | Float64Array;
}
