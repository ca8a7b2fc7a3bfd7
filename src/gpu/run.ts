import type { Dataset } from '../data/index.ts';
import {
  BINDING,
  CONTROL_FIRST_BAD_STEP,
  CONTROL_STEP,
  CONTROL_WORDS,
  F32_BYTES,
  NO_FAULT,
  paramCount,
  partialStride,
  PROGRESS_INTERVAL_MS,
  type TrainProgress,
} from '../layout/index.ts';
import { RunResources, uintWords, uniformWords } from './buffers.ts';
import type { GpuContext } from './device.ts';
import { pipelineFor } from './pipelines.ts';
import type { Plan } from './plan.ts';

export interface GpuRunRequest {
  readonly data: Dataset;
  readonly steps: number;
  readonly lr: number;
  /** D weights then the bias */
  readonly initialParams: ArrayLike<number>;
  readonly plan: Plan;
  readonly onProgress?: ((progress: TrainProgress) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** sleep this long after the last submit before waiting on the readback (see GpuContext.spinsWhileWaiting) */
  readonly sleepBeforeReadbackMs?: number;
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

/** Staging buffers in flight for progress readbacks: the GPU never waits on them. */
const RING_SIZE = 3;
/** The most steps one progress segment covers (it bounds each staging buffer). */
const MAX_SEGMENT_STEPS = 65_536;
/** Shorter sleeps are not worth a timer. */
const MIN_SLEEP_MS = 4;
/** WebGPU's cap on one timestamp query set. */
const MAX_QUERIES = 4096;

/**
 * Trains on the GPU as the plan says: buffers, bind groups and pipelines once, then the steps
 * submitted in segments with no readback in between, except the progress copies, which travel
 * through a ring of staging buffers that the host maps when they are ready.
 */
export async function runOnGpu(
  context: GpuContext,
  request: GpuRunRequest,
): Promise<GpuRunOutcome> {
  const { device } = context;
  const { data, steps, plan, onProgress, signal } = request;
  // read here, not at import: in Node the GPU* globals exist only once WebGPU is installed
  const COPY_SRC = GPUBufferUsage.COPY_SRC;
  const READBACK = GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST;
  const { nSamples: N, nFeatures: D } = data;
  const S = partialStride(D);
  const setupStart = performance.now();
  const res = new RunResources(device);
  const pendingMaps: Promise<unknown>[] = [];
  try {
    // compile first: a kernel that fails to compile must fail before data is uploaded
    const kernels =
      plan.schedule === 'persistent'
        ? (['train_persistent'] as const)
        : (['forward_loss_grad', 'reduce_update'] as const);
    const compiled = await Promise.all(
      kernels.map((kernel) =>
        pipelineFor(device, kernel, {
          WG: kernel === 'reduce_update' ? plan.reduceWorkgroupSize : plan.workgroupSize,
          D,
        }),
      ),
    );
    const compileMs = compiled.reduce((sum, c) => sum + c.compileMs, 0);

    const chunkBuffers = plan.chunks.map((chunk, c) => ({
      chunk,
      X: res.storageF32(`X[${c}]`, chunk.count * D, 0, (target) => {
        for (let j = 0; j < chunk.count * D; j++) target[j] = data.X[chunk.first * D + j] as number;
      }),
      y: res.storageF32(`y[${c}]`, chunk.count, 0, (target) => {
        for (let j = 0; j < chunk.count; j++) target[j] = data.y[chunk.first + j] as number;
      }),
    }));
    const paramsBuffer = res.storageF32('params', paramCount(D), COPY_SRC, (target) =>
      target.set(Array.from(request.initialParams)),
    );
    const losses = res.buffer('losses', steps * F32_BYTES, GPUBufferUsage.STORAGE | COPY_SRC);
    const control = res.buffer(
      'control',
      CONTROL_WORDS * 4,
      GPUBufferUsage.STORAGE | COPY_SRC,
      true,
    );
    new Uint32Array(control.getMappedRange()).set([0, NO_FAULT, 0, 0]);
    control.unmap();

    const encodeSteps = buildEncoder(
      device,
      res,
      plan,
      compiled.map((c) => c.pipeline),
      {
        N,
        S,
        lr: request.lr,
        chunkBuffers,
        paramsBuffer,
        losses,
        control,
      },
    );

    const watching = onProgress !== undefined;
    const finalBytes = (paramCount(D) + CONTROL_WORDS + (watching ? 0 : steps)) * 4;
    const finalStaging = res.buffer('final readback', finalBytes, READBACK);
    const ringLength = Math.min(steps, MAX_SEGMENT_STEPS);
    const ring = watching
      ? Array.from({ length: RING_SIZE }, (_, i) =>
          res.buffer(`progress ${i}`, ringLength * F32_BYTES, READBACK),
        )
      : [];
    const ringBusy: (Promise<void> | null)[] = ring.map(() => null);
    const expectedSubmits = watching ? 0 : plan.submitCount;
    const timing = context.timestamps && !watching && 2 * expectedSubmits <= MAX_QUERIES;
    const querySet = timing ? res.querySet(2 * expectedSubmits) : null;
    const queryResolve = timing
      ? res.buffer('timestamps', 16 * expectedSubmits, GPUBufferUsage.QUERY_RESOLVE | COPY_SRC)
      : null;
    const queryStaging = timing
      ? res.buffer('timestamps readback', 16 * expectedSubmits, READBACK)
      : null;
    const setupMs = performance.now() - setupStart;

    const hostLosses = new Float32Array(steps);
    let stepsReported = 0;
    let dispatchCount = 0;
    let submitCount = 0;
    let readbackCount = 0;
    let segmentSteps = watching ? 1 : plan.stepsPerSubmit;
    let slot = 0;
    const trainStart = performance.now();
    for (let first = 0; first < steps;) {
      signal?.throwIfAborted();
      const count = Math.min(segmentSteps, steps - first, watching ? ringLength : steps);
      const last = first + count === steps;
      const encoder = device.createCommandEncoder();
      const timestampWrites = querySet
        ? {
            querySet,
            beginningOfPassWriteIndex: 2 * submitCount,
            endOfPassWriteIndex: 2 * submitCount + 1,
          }
        : undefined;
      dispatchCount += encodeSteps(encoder, count, timestampWrites);
      let progressBuffer: GPUBuffer | null = null;
      if (watching) {
        const pending = ringBusy[slot];
        if (pending) await pending;
        progressBuffer = ring[slot] as GPUBuffer;
        encoder.copyBufferToBuffer(losses, first * F32_BYTES, progressBuffer, 0, count * F32_BYTES);
      }
      if (last) {
        // the results ride in the last command buffer: one submit and one readback for a whole unwatched run
        encoder.copyBufferToBuffer(paramsBuffer, 0, finalStaging, 0, paramCount(D) * 4);
        encoder.copyBufferToBuffer(control, 0, finalStaging, paramCount(D) * 4, CONTROL_WORDS * 4);
        if (!watching)
          encoder.copyBufferToBuffer(
            losses,
            0,
            finalStaging,
            (paramCount(D) + CONTROL_WORDS) * 4,
            steps * 4,
          );
        if (querySet && queryResolve && queryStaging) {
          encoder.resolveQuerySet(querySet, 0, 2 * expectedSubmits, queryResolve, 0);
          encoder.copyBufferToBuffer(queryResolve, 0, queryStaging, 0, 16 * expectedSubmits);
        }
      }
      device.queue.submit([encoder.finish()]);
      submitCount++;
      if (progressBuffer) {
        const buffer = progressBuffer;
        const segmentFirst = first;
        const thisSlot = slot;
        readbackCount++;
        const mapped = buffer.mapAsync(GPUMapMode.READ, 0, count * F32_BYTES).then(() => {
          hostLosses.set(
            new Float32Array(buffer.getMappedRange(0, count * F32_BYTES)),
            segmentFirst,
          );
          buffer.unmap();
          stepsReported = segmentFirst + count;
          onProgress?.({
            stepsDone: stepsReported,
            steps,
            losses: hostLosses.subarray(0, stepsReported),
          });
          // size the next segments so each covers about a frame of GPU work
          const elapsed = performance.now() - trainStart;
          segmentSteps = Math.max(
            1,
            Math.min(
              ringLength,
              Math.round((stepsReported / Math.max(elapsed, 0.001)) * PROGRESS_INTERVAL_MS),
            ),
          );
        });
        ringBusy[thisSlot] = mapped;
        pendingMaps.push(mapped);
        slot = (slot + 1) % RING_SIZE;
        if (stepsReported === 0) segmentSteps = Math.min(ringLength, segmentSteps * 2);
      }
      first += count;
    }
    const sleepMs = request.sleepBeforeReadbackMs ?? 0;
    if (sleepMs > MIN_SLEEP_MS) await new Promise((resolve) => setTimeout(resolve, sleepMs));
    await finalStaging.mapAsync(GPUMapMode.READ);
    readbackCount++;
    const finalWords = finalStaging.getMappedRange();
    const params = new Float32Array(finalWords.slice(0, paramCount(D) * 4));
    const controlWords = new Uint32Array(
      finalWords.slice(paramCount(D) * 4, (paramCount(D) + CONTROL_WORDS) * 4),
    );
    if (!watching)
      hostLosses.set(new Float32Array(finalWords.slice((paramCount(D) + CONTROL_WORDS) * 4)));
    finalStaging.unmap();
    await Promise.all(ringBusy);
    const trainMs = performance.now() - trainStart;
    let gpuMs: number | null = null;
    if (queryStaging) {
      await queryStaging.mapAsync(GPUMapMode.READ);
      const stamps = new BigInt64Array(queryStaging.getMappedRange());
      let ns = 0n;
      for (let i = 0; i < expectedSubmits; i++)
        ns += (stamps[2 * i + 1] as bigint) - (stamps[2 * i] as bigint);
      gpuMs = Number(ns) / 1e6;
      queryStaging.unmap();
    }
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
      readbackCount,
      setupMs,
      compileMs,
      trainMs,
      gpuMs,
    };
  } finally {
    // let the GPU finish and every map settle before the buffers go
    await device.queue.onSubmittedWorkDone().catch(() => undefined);
    await Promise.allSettled(pendingMaps);
    res.destroyAll();
  }
}

interface EncoderInputs {
  readonly N: number;
  readonly S: number;
  readonly lr: number;
  readonly chunkBuffers: readonly { chunk: Plan['chunks'][number]; X: GPUBuffer; y: GPUBuffer }[];
  readonly paramsBuffer: GPUBuffer;
  readonly losses: GPUBuffer;
  readonly control: GPUBuffer;
}

type EncodeSteps = (
  encoder: GPUCommandEncoder,
  count: number,
  timestampWrites: GPUComputePassTimestampWrites | undefined,
) => number;

/** Bind groups made once; returns the function that records `count` steps into a command encoder. */
function buildEncoder(
  device: GPUDevice,
  res: RunResources,
  plan: Plan,
  pipelines: GPUComputePipeline[],
  inputs: EncoderInputs,
): EncodeSteps {
  const { N, S, lr, chunkBuffers, paramsBuffer, losses, control } = inputs;
  const entry = (binding: number, buffer: GPUBuffer): GPUBindGroupEntry => ({
    binding,
    resource: { buffer },
  });
  if (plan.schedule === 'persistent') {
    const [pipeline] = pipelines as [GPUComputePipeline];
    const only = chunkBuffers[0];
    if (only === undefined) throw new Error('a plan always has a chunk');
    const hyper = res.buffer('hyper', 16, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        entry(BINDING.X, only.X),
        entry(BINDING.y, only.y),
        entry(BINDING.params, paramsBuffer),
        entry(BINDING.losses, losses),
        entry(BINDING.control, control),
        entry(BINDING.hyper, hyper),
      ],
    });
    let hyperSteps = -1;
    return (encoder, count, timestampWrites) => {
      // queue writes land in order with submits, so each segment sees its own step count
      if (count !== hyperSteps) device.queue.writeBuffer(hyper, 0, uniformWords(N, lr, N, count));
      hyperSteps = count;
      const pass = encoder.beginComputePass(timestampWrites ? { timestampWrites } : {});
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(1);
      pass.end();
      return 1;
    };
  }
  const [forward, reduce] = pipelines as [GPUComputePipeline, GPUComputePipeline];
  const partials = res.buffer('partials', plan.numPartials * S * F32_BYTES, GPUBufferUsage.STORAGE);
  const hyper = res.uniform('hyper', uniformWords(N, lr, plan.numPartials, 0));
  const forwardGroups = chunkBuffers.map(({ chunk, X, y }, c) => ({
    workgroups: chunk.numWorkgroups,
    bindGroup: device.createBindGroup({
      layout: forward.getBindGroupLayout(0),
      entries: [
        entry(BINDING.X, X),
        entry(BINDING.y, y),
        entry(BINDING.params, paramsBuffer),
        entry(BINDING.partials, partials),
        entry(BINDING.control, control),
        entry(
          BINDING.chunk,
          res.uniform(
            `chunk[${c}]`,
            uintWords(chunk.count, chunk.partialBase, chunk.numWorkgroups * plan.workgroupSize, 0),
          ),
        ),
      ],
    }),
  }));
  const reduceGroup = device.createBindGroup({
    layout: reduce.getBindGroupLayout(0),
    entries: [
      entry(BINDING.params, paramsBuffer),
      entry(BINDING.partials, partials),
      entry(BINDING.losses, losses),
      entry(BINDING.control, control),
      entry(BINDING.hyper, hyper),
    ],
  });
  return (encoder, count, timestampWrites) => {
    const pass = encoder.beginComputePass(timestampWrites ? { timestampWrites } : {});
    let dispatches = 0;
    for (let s = 0; s < count; s++) {
      pass.setPipeline(forward);
      for (const group of forwardGroups) {
        pass.setBindGroup(0, group.bindGroup);
        pass.dispatchWorkgroups(group.workgroups);
        dispatches++;
      }
      pass.setPipeline(reduce);
      pass.setBindGroup(0, reduceGroup);
      pass.dispatchWorkgroups(1);
      dispatches++;
    }
    pass.end();
    return dispatches;
  };
}
