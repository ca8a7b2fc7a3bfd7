import type { GpuSchedule } from '../gpu/index.ts';
import type { OptimizerName } from '../model/index.ts';
import type { Tolerance } from './compare.ts';

/** Tolerances for one run: every step's loss, and the final params. */
export interface RunTolerance {
  readonly losses: Tolerance;
  readonly params: Tolerance;
}

/**
 * The tutorial's engine against PyTorch's float32 run, as test/gpu/engine.test.ts holds it. Both
 * sides are f32 but round differently (PyTorch takes logs of σ(z); the kernels compute BCE from the
 * logit with the GPU's own exp and log, summed in a fixed tree), and 1000 steps carry the
 * differences along. Measured worst on SwiftShader: 1.05e-6 for the losses, 5.2e-7 for the params.
 */
export const LINEAR_TOLERANCE: RunTolerance = {
  losses: { rtol: 2e-6, atol: 0 },
  params: { rtol: 1e-6, atol: 1e-6 },
};

const ADAM_FAMILY: readonly OptimizerName[] = ['adam', 'adamw'];

/**
 * Models against PyTorch's float32 run, as test/model/gpu.test.ts holds them. SGD and momentum stay
 * within 2.5e-7 (losses); Adam divides by √v, which magnifies ulp-level differences wherever a
 * gradient is near zero: 3.2e-6 on the fixtures, 2.4e-5 on an unseen case, params 1.1e-5 absolute.
 */
export function modelTolerance(optimizer: OptimizerName): RunTolerance {
  return {
    losses: { rtol: ADAM_FAMILY.includes(optimizer) ? 1e-4 : 2e-6, atol: 0 },
    params: { rtol: 0, atol: 5e-5 },
  };
}

/**
 * The model fixtures the check trains: one of each optimizer family, between them full batch and
 * mini-batches, tanh and relu.
 */
export const MODEL_CASES: readonly string[] = ['momentum', 'relu_16_16_adam_minibatch'];

// a record, so that the compiler flags a schedule the engine gains, loses or renames
const EVERY_SCHEDULE: Record<GpuSchedule, null> = { persistent: null, 'multi-workgroup': null };

/** The tutorial engine's schedules: every linear case runs on each. */
export const SCHEDULES = Object.keys(EVERY_SCHEDULE) as GpuSchedule[];

/** The repeat check's larger run: enough samples for hundreds of workgroups on a GPU. */
export const REPEAT_RUN = { nSamples: 100_000, steps: 100, lr: 0.1 } as const;
