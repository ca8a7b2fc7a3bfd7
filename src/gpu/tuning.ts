/**
 * How the kernels are shaped on one adapter: the workgroup sizes of both schedules, how many
 * blocks the layered schedule spreads a batch over, what a step costs on each, and where the
 * automatic choice moves from fused to layered. Defaults by kind of adapter; a tuning pass
 * (src/gpu/tune.ts) measures them. The arithmetic on measured costs lives here, free of the GPU,
 * so it is tested without one.
 */
import type { AdapterSummary } from './adapter.ts';
import { PROGRESS_INTERVAL_MS } from './progress.ts';
import { TILE_SIZES, type WideShape } from './wide_plan.ts';
import { defaultWideShape } from './wide_tuning.ts';

/**
 * One step's GPU time as a line in the step's work W = B·S (batch rows × the 1 + P quantities each
 * adds): fixedNs + perWorkNs · W. W is what both schedules' sums scale with, whatever the model, so
 * a line measured on two models carries over to a third.
 */
export interface StepCost {
  readonly fixedNs: number;
  readonly perWorkNs: number;
}

export interface Tuning {
  /** threads in the fused schedule's one workgroup */
  readonly fusedWorkgroupSize: number;
  /** threads per workgroup of the layered schedule's per-block kernels */
  readonly layeredWorkgroupSize: number;
  /** the most blocks (workgroups) one layered step spreads its batch over */
  readonly layeredMaxBlocks: number;
  /** threads per workgroup that add the blocks' partial sums */
  readonly reduceWorkgroupSize: number;
  /** the most work per step (batch × (1 + params)) that the automatic choice runs fused */
  readonly fusedMaxWork: number;
  /** measured step costs, by schedule; null when not measured */
  readonly stepCost: { readonly fused: StepCost | null; readonly layered: StepCost | null };
  /** 'measured' by a tuning pass on this adapter, or the 'default' for its kind */
  readonly source: 'measured' | 'default';
  /** the wide schedule's tile and workgroup (a tuning kept before it existed has none: the kind's default) */
  readonly wide?: WideShape;
}

/** Somewhere to keep tunings between runs (a file in Node, localStorage in a page). */
export interface TuningStore {
  load(key: string): Tuning | null;
  save(key: string, tuning: Tuning): void;
}

/** The automatic choice never runs fused below this much work a step, nor above the maximum. */
export const MIN_FUSED_WORK = 1024;
/** One workgroup carrying more than this a step is seconds of one thread group on a GPU: layered. */
export const MAX_FUSED_WORK = 1 << 20;

/**
 * A GPU fills a workgroup with 64–256 threads and the chip with hundreds of workgroups.
 * SwiftShader runs a workgroup on one CPU thread and a barrier costs about one pass over its
 * threads, so it wants tiny workgroups, and only as many blocks as it has cores to share.
 */
export function defaultTuning(adapter: AdapterSummary): Tuning {
  const unmeasured = { fused: null, layered: null };
  if (adapter.isSoftware) {
    return {
      fusedWorkgroupSize: 4,
      layeredWorkgroupSize: 16,
      layeredMaxBlocks: 8,
      reduceWorkgroupSize: 64,
      fusedMaxWork: 65_536,
      stepCost: unmeasured,
      source: 'default',
      wide: defaultWideShape(true),
    };
  }
  return {
    fusedWorkgroupSize: 256,
    layeredWorkgroupSize: 256,
    layeredMaxBlocks: 1024,
    reduceWorkgroupSize: 256,
    fusedMaxWork: 65_536,
    stepCost: unmeasured,
    source: 'default',
    wide: defaultWideShape(false),
  };
}

/** A key that names the adapter (and this tuning's shape: older shapes are measured again). */
export function tuningKey(adapter: AdapterSummary): string {
  return ['v2', adapter.vendor, adapter.architecture, adapter.device, adapter.description].join(
    '|',
  );
}

const isCount = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 1;
const isCost = (x: unknown): x is StepCost | null =>
  x === null ||
  (typeof x === 'object' &&
    Number.isFinite((x as StepCost).fixedNs) &&
    Number.isFinite((x as StepCost).perWorkNs));

const isTileSize = (x: unknown): boolean => (TILE_SIZES as readonly unknown[]).includes(x);
const isWideShape = (x: unknown): boolean => {
  if (typeof x !== 'object' || x === null) return false;
  const w = x as Partial<WideShape>;
  return (
    typeof w.tile === 'object' &&
    w.tile !== null &&
    isTileSize(w.tile.rows) &&
    isTileSize(w.tile.units) &&
    isCount(w.workgroupSize) &&
    isCount(w.blockRows)
  );
};

