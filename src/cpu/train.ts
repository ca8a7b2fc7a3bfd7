import type { Dataset } from '../data/index.ts';
import { arithmeticFor, floatArray, type Arithmetic, type Precision } from './arithmetic.ts';
import { forwardLossGradCpu, SEQUENTIAL, type ReductionLayout } from './forward_loss_grad.ts';
import { reduceUpdateCpu } from './reduce_update.ts';
import { partialStride, paramCount } from '../layout/index.ts';

export interface CpuTrainOptions {
  readonly steps: number;
  readonly lr: number;
  /** D weights then the bias */
  readonly initialParams: ArrayLike<number>;
  readonly precision: Precision;
  /** the GPU's reduction order to reproduce; the default sums the samples in order */
  readonly layout?: ReductionLayout;
  /** the update kernel's workgroup size, when reproducing the multi-workgroup schedule */
  readonly reduceWorkgroupSize?: number;
}

export interface CpuTrainResult {
  /** losses[t] is the mean loss before update t */
  readonly losses: Float32Array | Float64Array;
  readonly params: Float32Array | Float64Array;
}

/** A reference run that advances a few steps at a time, so callers can report progress between them. */
export interface CpuRun extends CpuTrainResult {
  /** steps taken so far */
  readonly stepsDone: () => number;
  /** takes up to `count` more steps, none after a non-finite one; returns how many it took */
  readonly runSteps: (count: number) => number;
  /** the first step whose loss or params were not finite (the run stops after it), or null */
  readonly firstBadStep: () => number | null;
}

/** Converts the data to the working precision once, as the tutorial's torch.tensor(X, dtype) does. */
export function toPrecision(
  values: ArrayLike<number>,
  precision: Precision,
): Float32Array | Float64Array {
  return precision === 'f32' ? Float32Array.from(values) : Float64Array.from(values);
}

/**
 * The reference trainer: Linear(D,1) + Sigmoid + mean BCE, full-batch gradient descent,
 * stage by stage as the GPU kernels run (forward_loss_grad, then reduce_update).
 */
export function createCpuRun(data: Dataset, options: CpuTrainOptions): CpuRun {
  const { nSamples: N, nFeatures: D } = data;
  const { precision, steps, lr } = options;
  const layout = options.layout ?? SEQUENTIAL;
  const a = arithmeticFor(precision);
  if (options.initialParams.length !== paramCount(D)) {
    throw new RangeError(
      `initialParams needs ${paramCount(D)} numbers (D weights, then the bias), got ${options.initialParams.length}`,
    );
  }
  const X = toPrecision(data.X, precision);
  const y = toPrecision(data.y, precision);
  const params = toPrecision(options.initialParams, precision);
  const partials = floatArray(precision, layout.numWorkgroups * partialStride(D));
  const losses = floatArray(precision, steps);
  const reduceWG = options.reduceWorkgroupSize ?? 1;
  let t = 0;
  let badStep: number | null = null;
  const runSteps = (count: number): number => {
    const end = Math.min(steps, t + count);
    const start = t;
    while (t < end && badStep === null) {
      forwardLossGradCpu(X, y, params, partials, N, D, layout, a);
      const loss = reduceUpdateCpu(
        partials,
        params,
        losses,
        t,
        N,
        D,
        layout.numWorkgroups,
        reduceWG,
        lr,
        a,
      );
      // as the kernels do: the first non-finite loss or weight ends the run
      if (!Number.isFinite(loss) || !params.every(Number.isFinite)) badStep = t;
      t++;
    }
    return t - start;
  };
  return { losses, params, runSteps, stepsDone: () => t, firstBadStep: () => badStep };
}

/**
 * Runs the reference trainer to the end.
 *
 * @example
 *   const { losses, params } = trainCpuReference(data, { steps: 1000, lr: 0.1, initialParams: [0.1, -0.2, 0.05], precision: 'f64' });
 */
export function trainCpuReference(data: Dataset, options: CpuTrainOptions): CpuTrainResult {
  const run = createCpuRun(data, options);
  run.runSteps(options.steps);
  return { losses: run.losses, params: run.params };
}

/**
 * CPU twin of shaders/train_persistent.wgsl: `steps` steps from `firstStep`, each summing all N
 * samples in one workgroup of WG threads (its tree), then the update, as the one dispatch does.
 */
export function trainPersistentCpu(
  X: Float32Array | Float64Array,
  y: Float32Array | Float64Array,
  params: Float32Array | Float64Array,
  losses: Float32Array | Float64Array,
  N: number,
  D: number,
  firstStep: number,
  steps: number,
  lr: number,
  workgroupSize: number,
  a: Arithmetic,
): void {
  const partials = new Float64Array(partialStride(D));
  const layout = { workgroupSize, numWorkgroups: 1 };
  for (let t = firstStep; t < firstStep + steps; t++) {
    forwardLossGradCpu(X, y, params, partials, N, D, layout, a);
    reduceUpdateCpu(partials, params, losses, t, N, D, 1, 1, lr, a);
  }
}
