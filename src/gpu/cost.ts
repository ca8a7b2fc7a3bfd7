/**
 * The cost model the planner chooses by: a run's time predicted from what it does. Each schedule
 * counts its run (steps, dispatches, the work on one thread's path, the quantities it adds and
 * updates …) from its plan; a tuning pass times a grid of models and sizes on the adapter and fits
 * nanoseconds per unit of each count, and the compile time of each code form as a line in the
 * params. The same numbers give the planner its choice, a watched run its first segment and the
 * page its estimate. Plain arithmetic, so it is tested without a GPU.
 *
 * A schedule adds itself with an entry in RUN_COUNTS (src/gpu/run_counts.ts), whose counts the
 * tuning pass then prices with the others'.
 */
import { fitLine } from '../core/line_fit.ts';

/** What a run does, by name: how many steps, dispatches, units of work … (each schedule its own). */
export type RunCounts = Readonly<Record<string, number>>;

/** Milliseconds to compile a schedule's kernels: fixed plus a cost per param. */
export interface CompileCost {
  readonly fixedMs: number;
  readonly perParamMs: number;
}

/** One schedule's fitted cost on one adapter. */
export interface ScheduleCost {
  /** nanoseconds per unit of each of the schedule's counts */
  readonly ns: Readonly<Record<string, number>>;
  /** compiling the schedule's kernels, per form of the per-sample code */
  readonly compile: { readonly unrolled: CompileCost; readonly looped: CompileCost };
  /**
   * How far a prediction may be off, relative: the root mean square of the errors each point of
   * the tuning grid had when predicted from a fit without it (leave-one-out).
   */
  readonly error: number;
}

/** A run's predicted cost on one schedule. */
export interface Prediction {
  /** training: the run's GPU time */
  readonly runMs: number;
  /** compiling its kernels (0 when they are already compiled) */
  readonly compileMs: number;
  /** the per-sample code written out (true) or in loops */
  readonly unrolled: boolean;
  /** the schedule's relative error */
  readonly error: number;
}

export const totalMs = (p: Prediction): number => p.runMs + p.compileMs;

/** The run's predicted GPU time from its counts: ns per unit × units, summed. */
export function predictRunMs(cost: ScheduleCost, counts: RunCounts): number {
  let ns = 0;
  for (const [name, units] of Object.entries(counts)) ns += (cost.ns[name] ?? 0) * units;
  return ns / 1e6;
}

export function predictCompileMs(cost: ScheduleCost, params: number, unrolled: boolean): number {
  const line = unrolled ? cost.compile.unrolled : cost.compile.looped;
  return Math.max(0, line.fixedMs + line.perParamMs * params);
}

/**
 * Two schedules' predicted totals (compile and training) that their errors cannot tell apart:
 * each within the other's reach once both trainings are allowed their error. Then a short trial
 * decides. (Compiles are counted as predicted: a compile the run needs is paid either way.)
 */
export function tooCloseToCall(a: Prediction, b: Prediction): boolean {
  const [lo, hi] = totalMs(a) <= totalMs(b) ? [a, b] : [b, a];
  return lo.compileMs + lo.runMs * (1 + lo.error) >= hi.compileMs + hi.runMs * (1 - hi.error);
}

/** One timed run: its counts and the GPU time it took. */
export interface CostPoint {
  readonly counts: RunCounts;
  readonly ms: number;
}

/**
 * What a fit leans toward where its points say little: the adapter kind's prices (ns per unit),
 * and how much that weighs, in points: a price `weight` points' worth of relative error away from
 * its prior costs as much as one point missed by 100 %. A count the grid measures well moves freely;
 * one its points hardly tell apart from another (a busy machine's noise, few points) stays near
 * what the kind of adapter is known to cost, instead of swinging to 0 or to ten times its size.
 */
export interface FitPrior {
  readonly ns: Readonly<Record<string, number>>;
  readonly weight: number;
}

/**
 * Nanoseconds per unit of each count, fitted to the points: least squares on the relative error
 * (a run of 2 ms weighs as much as one of 2 s), pulled toward the prior where one is given, every
 * coefficient at least zero (a count that seems to save time is noise; it is dropped and the rest
 * fitted again).
 */
