/**
 * How the kernels are shaped on one adapter and what they cost there: the workgroup sizes of the
 * schedules, how many blocks the layered schedule spreads a batch over, the wide schedule's tiles,
 * each schedule's cost model
 * (src/gpu/cost.ts), and the schedules trials settled for run shapes the models could not call.
 * Defaults by kind of adapter; a tuning pass (src/gpu/tune.ts) measures them. Free of the GPU, so
 * it is tested without one.
 */
import type { AdapterSummary } from './adapter.ts';
import type { CompileCost, ScheduleCost } from './cost.ts';
import type { Parallelism } from './run_counts.ts';
import { wideShapeProblem, type WideShape, type WorkgroupShape } from './wide_plan.ts';
import { defaultWideShape } from './wide_tuning.ts';
import { PROGRESS_INTERVAL_MS } from './progress.ts';

export interface Tuning {
  /** threads in the fused schedule's one workgroup */
  readonly fusedWorkgroupSize: number;
  /** threads per workgroup of the layered schedule's per-block kernels */
  readonly layeredWorkgroupSize: number;
  /** the most blocks (workgroups) one layered step spreads its batch over */
  readonly layeredMaxBlocks: number;
  /** threads per workgroup that add the blocks' partial sums */
  readonly reduceWorkgroupSize: number;
  /** the wide schedule's tile, workgroup and gradient blocks */
  readonly wide: WideShape;
  /** how much of the device runs at once, for the cost model's counts (src/gpu/run_counts.ts) */
  readonly parallel: Parallelism;
  /** each schedule's cost model, by schedule name (a schedule brings its own) */
  readonly cost: Readonly<Record<string, ScheduleCost>>;
  /** the schedule a trial chose, by run shape (runShapeKey), for shapes the predictions could not call */
  readonly decisions: Readonly<Record<string, string>>;
  /** 'measured' by a tuning pass on this adapter, or the 'default' for its kind */
  readonly source: 'measured' | 'default';
}

/** Somewhere to keep tunings between runs (a file in Node, localStorage in a page). */
export interface TuningStore {
  load(key: string): Tuning | null;
  save(key: string, tuning: Tuning): void;
}

const line = (fixedMs: number, perParamMs: number): CompileCost => ({ fixedMs, perParamMs });

/**
 * SwiftShader on a 2-core machine, as `webgpu-train tune` fitted it there on 2026-12-06 (load 0.9,
 * nothing else running; rounded): a fused step costs a few microseconds, a dispatch about 55 µs,
 * each block partial the layered reduction adds about 5 µs (one quantity's sum is a pass of its
 * own), a multiply-add of the wide tiles about 9 ns per lane group; written-out code runs each
 * unit of per-sample work about 7 times faster than loops (whose arrays live in memory) but
 * compiles in about 5.5 ms a param more. The schedules price what they share alike (one fit).
 */
const SOFTWARE_NS = {
  steps: 2500,
  updates: 130,
  dispatches: 55_000,
  partials: 5300,
  positions: 42,
  pathUnrolled: 9,
  pathLooped: 67,
  macs: 9,
} as const;
const SOFTWARE_COST: Readonly<Record<string, ScheduleCost>> = {
  fused: {
    ns: SOFTWARE_NS,
    compile: { unrolled: line(110, 5.5), looped: line(150, 0.9) },
    error: 0.5,
  },
  layered: {
    ns: SOFTWARE_NS,
    compile: { unrolled: line(100, 5.5), looped: line(100, 0.7) },
    error: 0.5,
  },
  wide: {
    ns: SOFTWARE_NS,
    compile: { unrolled: line(800, 0.05), looped: line(800, 0.05) },
    error: 0.5,
  },
};

/**
 * A GPU: a step on one workgroup is cheap until its threads run out of batch to share; a
 * dispatch costs a few microseconds; arithmetic is nearly free beside memory. Written-out code
 * compiles quickly.
 */
const GPU_COST: Readonly<Record<string, ScheduleCost>> = {
  fused: {
    ns: { steps: 2000, updates: 2, positions: 20, pathUnrolled: 2, pathLooped: 3 },
    compile: { unrolled: line(30, 0.2), looped: line(30, 0) },
    error: 0.5,
  },
  layered: {
    ns: { dispatches: 8000, partials: 1, positions: 20, pathUnrolled: 2, pathLooped: 3 },
    compile: { unrolled: line(60, 0.4), looped: line(60, 0) },
    error: 0.5,
  },
  wide: {
    ns: { dispatches: 8000, macs: 0.5 },
    compile: { unrolled: line(100, 0), looped: line(100, 0) },
    error: 0.5,
  },
};

/**
 * A GPU fills a workgroup with 64–256 threads and the chip with hundreds of workgroups.
 * SwiftShader runs a workgroup on one CPU thread and a barrier costs about one pass over its
 * threads, so it wants tiny workgroups, and only as many blocks as it has cores to share.
 */
