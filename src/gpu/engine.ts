import type { Dataset } from '../data/index.ts';
import type { TrainProgress } from '../layout/index.ts';
import { acquireGpu, type GpuContext } from './device.ts';
import { planRun, type Plan, type ScheduleChoice } from './legacy_plan.ts';
import { runOnGpu, type GpuRunOutcome } from './run.ts';
import { expectedSleepMs, stepsPerFrame, workgroupSizeFor } from './legacy_tuning.ts';

export interface GpuTrainRequest {
  readonly steps: number;
  readonly lr: number;
  /** D weights then the bias */
  readonly initialParams: ArrayLike<number>;
  readonly schedule?: ScheduleChoice;
  /** the kernels' workgroup size; the context's tuning when omitted */
  readonly workgroupSize?: number;
  /** the device to run on; the shared one when omitted */
  readonly context?: GpuContext;
  readonly onProgress?: ((progress: TrainProgress) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
}

export interface GpuTrainOutcome extends GpuRunOutcome {
  readonly plan: Plan;
  readonly context: GpuContext;
}

/**
 * Trains Linear(D,1) + Sigmoid with BCE on WebGPU: plans the run (schedule, workgroup size,
 * chunks; refusing what cannot fit before allocating anything), then runs it.
 */
export async function trainOnGpu(
  data: Dataset,
  request: GpuTrainRequest,
): Promise<GpuTrainOutcome> {
  const context = request.context ?? (await acquireGpu());
  const schedule = request.schedule ?? 'auto';
  const { limits } = context.device;
  const { nSamples: N, nFeatures: D } = data;
  const { tuning } = context;
  const planFor = (workgroupSize: number): Plan =>
    planRun({
      N,
      D,
      steps: request.steps,
      limits,
      schedule,
      workgroupSize,
      persistentMaxSamples: tuning.persistentMaxSamples,
      maxWorkgroupsPerChunk: tuning.maxWorkgroupsPerChunk,
    });
  // the schedule decides which tuned size applies: plan once to learn it, again with that size
  let plan = planFor(request.workgroupSize ?? tuning.multiWorkgroupSize);
  if (request.workgroupSize === undefined) plan = planFor(workgroupSizeFor(tuning, plan.schedule));
  const outcome = await runOnGpu(context, {
    data,
    steps: request.steps,
    lr: request.lr,
    initialParams: request.initialParams,
    plan,
    onProgress: request.onProgress,
    signal: request.signal,
    stepsPerFrame: stepsPerFrame(tuning, plan.schedule, N),
    sleepBeforeReadbackMs: request.onProgress
      ? 0
      : expectedSleepMs(context, plan.schedule, N, request.steps),
  });
  return { ...outcome, plan, context };
}
