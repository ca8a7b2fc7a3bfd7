/**
 * The one submit loop, for both schedules: compile, upload, then segments of steps with nothing
 * read back between them. Unwatched, a run is as few segments as its batch order allows (one for
 * most runs: one submit, one readback; fused, one dispatch). Watched, segments last about a frame
 * of GPU work, and each one's losses come back through a ring of staging buffers the GPU never
 * waits on. Every GPU object is destroyed however the run ends.
 */
import { adamCorrectionTable } from '../core/optimizers.ts';
import {
  splitRows,
  type EpochLosses,
  type RunData,
  type RunDescription,
  type RunOutcome,
} from '../core/run.ts';
import { BatchOrder } from '../core/batches.ts';
import type { Dataset } from '../data/index.ts';
import { RunResources } from './buffers.ts';
import type { GpuContext } from './device.ts';
import { RunGuard } from './guard.ts';
import {
  CONTROL,
  CONTROL_WORDS,
  NO_FAULT,
  runWords,
  WORD_BYTES,
  type RunValues,
} from './layout.ts';
import type { Plan } from './plan.ts';
import { ProgressReader } from './progress.ts';
import { prepareFused } from './schedules/fused.ts';
import { prepareLayered } from './schedules/layered.ts';
import { prepareWide } from './schedules/wide.ts';
import { wideRunWords } from './wide_wgsl.ts';
import type { PreparedSchedule, RunBuffers, WideBuffers } from './schedules/schedule.ts';
import { optimizerScalars } from '../core/optimizers.ts';
import type { RunControl } from '../core/control.ts';
import type { TrainProgress } from '../core/run.ts';