export function defaultTuning(adapter: AdapterSummary): Tuning {
  if (adapter.isSoftware) {
    return {
      fusedWorkgroupSize: 4,
      layeredWorkgroupSize: 16,
      layeredMaxBlocks: 8,
      reduceWorkgroupSize: 64,
      wide: defaultWideShape(true),
      // SwiftShader runs 4 lanes at once (SIMD), one workgroup per core
      parallel: { lanes: 4, workgroups: cores() },
      cost: SOFTWARE_COST,
      decisions: {},
      source: 'default',
    };
  }
  return {
    fusedWorkgroupSize: 256,
    layeredWorkgroupSize: 256,
    layeredMaxBlocks: 1024,
    reduceWorkgroupSize: 256,
    wide: defaultWideShape(false),
    parallel: { lanes: 256, workgroups: 64 },
    cost: GPU_COST,
    decisions: {},
    source: 'default',
  };
}

/** The CPU's cores as the platform tells them (navigator.hardwareConcurrency), else 2. */
function cores(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency;
  return typeof n === 'number' && n >= 1 ? n : 2;
}

/** A key that names the adapter (and this tuning's shape: older shapes are measured again). */
export function tuningKey(adapter: AdapterSummary): string {
  return ['v5', adapter.vendor, adapter.architecture, adapter.device, adapter.description].join(
    '|',
  );
}

const isCount = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 1;
const isTile = (x: unknown): x is { rows: unknown; units: unknown } =>
  typeof x === 'object' && x !== null;
/** A kept wide shape's limits are the device's question (the plan's), not the store's. */
const NO_LIMITS = {
  maxComputeWorkgroupStorageSize: Infinity,
  maxComputeInvocationsPerWorkgroup: Infinity,
  maxComputeWorkgroupSizeX: Infinity,
};
/** A kept wide shape: either kind, with the fields it needs and a shape the kernels take (a device's limits aside). */
const isWideShape = (x: unknown): boolean => {
  if (typeof x !== 'object' || x === null) return false;
  const w = x as Partial<Record<keyof WorkgroupShape, unknown>>;
  const common =
    isTile(w.tile) &&
    isCount(w.tile.rows) &&
    isCount(w.tile.units) &&
    isCount(w.workgroupSize) &&
    isCount(w.blockRows) &&
    isCount(w.updateSpan);
  const fields =
    (w.kind === 'registers' && typeof (x as { fold?: unknown }).fold === 'boolean') ||
    (w.kind === 'workgroup' &&
      isTile(w.group) &&
      isCount(w.group.rows) &&
      isCount(w.group.units) &&
      isCount(w.slab));
  return common && fields && wideShapeProblem(x as WideShape, NO_LIMITS) === null;
};
const isAmount = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x) && x >= 0;
const isRecordOf = (x: unknown, ok: (v: unknown) => boolean): boolean =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && Object.values(x).every(ok);
const isCompile = (x: unknown): boolean =>
  typeof x === 'object' &&
  x !== null &&
  isAmount((x as CompileCost).fixedMs) &&
  isAmount((x as CompileCost).perParamMs);
const isScheduleCost = (x: unknown): boolean => {
  if (typeof x !== 'object' || x === null) return false;
  const c = x as Partial<ScheduleCost>;
  return (
    isRecordOf(c.ns, isAmount) &&
    typeof c.compile === 'object' &&
    c.compile !== null &&
    isCompile(c.compile.unrolled) &&
    isCompile(c.compile.looped) &&
    isAmount(c.error)
  );
};

/** A stored tuning, checked field by field; null for anything else (then the kind's defaults). */
export function parseTuning(value: unknown): Tuning | null {
  if (typeof value !== 'object' || value === null) return null;
  const t = value as Partial<Tuning>;
  const ok =
    isCount(t.fusedWorkgroupSize) &&
    isCount(t.layeredWorkgroupSize) &&
    isCount(t.layeredMaxBlocks) &&
    isCount(t.reduceWorkgroupSize) &&
    isWideShape(t.wide) &&
    typeof t.parallel === 'object' &&
    t.parallel !== null &&
    isCount(t.parallel.lanes) &&
    isCount(t.parallel.workgroups) &&
    isRecordOf(t.cost, isScheduleCost) &&
    isRecordOf(t.decisions, (v) => typeof v === 'string') &&
    (t.source === 'measured' || t.source === 'default');
  return ok ? (value as Tuning) : null;
}

/** Steps expected to take about one frame of GPU time, from the run's predicted time. */
export function stepsPerFrame(runMs: number, steps: number): number {
  const stepMs = runMs / Math.max(1, steps);
  return Math.max(1, Math.floor(PROGRESS_INTERVAL_MS / Math.max(stepMs, 1e-6)));
}

/**
 * Fraction of a run's expected GPU time to sleep through before waiting on it. Half, not most: a
 * tuning kept from a busier hour overestimates, and sleeping past the GPU's end costs more than
 * spinning does (measured here: 0.8 of an estimate made under load slept 20–40 % past the GPU's
 * end once the machine was quiet).
 */
export const SLEEP_FRACTION = 0.5;

/**
 * How long an unwatched run sleeps after its last submit before it waits on the readback, where
 * waiting spins on a core the adapter needs (Dawn's Node binding on a software adapter): half
 * the run's predicted GPU time, when a tuning pass measured this adapter (the kind's defaults
 * are not trusted to sleep by). 0 where waiting does not spin.
 */
export function sleepBeforeReadbackMs(
  runMs: number,
  tuning: Tuning,
  spinsWhileWaiting: boolean,
): number {
  if (!spinsWhileWaiting || tuning.source !== 'measured') return 0;
  return SLEEP_FRACTION * runMs;
}
