import { F32_BYTES, partialStride, paramCount, WORKGROUP_SIZES } from '../layout/index.ts';

export type ScheduleChoice = 'auto' | 'persistent' | 'multi-workgroup';
export type GpuSchedule = Exclude<ScheduleChoice, 'auto'>;

/** The device limits a plan must respect (a subset of GPUSupportedLimits). */
export interface PlanLimits {
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
  readonly maxComputeWorkgroupStorageSize: number;
  readonly maxComputeInvocationsPerWorkgroup: number;
  readonly maxComputeWorkgroupSizeX: number;
  readonly maxComputeWorkgroupsPerDimension: number;
}

export interface PlanRequest {
  readonly N: number;
  readonly D: number;
  readonly steps: number;
  readonly limits: PlanLimits;
  readonly schedule: ScheduleChoice;
  /** the forward kernel's (or the persistent kernel's) workgroup size; shrunk if D needs it */
  readonly workgroupSize: number;
  /** the largest N the persistent schedule takes when the choice is automatic */
  readonly persistentMaxSamples: number;
  /** the most workgroups one chunk dispatches (more samples per thread beyond that) */
  readonly maxWorkgroupsPerChunk?: number;
}

/** A contiguous range of samples with its own X and y buffers (each within one storage binding). */
export interface Chunk {
  readonly first: number;
  readonly count: number;
  readonly numWorkgroups: number;
  /** the first partial record its workgroups write */
  readonly partialBase: number;
}

export interface Plan {
  readonly schedule: GpuSchedule;
  readonly workgroupSize: number;
  /** reduce_update's workgroup size (multi-workgroup only) */
  readonly reduceWorkgroupSize: number;
  readonly chunks: readonly Chunk[];
  /** G: partial records per step, over all chunks */
  readonly numPartials: number;
  /** compute dispatches for the whole run */
  readonly dispatchCount: number;
  /** queue submits for the whole run */
  readonly submitCount: number;
  /** steps encoded into one submit */
  readonly stepsPerSubmit: number;
  /** bytes the run allocates on the GPU for data, params, partials and losses */
  readonly deviceBytes: number;
}

/** Work a GPU cannot take: refused before anything is allocated. */
export class GpuCapacityError extends Error {
  override name = 'GpuCapacityError';
}

/** The most workgroups one chunk dispatches; more samples per thread beyond that (grid stride). */
export const MAX_WORKGROUPS_PER_CHUNK = 1024;
/** The most steps encoded into one command buffer when nobody watches progress. */
export const MAX_STEPS_PER_SUBMIT = 512;

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

/** The largest workgroup size ≤ wanted whose scratch (WG × (D+2) floats, plus the params) fits the limits. */
export function fitWorkgroupSize(wanted: number, D: number, limits: PlanLimits): number {
  const S = partialStride(D);
  const cap = Math.min(limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX);
  for (const size of [...WORKGROUP_SIZES].reverse()) {
    if (size > wanted || size > cap) continue;
    const bytes = (size * S + paramCount(D) + 1) * F32_BYTES;
    if (bytes <= limits.maxComputeWorkgroupStorageSize) return size;
  }
  const smallest = WORKGROUP_SIZES[0];
  const bytes = (smallest * S + paramCount(D) + 1) * F32_BYTES;
  throw new GpuCapacityError(
    `D = ${D} features need ${bytes} bytes of workgroup memory even with ${smallest} thread; ` +
      `this device allows ${limits.maxComputeWorkgroupStorageSize}`,
  );
}

/** Splits N samples into chunks whose X (count × D floats) fits one storage binding and one buffer. */
export function chunkSamples(
  N: number,
  D: number,
  workgroupSize: number,
  limits: PlanLimits,
  maxWorkgroupsPerChunk = MAX_WORKGROUPS_PER_CHUNK,
): Chunk[] {
  const bytesPerSample = D * F32_BYTES;
  const maxBytes = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const perChunk = Math.floor(maxBytes / bytesPerSample);
  if (perChunk < 1)
    throw new GpuCapacityError(
      `one sample of ${D} features does not fit a ${maxBytes}-byte binding`,
    );
  const maxWorkgroups = Math.min(maxWorkgroupsPerChunk, limits.maxComputeWorkgroupsPerDimension);
  const chunks: Chunk[] = [];
  let partialBase = 0;
  for (let first = 0; first < N || chunks.length === 0; first += perChunk) {
    const count = Math.min(perChunk, N - first);
    const numWorkgroups = Math.max(1, Math.min(maxWorkgroups, Math.ceil(count / workgroupSize)));
    chunks.push({ first, count, numWorkgroups, partialBase });
    partialBase += numWorkgroups;
  }
  return chunks;
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * Decides how a run executes: which schedule, workgroup sizes, chunks, and how many dispatches
 * and submits it takes. Plain arithmetic on the request, so it is tested without a GPU.
 */
export function planRun(request: PlanRequest): Plan {
  const { N, D, steps, limits } = request;
  if (!Number.isInteger(N) || N < 1)
    throw new GpuCapacityError(`N must be at least 1 sample, got ${N}`);
  if (!isPowerOfTwo(request.workgroupSize)) {
    throw new GpuCapacityError(
      `the workgroup size must be a power of two, got ${request.workgroupSize}`,
    );
  }
  const workgroupSize = fitWorkgroupSize(request.workgroupSize, D, limits);
  const chunks = chunkSamples(N, D, workgroupSize, limits, request.maxWorkgroupsPerChunk);
  const fitsOneBinding = chunks.length === 1;
  let schedule: GpuSchedule;
  if (request.schedule === 'auto') {
    schedule =
      fitsOneBinding && N <= request.persistentMaxSamples ? 'persistent' : 'multi-workgroup';
  } else {
    schedule = request.schedule;
  }
  if (schedule === 'persistent' && !fitsOneBinding) {
    throw new GpuCapacityError(
      `the persistent schedule needs the data in one storage binding; ${N} samples × ${D} features need ${chunks.length}`,
    );
  }
  const S = partialStride(D);
  const numPartials =
    schedule === 'persistent' ? 0 : chunks.reduce((sum, c) => sum + c.numWorkgroups, 0);
  const dataBytes = N * (D + 1) * F32_BYTES;
  const deviceBytes = dataBytes + (paramCount(D) + numPartials * S + steps) * F32_BYTES;
  if (steps * F32_BYTES > Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize)) {
    throw new GpuCapacityError(
      `${steps} steps of losses do not fit one storage binding on this device`,
    );
  }
  const reduceWorkgroupSize = Math.min(
    fitWorkgroupSize(workgroupSize, D, limits),
    nextPowerOfTwo(Math.max(numPartials, 1)),
  );
  if (schedule === 'persistent') {
    // unwatched, the whole run is one dispatch in one submit (a watched run adds a submit per progress segment)
    const stepsPerSubmit = steps;
    const submits = 1;
    return {
      schedule,
      workgroupSize,
      reduceWorkgroupSize: 0,
      chunks,
      numPartials,
      dispatchCount: submits,
      submitCount: submits,
      stepsPerSubmit,
      deviceBytes,
    };
  }
  // each step: forward_loss_grad once per chunk, then reduce_update
  const dispatchesPerStep = chunks.length + 1;
  const stepsPerSubmit = Math.min(MAX_STEPS_PER_SUBMIT, steps);
  return {
    schedule,
    workgroupSize,
    reduceWorkgroupSize,
    chunks,
    numPartials,
    dispatchCount: steps * dispatchesPerStep,
    submitCount: Math.ceil(steps / stepsPerSubmit),
    stepsPerSubmit,
    deviceBytes,
  };
}