/** A stored tuning, checked field by field; null for anything else (then the pass runs again). */
export function parseTuning(value: unknown): Tuning | null {
  if (typeof value !== 'object' || value === null) return null;
  const t = value as Partial<Tuning>;
  const cost = t.stepCost as Partial<Tuning['stepCost']> | undefined;
  const ok =
    isCount(t.fusedWorkgroupSize) &&
    isCount(t.layeredWorkgroupSize) &&
    isCount(t.layeredMaxBlocks) &&
    isCount(t.reduceWorkgroupSize) &&
    isCount(t.fusedMaxWork) &&
    typeof cost === 'object' &&
    cost !== null &&
    isCost(cost.fused) &&
    isCost(cost.layered) &&
    (t.source === 'measured' || t.source === 'default') &&
    (t.wide === undefined || isWideShape(t.wide));
  return ok ? (value as Tuning) : null;
}

export function stepNs(cost: StepCost, work: number): number {
  return Math.max(0, cost.fixedNs + cost.perWorkNs * work);
}

/** One measured point: a step of `work` took `ns`. */
export interface CostPoint {
  readonly work: number;
  readonly ns: number;
}

/**
 * The line through the points that is least wrong relative to each point (least squares on
 * residual / ns, numpy.polyfit's w = 1/ns), so a step of microseconds is fitted as closely as one
 * of milliseconds: the sleep before a short run's readback must not overshoot it. The slope is at
 * least zero (more work never costs less; a negative slope is noise) and so is the fixed cost
 * (else the line goes through 0). One point, or points all at one work, give a flat line.
 */
export function fitStepCost(points: readonly CostPoint[]): StepCost {
  if (points.length === 0) throw new RangeError('fitStepCost needs at least one point');
  const weight = (p: CostPoint) => 1 / (p.ns * p.ns);
  const sum = (f: (p: CostPoint) => number) => points.reduce((s, p) => s + f(p), 0);
  const sw = sum(weight);
  const meanW = sum((p) => weight(p) * p.work) / sw;
  const meanNs = sum((p) => weight(p) * p.ns) / sw;
  const sxx = sum((p) => weight(p) * (p.work - meanW) ** 2);
  const sxy = sum((p) => weight(p) * (p.work - meanW) * (p.ns - meanNs));
  const perWorkNs = sxx > 0 ? Math.max(0, sxy / sxx) : 0;
  const fixedNs = meanNs - perWorkNs * meanW;
  if (fixedNs >= 0) return { fixedNs, perWorkNs };
  // the cost grows faster than a line: the line through 0, relative to each point again
  return { fixedNs: 0, perWorkNs: sum((p) => p.work / p.ns) / sum((p) => (p.work / p.ns) ** 2) };
}

/**
 * The work per step above which the layered schedule is the cheaper one: where the two lines
 * cross, within [MIN_FUSED_WORK, measuredUpTo] (and never above MAX_FUSED_WORK). Fused pays
 * little a step but runs on one workgroup, so its line is steeper; layered pays a few dispatches
 * a step and spreads the work. Where fused was cheaper at every size measured, the choice stays
 * fused only as far as was measured: a line is not trusted beyond its points.
 */
export function crossoverWork(
  fused: StepCost,
  layered: StepCost,
  measuredUpTo: number = MAX_FUSED_WORK,
): number {
  const upper = Math.min(MAX_FUSED_WORK, Math.max(MIN_FUSED_WORK, measuredUpTo));
  const clamp = (w: number) => Math.round(Math.min(upper, Math.max(MIN_FUSED_WORK, w)));
  const slope = fused.perWorkNs - layered.perWorkNs;
  // fused is never steeper: it wins at any size
  if (slope <= 0) return upper;
  return clamp((layered.fixedNs - fused.fixedNs) / slope);
}

/** Steps expected to take about one frame of GPU time; undefined when the cost was not measured. */
export function stepsPerFrame(cost: StepCost | null, work: number): number | undefined {
  if (cost === null) return undefined;
  return Math.max(1, Math.floor((PROGRESS_INTERVAL_MS * 1e6) / Math.max(stepNs(cost, work), 1)));
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
 * waiting spins on a core the adapter needs (Dawn's Node binding on a software adapter): most of
 * the run's expected GPU time. 0 where waiting does not spin or the cost was not measured.
 */
export function sleepBeforeReadbackMs(
  cost: StepCost | null,
  work: number,
  steps: number,
  spinsWhileWaiting: boolean,
): number {
  if (!spinsWhileWaiting || cost === null) return 0;
  return (SLEEP_FRACTION * stepNs(cost, work) * steps) / 1e6;
}