export interface GpuRunRequest {
  readonly context: GpuContext;
  readonly plan: Plan;
  readonly run: RunDescription;
  readonly data: RunData;
  readonly onProgress?: ((progress: TrainProgress) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** play, pause, single steps and speed (a controlled run is watched) */
  readonly control?: RunControl | undefined;
  /** steps expected to take about one frame of GPU work: the first watched segment */
  readonly stepsPerFrame?: number | undefined;
  /**
   * an unwatched run sleeps this long after its last submit before waiting (see
   * GpuContext.spinsWhileWaiting); a watched one waits a segment at a time, never the whole run
   */
  readonly sleepBeforeReadbackMs?: number | undefined;
}

export interface GpuRunOutcome extends RunOutcome {
  readonly dispatchCount: number;
  readonly submitCount: number;
  readonly readbackCount: number;
  readonly setupMs: number;
  readonly compileMs: number;
  readonly trainMs: number;
  /** GPU time from timestamp queries; null where the adapter has none or the run was watched */
  readonly gpuMs: number | null;
}

/** The control words of a run that has not started. */
export const FRESH_CONTROL = Uint32Array.of(0, NO_FAULT, 0, 0, NO_FAULT, 0, 0, 0);

/** Layered and wide runs put at most this many steps in one command buffer. */
export const MAX_STEPS_PER_SUBMIT = 512;
/** Shorter sleeps are not worth a timer. */
const MIN_SLEEP_MS = 4;
/** WebGPU's cap on one timestamp query set. */
const MAX_QUERIES = 4096;

function runValues(plan: Plan, run: RunDescription, data: RunData): RunValues {
  const h = optimizerScalars(run.optimizer, Math.fround);
  const validation = data.validation?.nSamples ?? 0;
  return {
    ...h,
    trainRows: data.train.nSamples,
    batchSize: plan.batchSize,
    stepsPerEpoch: plan.stepsPerEpoch,
    totalSteps: plan.totalSteps,
    segmentSteps: 0,
    orderEpochs: Math.max(1, plan.orderEpochs),
    patience: run.patience ?? 0,
    valFirst: data.train.nSamples,
    valRows: validation,
    testFirst: data.train.nSamples + validation,
    testRows: data.test?.nSamples ?? 0,
    stateOffset: plan.work.stateOffset,
    tableOffset: plan.work.tableOffset,
    tableEntries: plan.work.tableEntries,
    scratchOffset: plan.work.scratchOffset,
    partialOffset: plan.work.partialOffset,
    epochLossOffset: plan.losses.epochLossOffset,
    rowsPerChunk: plan.rowsPerChunk,
    blockSize: plan.blockSize,
    evalBlocks: plan.evalBlocks,
    evalBlockSize: plan.evalBlockSize,
    epochWork: plan.fullBatch && validation === 0 && (data.test?.nSamples ?? 0) === 0 ? 0 : 1,
    fullBatch: plan.fullBatch ? 1 : 0,
    params: run.net.P,
  };
}

/** The run's buffers, filled at creation: rows of X then y in split order, the params twice, NaN losses. */
export function allocate(
  res: RunResources,
  plan: Plan,
  run: RunDescription,
  data: RunData,
  prepared: PreparedSchedule,
): RunBuffers {
  const { net } = run;
  const D = net.inputs;
  const splits = [data.train, data.validation, data.test].filter(
    (d): d is Dataset => d !== null && d.nSamples > 0,
  );
  const COPY_SRC = GPUBufferUsage.COPY_SRC;
  const XS = D + 1;
  const X = Array.from({ length: plan.chunks }, (_, c) => {
    const first = c * plan.rowsPerChunk;
    const count = Math.min(plan.rowsPerChunk, plan.rows - first);
    return res.storageF32(`X[${c}]`, count * XS, 0, (target) => {
      // the chunk's rows of train, then validation, then test; `start` is where a split begins
      let start = 0;
      for (const split of splits) {
        const end = Math.min(first + count, start + split.nSamples);
        for (let r = Math.max(first, start); r < end; r++) {
          const i = r - first;
          const row = r - start;
          for (let k = 0; k < D; k++) target[i * XS + k] = split.X[row * D + k] as number;
          target[i * XS + D] = split.y[row] as number;
        }
        start += split.nSamples;
      }
    });
  });
  const order = res.buffer(
    'batch order',
    Math.max(1, plan.orderEpochs * data.train.nSamples) * WORD_BYTES,
    GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
  );
  const params = res.storageF32('params', 2 * net.P, COPY_SRC, (target) => {
    target.set(run.initialParams);
    target.set(run.initialParams, net.P);
  });
  const table =
    plan.work.tableEntries > 0 ? adamCorrectionTable(run.optimizer, plan.totalSteps) : null;
  const work = res.storageF32('work', Math.max(1, plan.work.floats), 0, (target) => {
    if (table !== null) target.set(table, plan.work.tableOffset);
  });
  const losses = res.storageF32('losses', plan.losses.floats, COPY_SRC, (target) =>
    target.fill(NaN),
  );
  const control = res.storageU32(
    'control',
    FRESH_CONTROL,
    // COPY_DST: a kernel timing starts each kernel from a fresh run (src/gpu/kernel_timing.ts)
    COPY_SRC | GPUBufferUsage.COPY_DST,
  );
  const runUniform = res.uniform('run', runWords(runValues(plan, run, data)));
  const wide = plan.wide === null ? null : allocateWide(res, plan, run, prepared);
  return { X, order, params, work, losses, control, run: runUniform, wide };
}

/** The wide schedule's buffers, zeroed (the padding must read 0), and its dispatches' args. */
function allocateWide(
  res: RunResources,
  plan: Plan,
  run: RunDescription,
  prepared: PreparedSchedule,
): WideBuffers {
  if (plan.wide === null) throw new Error('a wide run needs its wide plan');
  const { floats } = plan.wide;
  const storage = (label: string, n: number): GPUBuffer =>
    res.buffer(label, n * WORD_BYTES, GPUBufferUsage.STORAGE);
  const words = prepared.argsWords ?? new Uint32Array(1);
  const args = res.buffer('wide args', words.byteLength, GPUBufferUsage.UNIFORM, true);
  new Uint32Array(args.getMappedRange()).set(words);
  args.unmap();
  return {
    wparams: storage('wide params', floats.wparams),
    state: storage('wide optimizer state', floats.state),
    partials: storage('wide gradient partials', floats.partials),
    acts: storage('wide activations', floats.acts),
    deltas: storage('wide deltas', floats.deltas),
    rowLoss: storage('wide row losses', floats.rowLoss),
    args,
    wideRun: res.uniform('wide run', wideRunWords(plan.wide, run).buffer),
  };
}

/** Uploads each epoch's batch order just before the segment that first needs it. */
export class OrderStream {
  private readonly order: BatchOrder;
  private uploaded = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly buffer: GPUBuffer,
    private readonly plan: Plan,
    rows: number,
    batchSize: number,
    seed: number,
  ) {
    this.order = new BatchOrder(rows, batchSize, seed);
  }

