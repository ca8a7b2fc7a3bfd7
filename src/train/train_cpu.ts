import type { Dataset } from '../data/index.ts';
import { accuracy, createCpuRun } from '../cpu/index.ts';
import { initialParams } from './init.ts';
import { PROGRESS_INTERVAL_MS, type ResolvedTrainOptions, type TrainOptions } from './options.ts';
import type { TrainResult } from './result.ts';

/** Lets the event loop run (timers, input, rendering) between slices of CPU work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The CPU backend: the reference trainer, run in slices of about one frame when someone
 * watches (onProgress) or may cancel (signal), so a page stays responsive.
 */
export async function trainOnCpu(
  data: Dataset,
  resolved: ResolvedTrainOptions,
  hooks: Pick<TrainOptions, 'onProgress' | 'signal'>,
): Promise<TrainResult> {
  const start = performance.now();
  const D = data.nFeatures;
  const run = createCpuRun(data, {
    steps: resolved.steps,
    lr: resolved.lr,
    initialParams: initialParams(D, resolved.init),
    precision: resolved.precision,
  });
  const sliced = hooks.onProgress !== undefined || hooks.signal !== undefined;
  let stepsPerSlice = sliced ? 1 : resolved.steps;
  while (run.stepsDone() < resolved.steps && run.firstBadStep() === null) {
    hooks.signal?.throwIfAborted();
    const sliceStart = performance.now();
    run.runSteps(stepsPerSlice);
    const sliceMs = performance.now() - sliceStart;
    // grow or shrink the slice so each one lasts about a frame
    if (sliced)
      stepsPerSlice = Math.max(
        1,
        Math.round((stepsPerSlice * PROGRESS_INTERVAL_MS) / Math.max(sliceMs, 0.01)),
      );
    hooks.onProgress?.({
      stepsDone: run.stepsDone(),
      steps: resolved.steps,
      losses: run.losses.subarray(0, run.stepsDone()),
      params: run.params,
    });
    if (sliced && run.stepsDone() < resolved.steps) await yieldToEventLoop();
  }
  // steps never taken have no loss
  run.losses.fill(NaN, run.stepsDone());
  hooks.signal?.throwIfAborted();
  const trainMs = performance.now() - start;
  const { params, losses } = run;
  return {
    backend: 'cpu',
    precision: resolved.precision,
    steps: resolved.steps,
    lr: resolved.lr,
    losses,
    weight: Array.from(params.subarray(0, D)),
    bias: params[D] as number,
    accuracy: accuracy(data, params),
    elapsedMs: performance.now() - start,
    timings: { deviceMs: 0, setupMs: 0, compileMs: 0, trainMs, gpuMs: null },
    schedule: 'cpu-reference',
    workgroupSize: null,
    tuning: null,
    dispatchCount: 0,
    submitCount: 0,
    readbackCount: 0,
    firstBadStep: run.firstBadStep(),
    adapter: null,
  };
}