export function fitCounts(
  points: readonly CostPoint[],
  names: readonly string[],
  prior?: FitPrior,
): Record<string, number> {
  if (points.length === 0) throw new RangeError('fitCounts needs at least one point');
  let active = names.filter((n) => points.some((p) => (p.counts[n] ?? 0) > 0));
  for (;;) {
    const solution = leastSquares(points, active, prior);
    const negative = active.filter((_, i) => (solution[i] as number) < 0);
    if (negative.length === 0 || solution.some((v) => !Number.isFinite(v))) {
      const out: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
      active.forEach(
        (n, i) =>
          (out[n] = Math.max(0, Number.isFinite(solution[i]) ? (solution[i] as number) : 0)),
      );
      return out;
    }
    // drop the most negative (relative to its size) and fit the rest again
    const worst = negative.reduce((a, b) =>
      (solution[active.indexOf(a)] as number) < (solution[active.indexOf(b)] as number) ? a : b,
    );
    active = active.filter((n) => n !== worst);
    if (active.length === 0) return Object.fromEntries(names.map((n) => [n, 0]));
  }
}

/**
 * min Σ ((Σ_j c_j·x_ij − y_i) / y_i)² + w·Σ_j (c_j / p_j − 1)², by the normal equations (few
 * counts, so small); the second sum only over counts with a prior price p_j > 0.
 */
function leastSquares(
  points: readonly CostPoint[],
  names: readonly string[],
  prior?: FitPrior,
): number[] {
  const k = names.length;
  const A = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const b = new Array<number>(k).fill(0);
  for (const p of points) {
    const y = p.ms * 1e6;
    const x = names.map((n) => (p.counts[n] ?? 0) / y);
    for (let i = 0; i < k; i++) {
      b[i] = (b[i] as number) + (x[i] as number);
      for (let j = 0; j < k; j++)
        (A[i] as number[])[j] =
          ((A[i] as number[])[j] as number) + (x[i] as number) * (x[j] as number);
    }
  }
  if (prior !== undefined)
    names.forEach((n, i) => {
      const price = prior.ns[n] ?? 0;
      if (!(price > 0)) return;
      (A[i] as number[])[i] = ((A[i] as number[])[i] as number) + prior.weight / price ** 2;
      b[i] = (b[i] as number) + prior.weight / price;
    });
  return solve(A, b);
}

/** Gaussian elimination with partial pivoting; a singular column comes back 0. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i] as number]);
  const scale = Math.max(1e-300, ...M.map((row) => Math.max(...row.map(Math.abs))));
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++)
      if (Math.abs((M[r] as number[])[c] as number) > Math.abs((M[pivot] as number[])[c] as number))
        pivot = r;
    [M[c], M[pivot]] = [M[pivot] as number[], M[c] as number[]];
    const row = M[c] as number[];
    if (Math.abs(row[c] as number) <= 1e-12 * scale) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const other = M[r] as number[];
      const f = (other[c] as number) / (row[c] as number);
      for (let j = c; j <= n; j++) other[j] = (other[j] as number) - f * (row[j] as number);
    }
  }
  return M.map((row, i) => {
    const d = row[i] as number;
    return Math.abs(d) <= 1e-12 * scale ? 0 : (row[n] as number) / d;
  });
}

/**
 * Each point predicted by a fit to the others: the relative errors a new run can expect. A point
 * whose counts no other point shares is predicted from what the others say of it, as a new run
 * would be.
 */
export function leaveOneOutErrors(
  points: readonly CostPoint[],
  names: readonly string[],
  prior?: FitPrior,
): number[] {
  if (points.length < 2) return points.map(() => 1);
  return points.map((p, i) => {
    const ns = fitCounts(
      points.filter((_, j) => j !== i),
      names,
      prior,
    );
    const predicted = predictRunMs({ ns, compile: NO_COMPILE, error: 0 }, p.counts);
    return Math.abs(predicted - p.ms) / p.ms;
  });
}

const NO_COMPILE = {
  unrolled: { fixedMs: 0, perParamMs: 0 },
  looped: { fixedMs: 0, perParamMs: 0 },
};

/** The root mean square of relative errors. */
export function rms(errors: readonly number[]): number {
  if (errors.length === 0) return 1;
  return Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
}

/** A line through (params, ms) points, least squares, both terms at least zero. */
export function fitCompile(points: readonly { params: number; ms: number }[]): CompileCost {
  if (points.length === 0) throw new RangeError('fitCompile needs at least one point');
  const line = fitLine(points.map((p) => ({ x: p.params, y: p.ms })));
  const meanMs = points.reduce((s, p) => s + p.ms, 0) / points.length;
  // one model's params alone (no spread): all of it fixed
  if (line === null) return { fixedMs: Math.max(0, meanMs), perParamMs: 0 };
  const perParamMs = Math.max(0, line.slope);
  return { fixedMs: Math.max(0, line.meanY - perParamMs * line.meanX), perParamMs };
}
