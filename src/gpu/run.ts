import type { Dataset } from '../data/index.ts';
import {
  CONTROL_FIRST_BAD_STEP,
  CONTROL_STEP,
  CONTROL_WORDS,
  F32_BYTES,
  NO_FAULT,
  paramCount,
  partialStride,
  type TrainProgress,
} from '../layout/index.ts';
import { RunResources } from './buffers.ts';
import type { GpuContext } from './device.ts';
import { buildEncoder } from './encode.ts';
import { RunGuard } from './guard.ts';
import { pipelineFor } from './pipelines.ts';
import type { Plan } from './legacy_plan.ts';
import { ProgressRing } from './progress_ring.ts';

export interface GpuRunRequest {
  readonly data: Dataset;
  readonly steps: number;
  readonly lr: number;
  /** D weights then the bias */
  readonly initialParams: ArrayLike<number>;
  readonly plan: Plan;
  readonly onProgress?: ((progress: TrainProgress) => void) | undefined;
  /** stops the run between segments; a watched or stoppable run is cut into segments of about a frame */
  readonly signal?: AbortSignal | undefined;
  /** sleep this long after the last submit before waiting on the readback (see GpuContext.spinsWhileWaiting) */
  readonly sleepBeforeReadbackMs?: number;
  /** steps expected to take about one frame of GPU work: the first progress segment */
  readonly stepsPerFrame?: number;
}

export interface GpuRunOutcome {
  readonly losses: Float32Array;
  readonly params: Float32Array;
  /** the first step whose loss or params were not finite, or null */
  readonly firstBadStep: number | null;
  readonly stepsDone: number;
  readonly dispatchCount: number;
  readonly submitCount: number;
  readonly readbackCount: number;
  readonly setupMs: number;
  readonly compileMs: number;
  readonly trainMs: number;
  readonly gpuMs: number | null;
}

/** Shorter sleeps are not worth a timer. */
const MIN_SLEEP_MS = 4;
/** WebGPU's cap on one timestamp query set. */
const MAX_QUERIES = 4096;

/** Timestamp queries around each submit's compute pass, summed into GPU time. */
class PassTimer {
  private readonly set: GPUQuerySet;
  private readonly resolve: GPUBuffer;
  private readonly staging: GPUBuffer;

  constructor(
    res: RunResources,
    private readonly passes: number,
  ) {
    this.set = res.querySet(2 * passes);
    this.resolve = res.buffer(
      'timestamps',
      16 * passes,
      GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    );
    this.staging = res.buffer(
      'timestamps readback',
      16 * passes,
      GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    );
  }

  writes(pass: number): GPUComputePassTimestampWrites {
    return {
      querySet: this.set,
      beginningOfPassWriteIndex: 2 * pass,
      endOfPassWriteIndex: 2 * pass + 1,
    };
  }

  copyOut(encoder: GPUCommandEncoder): void {
    encoder.resolveQuerySet(this.set, 0, 2 * this.passes, this.resolve, 0);
    encoder.copyBufferToBuffer(this.resolve, 0, this.staging, 0, 16 * this.passes);
  }

  async gpuMs(guard: RunGuard): Promise<number> {
    await guard.wait(this.staging.mapAsync(GPUMapMode.READ));
    const stamps = new BigInt64Array(this.staging.getMappedRange());
    let ns = 0n;
    for (let i = 0; i < this.passes; i++)
      ns += (stamps[2 * i + 1] as bigint) - (stamps[2 * i] as bigint);
    this.staging.unmap();
    return Number(ns) / 1e6;
  }
}

/**
 * Trains on the GPU as the plan says: pipelines, buffers and bind groups once, then the steps
 * submitted with no readback in between. Unwatched, the results come back once, in the last
 * command buffer; watched (or stoppable), through a ring of staging buffers the GPU never waits on.
 */
