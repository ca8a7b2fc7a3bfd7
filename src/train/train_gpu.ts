import type { Dataset } from '../data/index.ts';
import { accuracy } from '../cpu/index.ts';
import { acquireGpu, trainOnGpu } from '../gpu/index.ts';
import { initialParams } from './init.ts';
import type { ResolvedTrainOptions, TrainOptions } from './options.ts';
import type { TrainResult } from './result.ts';

/** The WebGPU backend, reported in the shape both backends share. */
export async function trainOnWebGpu(
  data: Dataset,
  resolved: ResolvedTrainOptions,
  options: TrainOptions,
): Promise<TrainResult> {
  const start = performance.now();
  const D = data.nFeatures;
  const context =
    options.context ??
    (await acquireGpu({
      tune: options.tune === true,
      ...(options.tuningStore ? { store: options.tuningStore } : {}),
    }));
  const deviceMs = performance.now() - start;
  const outcome = await trainOnGpu(data, {
    steps: resolved.steps,
    lr: resolved.lr,
    initialParams: initialParams(D, resolved.init),
    ...(options.schedule === undefined ? {} : { schedule: options.schedule }),
    ...(options.workgroupSize === undefined ? {} : { workgroupSize: options.workgroupSize }),
    context,
    onProgress: options.onProgress,
    signal: options.signal,
  });
  const { params } = outcome;
  return {
    backend: 'webgpu',
    precision: 'f32',
    steps: resolved.steps,
    lr: resolved.lr,
    losses: outcome.losses,
    weight: Array.from(params.subarray(0, D)),
    bias: params[D] as number,
    accuracy: accuracy(data, params),
    elapsedMs: performance.now() - start,
    timings: {
      deviceMs,
      setupMs: outcome.setupMs,
      compileMs: outcome.compileMs,
      trainMs: outcome.trainMs,
      gpuMs: outcome.gpuMs,
    },
    schedule: outcome.plan.schedule,
    workgroupSize: outcome.plan.workgroupSize,
    tuning: outcome.context.tuning,
    dispatchCount: outcome.dispatchCount,
    submitCount: outcome.submitCount,
    readbackCount: outcome.readbackCount,
    firstBadStep: outcome.firstBadStep,
    adapter: outcome.context.adapter,
  };
}