  /** Makes epochs up to `last` available; the writes queue ahead of the next submit. */
  through(last: number): void {
    if (this.plan.fullBatch) return;
    while (this.uploaded <= last) {
      const rows = this.order.nextEpoch();
      if (rows === null) return;
      const slot = this.uploaded % this.plan.orderEpochs;
      this.device.queue.writeBuffer(this.buffer, slot * rows.byteLength, Uint32Array.from(rows));
      this.uploaded++;
    }
  }
}

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

  copyOut(encoder: GPUCommandEncoder, passes: number): void {
    encoder.resolveQuerySet(this.set, 0, 2 * passes, this.resolve, 0);
    encoder.copyBufferToBuffer(this.resolve, 0, this.staging, 0, 16 * passes);
  }

  async gpuMs(guard: RunGuard, passes: number): Promise<number> {
    await guard.wait(this.staging.mapAsync(GPUMapMode.READ));
    const stamps = new BigInt64Array(this.staging.getMappedRange());
    let ns = 0n;
    for (let i = 0; i < passes; i++) {
      const d = (stamps[2 * i + 1] as bigint) - (stamps[2 * i] as bigint);
      if (d > 0n) ns += d; // a negative duration is a driver artefact: dropped
    }
    this.staging.unmap();
    return Number(ns) / 1e6;
  }
}

/** Steps a segment from `first` may take so it touches at most orderEpochs epochs. */
function segmentLimit(plan: Plan, first: number): number {
  const remaining = plan.totalSteps - first;
  const byOrder = plan.fullBatch
    ? remaining
    : (Math.floor(first / plan.stepsPerEpoch) + plan.orderEpochs) * plan.stepsPerEpoch - first;
  const bySubmit = plan.schedule === 'fused' ? remaining : MAX_STEPS_PER_SUBMIT;
  return Math.max(1, Math.min(remaining, byOrder, bySubmit));
}

function splitEpochLosses(floats: Float32Array, epochs: number): EpochLosses {
  const pick = (s: number) =>
    Float64Array.from({ length: epochs }, (_, e) => floats[3 * e + s] as number);
  return { train: pick(0), validation: pick(1), test: pick(2) };
}

/** Compiles the plan's schedule (or finds it compiled). */
export function prepareSchedule(
  device: GPUDevice,
  plan: Plan,
  run: RunDescription,
  rows: { readonly train: number; readonly validation: number; readonly test: number },
): Promise<PreparedSchedule> {
  if (plan.schedule === 'fused') return prepareFused(device, plan, run);
  if (plan.schedule === 'wide') return prepareWide(device, plan, run, rows);
  return prepareLayered(device, plan, run, rows);
}

