import { makeDataset } from '../data/index.ts';
import { PROGRESS_INTERVAL_MS } from '../layout/index.ts';
import type { AdapterSummary } from './adapter.ts';
import type { GpuContext } from './device.ts';
import { planRun, type GpuSchedule } from './legacy_plan.ts';
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
  /** measured GPU time of one step, by schedule; null when not measured */
  readonly stepCost: { readonly persistent: StepCost | null; readonly multi: StepCost | null };
  /** 'measured' by a tuning pass on this adapter, or the 'default' for its kind */
  readonly source: 'measured' | 'default';
}

/** One step's GPU time as a line in N: fixedNs + perSampleNs · N, fitted to two measured sizes. */
export interface StepCost {
  readonly fixedNs: number;
  readonly perSampleNs: number;
}

const UNMEASURED = { persistent: null, multi: null } as const;

export function stepNs(cost: StepCost, N: number): number {
  return Math.max(0, cost.fixedNs + cost.perSampleNs * N);
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
      stepCost: UNMEASURED,
      source: 'default',
    };
  }
  return {
    persistentWorkgroupSize: 256,
    multiWorkgroupSize: 256,
    maxWorkgroupsPerChunk: 1024,
    persistentMaxSamples: 16384,
    stepCost: UNMEASURED,
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

/** Fraction of a run's expected GPU time to sleep through before waiting (see GpuContext.spinsWhileWaiting). */
export const SLEEP_FRACTION = 0.8;

/** How long to sleep before waiting on a run of N samples × steps, from the measured cost. */
export function expectedSleepMs(
  context: GpuContext,
  schedule: GpuSchedule,
  N: number,
  steps: number,
): number {
  const cost = context.tuning.stepCost[schedule === 'persistent' ? 'persistent' : 'multi'];
  if (!context.spinsWhileWaiting || cost === null) return 0;
  return (SLEEP_FRACTION * stepNs(cost, N) * steps) / 1e6;
}

/** Steps that take about one frame (PROGRESS_INTERVAL_MS) of GPU time; 1 when the cost is not known. */
export function stepsPerFrame(tuning: Tuning, schedule: GpuSchedule, N: number): number {
  const cost = tuning.stepCost[schedule === 'persistent' ? 'persistent' : 'multi'];
  if (cost === null) return 1;
  return Math.max(1, Math.floor((PROGRESS_INTERVAL_MS * 1e6) / Math.max(stepNs(cost, N), 1)));
}

/** Two measured (N, ms per step) points, as a line. */
function fit(
  small: { N: number; msPerStep: number },
  large: { N: number; msPerStep: number },
): StepCost {
  const perSampleNs = ((large.msPerStep - small.msPerStep) * 1e6) / (large.N - small.N);
  return {
    fixedNs: small.msPerStep * 1e6 - perSampleNs * small.N,
    perSampleNs: Math.max(perSampleNs, 0),
  };
}

/** Where the persistent schedule stops being the cheaper one, within what one dispatch should carry. */
function crossover(persistent: StepCost, multi: StepCost): number {
  const MIN = 1024;
  const MAX = 65536;
  const slope = persistent.perSampleNs - multi.perSampleNs;
  if (slope <= 0) return MAX;
  return Math.round(Math.min(MAX, Math.max(MIN, (multi.fixedNs - persistent.fixedNs) / slope)));
}

/**
 * GPU milliseconds (timestamps, else wall) of a run of this shape: a first run to learn its cost,
 * then three that sleep through most of it before waiting, as training runs do; their median.
 */
async function timeShape(
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
  let estimate = 0;
  for (let repeat = 0; repeat < 4; repeat++) {
    const sleepBeforeReadbackMs = context.spinsWhileWaiting ? SLEEP_FRACTION * estimate : 0;
    const outcome = await runOnGpu(context, {
      data,
      steps,
      lr: 0.1,
      initialParams: [0, 0, 0],
      plan,
      sleepBeforeReadbackMs,
    });
    estimate = outcome.gpuMs ?? outcome.trainMs;
    if (repeat > 0) times.push(estimate);
  }
  times.sort((a, b) => a - b);
  return times[1] as number;
}

async function fastest<T>(
  candidates: readonly T[],
  time: (candidate: T) => Promise<number>,
): Promise<[T, number]> {
  let best = candidates[0] as T;
  let bestMs = Infinity;
  for (const candidate of candidates) {
    const ms = await time(candidate);
    if (ms < bestMs) {
      best = candidate;
      bestMs = ms;
    }
  }
  return [best, bestMs];
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
        [16, 16],
        [64, 16],
        [16, 64],
      ]
    : [
        [64, 1024],
        [256, 1024],
        [256, 256],
      ];
  // shapes are picked at the tutorial's size (persistent) and at a large N (multi-workgroup);
  // each winner is timed at a second size too, for a line of cost against N
  const persistentAt = [
    { N: 128, steps: 64 },
    { N: 2048, steps: 16 },
  ] as const;
  const multiAt = software
    ? ([
        { N: 1 << 17, steps: 4 },
        { N: 1 << 13, steps: 16 },
      ] as const)
    : ([
        { N: 1 << 20, steps: 32 },
        { N: 1 << 14, steps: 64 },
      ] as const);
  const perStep = (ms: number, at: { N: number; steps: number }) => ({
    N: at.N,
    msPerStep: ms / at.steps,
  });
  const [p, pm] = [persistentAt[0], persistentAt[1]];
  const [persistentWorkgroupSize, persistentMs] = await fastest(persistentSizes, (size) =>
    timeShape(context, p.N, p.steps, 'persistent', size, 1),
  );
  const persistentLarge = await timeShape(
    context,
    pm.N,
    pm.steps,
    'persistent',
    persistentWorkgroupSize,
    1,
  );
  const [m, ms] = [multiAt[0], multiAt[1]];
  const [[multiWorkgroupSize, maxWorkgroupsPerChunk], multiMs] = await fastest(
    multiShapes,
    ([size, groups]) => timeShape(context, m.N, m.steps, 'multi-workgroup', size, groups),
  );
  const multiSmall = await timeShape(
    context,
    ms.N,
    ms.steps,
    'multi-workgroup',
    multiWorkgroupSize,
    maxWorkgroupsPerChunk,
  );
  const persistent = fit(perStep(persistentMs, p), perStep(persistentLarge, pm));
  const multi = fit(perStep(multiSmall, ms), perStep(multiMs, m));
  return {
    ...base,
    persistentWorkgroupSize,
    multiWorkgroupSize,
    maxWorkgroupsPerChunk,
    persistentMaxSamples: crossover(persistent, multi),
    stepCost: { persistent, multi },
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
