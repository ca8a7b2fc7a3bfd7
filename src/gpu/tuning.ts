import { makeDataset } from '../data/index.ts';
import type { AdapterSummary } from './adapter.ts';
import type { GpuContext } from './device.ts';
import { planRun, type GpuSchedule } from './plan.ts';
import { runOnGpu } from './run.ts';

/** How the kernels are shaped for one adapter. */
export interface Tuning {
  /** threads in the persistent kernel's one workgroup */
  readonly persistentWorkgroupSize: number;
  /** threads per workgroup of forward_loss_grad */
  readonly multiWorkgroupSize: number;
  /** the most workgroups one forward_loss_grad dispatch launches per chunk */
  readonly maxWorkgroupsPerChunk: number;
  /** the largest N the automatic choice runs as the persistent schedule */
  readonly persistentMaxSamples: number;
  /** 'measured' by a tuning pass on this adapter, or the 'default' for its kind */
  readonly source: 'measured' | 'default';
}

/** Somewhere to keep tunings between runs (a file in Node, localStorage in a page). */
export interface TuningStore {
  load(key: string): Tuning | null;
  save(key: string, tuning: Tuning): void;
}

/**
 * Defaults by kind of adapter. On a GPU, 256 threads fill a workgroup and 1024 workgroups fill
 * the chip. SwiftShader runs a workgroup on one CPU thread and a barrier costs in proportion to
 * its threads, so it wants tiny workgroups, and few of them.
 */
export function defaultTuning(adapter: AdapterSummary): Tuning {
  if (adapter.isSoftware) {
    return {
      persistentWorkgroupSize: 4,
      multiWorkgroupSize: 4,
      maxWorkgroupsPerChunk: 8,
      persistentMaxSamples: 16384,
      source: 'default',
    };
  }
  return {
    persistentWorkgroupSize: 256,
    multiWorkgroupSize: 256,
    maxWorkgroupsPerChunk: 1024,
    persistentMaxSamples: 16384,
    source: 'default',
  };
}

/** The workgroup size a schedule runs with under a tuning. */
export function workgroupSizeFor(tuning: Tuning, schedule: GpuSchedule): number {
  return schedule === 'persistent' ? tuning.persistentWorkgroupSize : tuning.multiWorkgroupSize;
}

/** A key that names the adapter, for caching its tuning. */
export function tuningKey(adapter: AdapterSummary): string {
  return [adapter.vendor, adapter.architecture, adapter.device, adapter.description].join('|');
}

/** A fixed, seeded problem of N samples (D = 2) for timing; its values do not matter, only its size. */
function syntheticData(N: number) {
  const X = new Float64Array(2 * N);
  const y = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    X[2 * i] = Math.sin(i);
    X[2 * i + 1] = Math.cos(3 * i);
    y[i] = i % 2;
  }
  return makeDataset(X, y, 2);
}

async function medianMs(
  context: GpuContext,
  N: number,
  steps: number,
  schedule: GpuSchedule,
  workgroupSize: number,
  maxWorkgroupsPerChunk: number,
): Promise<number> {
  const data = syntheticData(N);
  const plan = planRun({
    N,
    D: 2,
    steps,
    limits: context.device.limits,
    schedule,
    workgroupSize,
    persistentMaxSamples: N,
    maxWorkgroupsPerChunk,
  });
  const times: number[] = [];
  for (let repeat = 0; repeat < 3; repeat++) {
    const outcome = await runOnGpu(context, {
      data,
      steps,
      lr: 0.1,
      initialParams: [0, 0, 0],
      plan,
    });
    times.push(outcome.gpuMs ?? outcome.trainMs);
  }
  times.sort((a, b) => a - b);
  return times[1] as number;
}

async function fastest<T>(
  candidates: readonly T[],
  time: (candidate: T) => Promise<number>,
): Promise<T> {
  let best = candidates[0] as T;
  let bestMs = Infinity;
  for (const candidate of candidates) {
    const ms = await time(candidate);
    if (ms < bestMs) {
      best = candidate;
      bestMs = ms;
    }
  }
  return best;
}

/**
 * A short tuning pass: times each schedule's kernel on a small synthetic problem with a few
 * workgroup shapes around the adapter's default, and keeps the fastest. About a second on
 * SwiftShader (mostly shader compiles); kept per adapter so it runs once.
 */
export async function measureTuning(context: GpuContext): Promise<Tuning> {
  const base = defaultTuning(context.adapter);
  const software = context.adapter.isSoftware;
  const persistentSizes = software ? [2, 4, 8, 16] : [64, 128, 256];
  const multiShapes: [number, number][] = software
    ? [
        [4, 8],
        [16, 8],
        [4, 64],
      ]
    : [
        [64, 1024],
        [256, 1024],
        [256, 256],
      ];
  const persistentWorkgroupSize = await fastest(persistentSizes, (size) =>
    medianMs(context, 1024, 32, 'persistent', size, 1),
  );
  const [multiWorkgroupSize, maxWorkgroupsPerChunk] = await fastest(multiShapes, ([size, groups]) =>
    medianMs(
      context,
      software ? 1 << 16 : 1 << 20,
      software ? 4 : 32,
      'multi-workgroup',
      size,
      groups,
    ),
  );
  return {
    ...base,
    persistentWorkgroupSize,
    multiWorkgroupSize,
    maxWorkgroupsPerChunk,
    source: 'measured',
  };
}

const measured = new Map<string, Promise<Tuning>>();

/** The adapter's tuning: from this process, from the store, or measured now (and stored). */
export function tuneOnce(context: GpuContext, store?: TuningStore): Promise<Tuning> {
  const key = tuningKey(context.adapter);
  let pending = measured.get(key);
  if (pending === undefined) {
    const stored = store?.load(key) ?? null;
    pending = stored !== null ? Promise.resolve(stored) : measureTuning(context);
    measured.set(key, pending);
    if (stored === null)
      void pending.then((tuning) => store?.save(key, tuning)).catch(() => measured.delete(key));
  }
  return pending;
}
