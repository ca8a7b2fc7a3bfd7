import type { Precision } from '../cpu/index.ts';
import type { Init } from './init.ts';
import type { TrainProgress } from '../layout/index.ts';
import type { GpuContext, ScheduleChoice, TuningStore } from '../gpu/index.ts';

export { PROGRESS_INTERVAL_MS, type TrainProgress } from '../layout/index.ts';

export type Backend = 'webgpu' | 'cpu';

export interface TrainOptions {
  /** where to train: 'webgpu' (default) runs the WGSL kernels, 'cpu' the reference trainer */
  readonly backend?: Backend;
  /** full-batch gradient-descent steps (default 1000, as in the tutorial) */
  readonly steps?: number;
  /** learning rate (default 0.1) */
  readonly lr?: number;
  /** initial weights: given, or drawn from a seed (default seed 0) */
  readonly init?: Init;
  /** CPU arithmetic; the GPU always runs f32 (default f32) */
  readonly precision?: Precision;
  /** called as losses arrive, at most about once per animation frame */
  readonly onProgress?: (progress: TrainProgress) => void;
  /** stops the run; train() then rejects with the signal's reason */
  readonly signal?: AbortSignal;
  /** webgpu: 'persistent' (one workgroup, all steps in one dispatch), 'multi-workgroup', or 'auto' by size */
  readonly schedule?: ScheduleChoice;
  /** webgpu: the kernels' workgroup size (a power of two); tuned for the adapter when omitted */
  readonly workgroupSize?: number;
  /** webgpu: the device to use; the shared one when omitted */
  readonly context?: GpuContext;
  /** webgpu: measure the workgroup shapes on this adapter first (once per adapter, kept in tuningStore) */
  readonly tune?: boolean;
  readonly tuningStore?: TuningStore;
}

export interface ResolvedTrainOptions {
  readonly backend: Backend;
  readonly steps: number;
  readonly lr: number;
  readonly init: Init;
  readonly precision: Precision;
}

export const DEFAULT_STEPS = 1000;
export const DEFAULT_LR = 0.1;
/** the most steps one run records (the losses of a run stay in one GPU buffer) */
export const MAX_STEPS = 10_000_000;

/** An option outside its domain; `parameter` names it as the API spells it. */
export class TrainOptionError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(`${parameter}: ${message}`);
    this.name = 'TrainOptionError';
  }
}

/** Fills in defaults and checks every option, naming the one that is wrong. */
export function resolveTrainOptions(options: TrainOptions): ResolvedTrainOptions {
  const backend = options.backend ?? 'webgpu';
  if (backend !== 'webgpu' && backend !== 'cpu') {
    throw new TrainOptionError(
      'backend',
      `must be 'webgpu' or 'cpu', got ${JSON.stringify(backend)}`,
    );
  }
  const steps = options.steps ?? DEFAULT_STEPS;
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_STEPS) {
    throw new TrainOptionError('steps', `must be an integer from 1 to ${MAX_STEPS}, got ${steps}`);
  }
  const lr = options.lr ?? DEFAULT_LR;
  if (!Number.isFinite(lr) || lr <= 0) {
    throw new TrainOptionError('lr', `must be a finite number above 0, got ${lr}`);
  }
  const precision = options.precision ?? 'f32';
  if (precision !== 'f32' && precision !== 'f64') {
    throw new TrainOptionError(
      'precision',
      `must be 'f32' or 'f64', got ${JSON.stringify(precision)}`,
    );
  }
  if (backend === 'webgpu' && precision !== 'f32') {
    throw new TrainOptionError(
      'precision',
      `the webgpu backend computes in f32 only, got '${precision}'`,
    );
  }
  const schedule = options.schedule ?? 'auto';
  if (!['auto', 'persistent', 'multi-workgroup'].includes(schedule)) {
    throw new TrainOptionError(
      'schedule',
      `must be 'auto', 'persistent' or 'multi-workgroup', got ${JSON.stringify(schedule)}`,
    );
  }
  const wg = options.workgroupSize;
  if (
    wg !== undefined &&
    !(Number.isInteger(wg) && wg >= 1 && wg <= 1024 && (wg & (wg - 1)) === 0)
  ) {
    throw new TrainOptionError('workgroupSize', `must be a power of two from 1 to 1024, got ${wg}`);
  }
  const init = options.init ?? { seed: 0 };
  if ('seed' in init) {
    if (!Number.isInteger(init.seed) || init.seed < 0 || init.seed > 0xffffffff) {
      throw new TrainOptionError(
        'init.seed',
        `must be an integer from 0 to 2**32-1, got ${init.seed}`,
      );
    }
  } else {
    if (!init.weight.every(Number.isFinite)) {
      throw new TrainOptionError(
        'init.weight',
        `must hold finite numbers, got [${init.weight.join(', ')}]`,
      );
    }
    if (!Number.isFinite(init.bias)) {
      throw new TrainOptionError('init.bias', `must be a finite number, got ${init.bias}`);
    }
  }
  return { backend, steps, lr, init, precision };
}