/** Trains on the GPU as the plan says. */
export async function runOnGpu(request: GpuRunRequest): Promise<GpuRunOutcome> {
  const { context, plan, run, data, onProgress, signal, control } = request;
  const { device } = context;
  const { net } = run;
  const P = net.P;
  const setupStart = performance.now();
  const res = new RunResources(device);
  const guard = new RunGuard(device, signal);
  let reader: ProgressReader | null = null;
  try {
    // compile first: a kernel that fails to compile fails before any data is uploaded
    const rows = splitRows(data);
    const prepared = await guard.wait(prepareSchedule(device, plan, run, rows));
    const buffers = allocate(res, plan, run, data, prepared);
    const schedule = prepared.bind(buffers);
    const orders = new OrderStream(
      device,
      buffers.order,
      plan,
      data.train.nSamples,
      run.batchSize,
      run.shuffleSeed,
    );
    const watched = onProgress !== undefined || signal !== undefined || control !== undefined;
    reader = watched
      ? new ProgressReader(res, plan, P, guard, onProgress, request.stepsPerFrame)
      : null;
    const finalFloats = 2 * P + CONTROL_WORDS + plan.losses.floats;
    const finalStaging = res.buffer(
      'results',
      finalFloats * WORD_BYTES,
      GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    );
    const copyFinal = (encoder: GPUCommandEncoder): void => {
      encoder.copyBufferToBuffer(buffers.params, 0, finalStaging, 0, 2 * P * WORD_BYTES);
      encoder.copyBufferToBuffer(
        buffers.control,
        0,
        finalStaging,
        2 * P * WORD_BYTES,
        CONTROL_WORDS * WORD_BYTES,
      );
      encoder.copyBufferToBuffer(
        buffers.losses,
        0,
        finalStaging,
        (2 * P + CONTROL_WORDS) * WORD_BYTES,
        plan.losses.floats * WORD_BYTES,
      );
    };
    const unwatchedSubmits = watched ? 0 : countSegments(plan);
    const timer =
      context.timestamps && !watched && 2 * unwatchedSubmits <= MAX_QUERIES
        ? new PassTimer(res, unwatchedSubmits)
        : null;
    const setupMs = performance.now() - setupStart;

    let dispatchCount = 0;
    let submitCount = 0;
    let finalRecorded = false;
    let endedEarly = false;
    const trainStart = performance.now();
    for (let first = 0; first < plan.totalSteps;) {
      guard.check();
      if (reader?.over() === true) break;
      const limit = segmentLimit(plan, first);
      let count = reader ? reader.segmentSteps(limit) : limit;
      if (control) {
        // paused: nothing more is submitted until play or a single step
        const waitStart = performance.now();
        count = await guard.wait(control.allow(count, signal));
        reader?.held(performance.now() - waitStart);
        // finished here: the steps taken are the run (no closing pass, which would take one more)
        if (count === 0) {
          endedEarly = true;
          break;
        }
        if (reader?.over() === true) break;
      }
      orders.through(Math.floor((first + count - 1) / plan.stepsPerEpoch));
      const encoder = device.createCommandEncoder();
      dispatchCount += schedule.encode(encoder, first, count, timer?.writes(submitCount));
      if (reader) await reader.copy(encoder, buffers, first, count);
      if (first + count === plan.totalSteps) {
        // the results ride in the last command buffer: one submit and one readback unwatched
        dispatchCount += schedule.finish?.(encoder) ?? 0;
        copyFinal(encoder);
        timer?.copyOut(encoder, submitCount + 1);
        finalRecorded = true;
      }
      device.queue.submit([encoder.finish()]);
      submitCount++;
      reader?.afterSubmit(first, count);
      first += count;
    }
    if (!finalRecorded) {
      const encoder = device.createCommandEncoder();
      if (!endedEarly) dispatchCount += schedule.finish?.(encoder) ?? 0;
      copyFinal(encoder);
      device.queue.submit([encoder.finish()]);
    }
    const sleepMs = watched ? 0 : (request.sleepBeforeReadbackMs ?? 0);
    if (sleepMs > MIN_SLEEP_MS)
      await guard.wait(new Promise((resolve) => setTimeout(resolve, sleepMs)));
    await guard.wait(finalStaging.mapAsync(GPUMapMode.READ));
    const words = finalStaging.getMappedRange().slice(0);
    finalStaging.unmap();
    await reader?.drain();
    const trainMs = performance.now() - trainStart;
    const gpuMs = timer ? await timer.gpuMs(guard, submitCount) : null;
    const floats = new Float32Array(words);
    const controlWords = new Uint32Array(words, 2 * P * WORD_BYTES, CONTROL_WORDS);
    const stepsDone = controlWords[CONTROL.STEP] as number;
    const badStep = controlWords[CONTROL.FIRST_BAD] as number;
    const bestEpoch = controlWords[CONTROL.BEST_EPOCH] as number;
    const keepBest = run.patience !== null && bestEpoch !== NO_FAULT;
    const lossesAt = 2 * P + CONTROL_WORDS;
    const firstBadStep = badStep === NO_FAULT ? null : badStep;
    const epochsRun = Math.floor((firstBadStep ?? stepsDone) / plan.stepsPerEpoch);
    return {
      params: floats.slice(keepBest ? P : 0, keepBest ? 2 * P : P),
      lastParams: floats.slice(0, P),
      stepLosses: floats.slice(lossesAt, lossesAt + stepsDone),
      epochLosses: splitEpochLosses(
        floats.subarray(lossesAt + plan.losses.epochLossOffset),
        run.epochs,
      ),
      stepsDone,
      totalSteps: plan.totalSteps,
      epochsRun,
      bestEpoch: keepBest ? bestEpoch : null,
      stoppedEarly: controlWords[CONTROL.STOPPED] === 1,
      firstBadStep,
      dispatchCount,
      submitCount: submitCount + (finalRecorded ? 0 : 1),
      readbackCount: (reader?.readbacks ?? 0) + 1,
      setupMs,
      compileMs: prepared.compileMs,
      trainMs,
      gpuMs,
    };
  } finally {
    guard.dispose();
    // let the GPU finish and every map settle before the buffers go
    await device.queue.onSubmittedWorkDone().catch(() => undefined);
    await reader?.settle();
    res.destroyAll();
  }
}

/** Submits an unwatched run takes. */
export function countSegments(plan: Plan): number {
  let segments = 0;
  for (let first = 0; first < plan.totalSteps; first += segmentLimit(plan, first)) segments++;
  return segments;
}
