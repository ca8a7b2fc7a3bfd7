import type { Dataset } from '../data/index.ts';
import { arithmeticFor, floatArray, toPrecision, type Precision } from '../cpu/index.ts';
import { epochBatches } from './batches.ts';
import { forwardBackwardCpu, lossCpu } from './forward_backward_cpu.ts';
import { optimizerStepCpu, stateSlots, type ResolvedOptimizer } from '../core/optimizers.ts';
import { paramCountOf, type ModelSpec } from './spec.ts';

export interface ModelRunOptions {
  readonly spec: ModelSpec;
  readonly optimizer: ResolvedOptimizer;
  /** rows per step; N or more is full batch */
  readonly batchSize: number;
  readonly epochs: number;
  /** seeds the per-epoch shuffle of mini-batches */
  readonly shuffleSeed: number;
  readonly initialParams: ArrayLike<number>;
  readonly precision: Precision;
  readonly validation?: Dataset | undefined;
  readonly test?: Dataset | undefined;
  /** stop when the validation loss has not improved for this many epochs, and keep the best params */
  readonly patience?: number | undefined;
}

export interface EpochLosses {
  /** mean BCE over each split after each epoch (NaN where the split is empty) */
  readonly train: Float64Array;
  readonly validation: Float64Array;
  readonly test: Float64Array;
}

export interface ModelRunResult {
  readonly params: Float32Array | Float64Array;
  /** the batch loss before each step */
  readonly stepLosses: Float32Array | Float64Array;
  readonly epochLosses: EpochLosses;
  readonly epochsRun: number;
  /** the epoch whose params were kept (the best validation loss, with patience), else the last */
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
}

const allRows = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

/**
 * The reference trainer for any model spec: mini-batches or full batch, any optimizer, per-epoch
 * losses on every split, early stopping on the validation loss. Mirrors the GPU's stages.
 */
export function trainModelCpu(train: Dataset, options: ModelRunOptions): ModelRunResult {
  const { spec, optimizer, precision, epochs } = options;
  const a = arithmeticFor(precision);
  const P = paramCountOf(spec);
  const params = toPrecision(options.initialParams, precision);
  if (params.length !== P)
    throw new RangeError(`the model has ${P} params, ${params.length} were given`);
  const grads = floatArray(precision, P);
  const state = floatArray(precision, stateSlots(optimizer.name) * P);
  const X = toPrecision(train.X, precision);
  const y = toPrecision(train.y, precision);
  const splits = [options.validation, options.test].map((d) =>
    d && d.nSamples > 0
      ? {
          X: toPrecision(d.X, precision),
          y: toPrecision(d.y, precision),
          rows: allRows(d.nSamples),
        }
      : null,
  );
  const schedule = epochBatches(train.nSamples, options.batchSize, epochs, options.shuffleSeed);
  const stepLosses = floatArray(
    precision,
    schedule.reduce((sum, e) => sum + e.length, 0),
  );
  const epochLosses: EpochLosses = {
    train: new Float64Array(epochs).fill(NaN),
    validation: new Float64Array(epochs).fill(NaN),
    test: new Float64Array(epochs).fill(NaN),
  };
  const trainRows = allRows(train.nSamples);
  let step = 0;
  let best = { loss: Infinity, epoch: -1, params: Float64Array.from(params) };
  let epochsRun = 0;
  let stoppedEarly = false;
  for (let e = 0; e < epochs; e++) {
    for (const rows of schedule[e] ?? []) {
      stepLosses[step] = forwardBackwardCpu(spec, params, X, y, rows, grads, a);
      step++;
      optimizerStepCpu(optimizer, params, grads, state, step, a.round);
    }
    epochsRun = e + 1;
    epochLosses.train[e] = lossCpu(spec, params, X, y, trainRows, a);
    const [validation, test] = splits.map((s) =>
      s ? lossCpu(spec, params, s.X, s.y, s.rows, a) : NaN,
    );
    epochLosses.validation[e] = validation as number;
    epochLosses.test[e] = test as number;
    if (options.patience !== undefined && splits[0] !== null) {
      if ((validation as number) < best.loss)
        best = { loss: validation as number, epoch: e, params: Float64Array.from(params) };
      else if (e - best.epoch >= options.patience) {
        stoppedEarly = true;
        break;
      }
    }
  }
  const keepBest = options.patience !== undefined && best.epoch >= 0;
  if (keepBest) params.set(best.params);
  return {
    params,
    stepLosses: stepLosses.subarray(0, step),
    epochLosses,
    epochsRun,
    bestEpoch: keepBest ? best.epoch : epochsRun - 1,
    stoppedEarly,
  };
}
