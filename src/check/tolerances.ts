import type { Schedule } from '../gpu/plan.ts';
import type { Tolerance } from './compare.ts';

/** Tolerances for one run: every step's loss, and the final params. */
export interface RunTolerance {
  readonly losses: Tolerance;
  readonly params: Tolerance;
}

/**
 * Every run against PyTorch's float32 run, as test/engine/vs_torch.test.ts holds the one engine,
 * the tutorial's and the MLPs alike, on both schedules. Both sides are f32 but round differently
 * (PyTorch takes logs of σ(z) and sums in its own order; the kernels compute BCE from the logit
 * with the GPU's own exp, log and tanh, summed in a fixed tree), and up to 1000 steps carry the
 * differences along. Measured worst on SwiftShader over the twenty runs and both schedules:
 * 1.05e-6 for the losses, 1.1e-6 absolute for the params (relative is meaningless near zero).
 */
export const TOLERANCE: RunTolerance = {
  losses: { rtol: 2e-6, atol: 0 },
  params: { rtol: 0, atol: 2e-6 },
};

/**
 * The model fixtures the check trains: one of each optimizer family, between them full batch and
 * mini-batches, tanh and relu.
 */
export const MODEL_CASES: readonly string[] = ['momentum', 'relu_16_16_adam_minibatch'];

// a record, so that the compiler flags a schedule the engine gains, loses or renames
const EVERY_SCHEDULE: Record<Schedule, null> = { fused: null, layered: null };

/** The engine's schedules: every case runs on each. */
export const SCHEDULES = Object.keys(EVERY_SCHEDULE) as Schedule[];

/** The repeat check's larger run: enough samples for hundreds of workgroups on a GPU. */
export const REPEAT_RUN = { nSamples: 100_000, steps: 100, lr: 0.1 } as const;