export async function runOnGpu(
  context: GpuContext,
  request: GpuRunRequest,
): Promise<GpuRunOutcome> {
  const { device } = context;
  const { data, steps, plan, onProgress, signal } = request;
  const { nSamples: N, nFeatures: D } = data;
  const P = paramCount(D);
  const setupStart = performance.now();
  const res = new RunResources(device);
  const guard = new RunGuard(device, signal);
  let ring: ProgressRing | null = null;
  try {
    // compile first: a kernel that fails to compile must fail before data is uploaded
    const kernels =
      plan.schedule === 'persistent'
        ? (['train_persistent'] as const)
        : (['forward_loss_grad', 'reduce_update'] as const);
    const compiled = await guard.wait(
      Promise.all(
        kernels.map((kernel) =>
          pipelineFor(device, kernel, {
            WG: kernel === 'reduce_update' ? plan.reduceWorkgroupSize : plan.workgroupSize,
            D,
          }),
        ),
      ),
    );
    const compileMs = compiled.reduce((sum, c) => sum + c.compileMs, 0);
    const chunkBuffers = plan.chunks.map((chunk, c) => ({
      chunk,
      X: res.storageF32(`X[${c}]`, chunk.count * D, 0, (target) =>
        target.set(data.X.subarray(chunk.first * D, (chunk.first + chunk.count) * D)),
      ),
      y: res.storageF32(`y[${c}]`, chunk.count, 0, (target) =>
        target.set(data.y.subarray(chunk.first, chunk.first + chunk.count)),
      ),
    }));
    const COPY_SRC = GPUBufferUsage.COPY_SRC;
    const paramsBuffer = res.storageF32('params', P, COPY_SRC, (target) =>
      target.set(Array.from(request.initialParams)),
    );
    const losses = res.buffer('losses', steps * F32_BYTES, GPUBufferUsage.STORAGE | COPY_SRC);
    const control = res.storageU32('control', Uint32Array.of(0, NO_FAULT, 0, 0), COPY_SRC);
    const encodeSteps = buildEncoder(
      device,
      res,
      plan,
      compiled.map((c) => c.pipeline),
      {
        N,
        S: partialStride(D),
        lr: request.lr,
        chunkBuffers,
        paramsBuffer,
        losses,
        control,
      },
    );
    const segmented = onProgress !== undefined || signal !== undefined;
    ring = segmented
      ? new ProgressRing(res, steps, P, guard, onProgress, request.stepsPerFrame)
      : null;
    const lossesInFinal = ring === null;
    const finalStaging = res.buffer(
      'final readback',
      (P + CONTROL_WORDS + (lossesInFinal ? steps : 0)) * 4,
      GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    );
    const timer =
      context.timestamps && !segmented && 2 * plan.submitCount <= MAX_QUERIES
        ? new PassTimer(res, plan.submitCount)
        : null;
    const setupMs = performance.now() - setupStart;

    let dispatchCount = 0;
    let submitCount = 0;
    const trainStart = performance.now();
    for (let first = 0; first < steps;) {
      guard.check();
      const count = ring
        ? ring.segmentSteps(steps - first)
        : Math.min(plan.stepsPerSubmit, steps - first);
      const encoder = device.createCommandEncoder();
      dispatchCount += encodeSteps(encoder, count, timer?.writes(submitCount));
      if (ring) await ring.copy(encoder, losses, paramsBuffer, first, count);
      if (first + count === steps) {
        // the results ride in the last command buffer: one submit and one readback for an unwatched run
        encoder.copyBufferToBuffer(paramsBuffer, 0, finalStaging, 0, P * 4);
        encoder.copyBufferToBuffer(control, 0, finalStaging, P * 4, CONTROL_WORDS * 4);
        if (lossesInFinal)
          encoder.copyBufferToBuffer(losses, 0, finalStaging, (P + CONTROL_WORDS) * 4, steps * 4);
        timer?.copyOut(encoder);
      }
      device.queue.submit([encoder.finish()]);
      submitCount++;
      ring?.afterSubmit(first, count);
      first += count;
    }
    const sleepMs = request.sleepBeforeReadbackMs ?? 0;
    if (sleepMs > MIN_SLEEP_MS)
      await guard.wait(new Promise((resolve) => setTimeout(resolve, sleepMs)));
    await guard.wait(finalStaging.mapAsync(GPUMapMode.READ));
    const words = finalStaging.getMappedRange();
    const params = new Float32Array(words.slice(0, P * 4));
    const controlWords = new Uint32Array(words.slice(P * 4, (P + CONTROL_WORDS) * 4));
    const hostLosses = ring ? ring.losses : new Float32Array(words.slice((P + CONTROL_WORDS) * 4));
    finalStaging.unmap();
    await ring?.drain();
    const trainMs = performance.now() - trainStart;
    const gpuMs = timer ? await timer.gpuMs(guard) : null;
    const badStep = controlWords[CONTROL_FIRST_BAD_STEP] as number;
    const stepsDone = controlWords[CONTROL_STEP] as number;
    if (stepsDone < steps) hostLosses.fill(NaN, stepsDone);
    return {
      losses: hostLosses,
      params,
      firstBadStep: badStep === NO_FAULT ? null : badStep,
      stepsDone,
      dispatchCount,
      submitCount,
      readbackCount: (ring?.readbacks ?? 0) + 1,
      setupMs,
      compileMs,
      trainMs,
      gpuMs,
    };
  } finally {
    guard.dispose();
    // let the GPU finish and every map settle before the buffers go
    await device.queue.onSubmittedWorkDone().catch(() => undefined);
    await ring?.settle();
    res.destroyAll();
  }
}
