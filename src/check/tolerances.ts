import type { Schedule } from '../gpu/plan.ts';
import type { Tolerance } from './compare.ts';

/** Tolerances for one run: every step's loss, and the final params. */
export interface RunTolerance {
  readonly losses: Tolerance;
  readonly params: Tolerance;
}

/**
 * The one engine against PyTorch's float32 runs, as test/engine/vs_torch.test.ts holds it: both
 * f32, rounded in different orders (PyTorch takes σ then log and sums its own way; the kernels
 * compute BCE from the logit with the GPU's exp, log and tanh, in a fixed order) and carried over
 * up to 1000 steps. Measured worst on SwiftShader over the twenty runs and both schedules: 1.05e-6
 * for the losses, 1.1e-6 absolute for the params (relative means nothing for params near zero).
 */
export const RUN_TOLERANCE: RunTolerance = {
  losses: { rtol: 2e-6, atol: 0 },
  params: { rtol: 0, atol: 2e-6 },
};

// a record, so that the compiler flags a schedule the engine gains, loses or renames
const EVERY_SCHEDULE: Record<Schedule, null> = { fused: null, layered: null, wide: null };

/** The engine's schedules: every case runs on each. */
export const SCHEDULES = Object.keys(EVERY_SCHEDULE) as Schedule[];

/** The repeat check's larger run: enough samples for hundreds of workgroups on a GPU. */
export const REPEAT_RUN = { nSamples: 100_000, steps: 100, lr: 0.1 } as const;
