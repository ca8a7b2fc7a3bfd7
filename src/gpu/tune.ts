/**
 * The tuning pass: on this adapter, picks the fused schedule's workgroup size and the layered
 * schedule's workgroup and block shape, then times a grid of models and sizes on every schedule
 * in both forms of the per-sample code and fits each schedule's cost model (src/gpu/cost.ts): ns
 * per unit of each of its counts, the compile time of each form, and the error a prediction can
 * expect (each grid point predicted from a fit without it). Several seconds on SwiftShader, most
 * of them compiling; kept per adapter, so it runs once (`webgpu-train tune`, or the page in the
 * background).
 */
import { resolveOptimizer, type OptimizerSpec } from '../core/optimizers.ts';
import type { RunData, RunDescription } from '../core/run.ts';
import { BINARY_HEAD, type ModelSpec } from '../core/spec.ts';
import { initialParams } from '../core/init.ts';
import { makeDataset } from '../core/dataset.ts';
import { compileNetwork } from '../core/network.ts';
import {
  fitCompile,
  fitCounts,
  leaveOneOutErrors,
  predictRunMs,
  rms,
  type CompileCost,
  type CostPoint,
  type FitPrior,
  type ScheduleCost,
} from './cost.ts';
import type { GpuContext } from './device.ts';
import { runOnGpu } from './execute.ts';
import { SCHEDULE_NAMES, shapeRun, type Plan, type Schedule } from './plan.ts';
import { COUNT_NAMES, RUN_COUNTS } from './run_counts.ts';
import { measureWideShape, type WideShapeTiming } from './wide_tune.ts';
import { UNROLL_MAX_PARAMS } from './sample_wgsl.ts';
import {
  defaultTuning,
  SLEEP_FRACTION,
  tuningKey,
  type Tuning,
  type TuningStore,
} from './tuning.ts';

/** A timing problem: a model, its optimizer, the rows and the batch, and how many epochs. */
export interface TuningWorkload {
  readonly name: string;
  readonly spec: ModelSpec;
  readonly optimizer: OptimizerSpec;
  readonly rows: number;
  readonly batchSize: number;
  readonly epochs: number;
}

const model = (hidden: number[], inputs = 2): ModelSpec => ({
  inputs,
  features: [],
  hidden,
  activation: 'tanh',
  ...BINARY_HEAD,
});
const TUTORIAL = model([]);
/** small, so its kernels compile fast, but with a hidden layer */
const MLP4 = model([4]);
/** the Playground's MLP: the largest model whose code is written out in the grid */
const MLP88 = model([8, 8]);
/** wider models, which the wide schedule's tiles take */
const WIDE32 = model([32, 32], 10);
const WIDE64 = model([64]);
const SGD: OptimizerSpec = { name: 'sgd', lr: 0.1 };
const ADAM: OptimizerSpec = { name: 'adam', lr: 0.03 };

const workload = (
  name: string,
  spec: ModelSpec,
  optimizer: OptimizerSpec,
  rows: number,
  batchSize: number,
  epochs: number,
): TuningWorkload => ({ name, spec, optimizer, rows, batchSize, epochs });

/** A fixed, seeded problem of `rows` samples (D = 2); only its size matters. */
function syntheticData(rows: number, D: number): RunData {
  const X = new Float64Array(D * rows);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < D; k++) X[D * i + k] = Math.sin((k + 1) * i + k);
    y[i] = i % 2;
  }
  return { train: makeDataset(X, y, D), validation: null, test: null };
}

export function describeWorkload(w: TuningWorkload): RunDescription {
  return {
    net: compileNetwork(w.spec),
    optimizer: resolveOptimizer(w.optimizer),
    batchSize: w.batchSize,
    epochs: w.epochs,
    shuffleSeed: 0,
    patience: null,
    initialParams: initialParams(w.spec, 0),
  };
}

interface LayeredShape {
  readonly workgroupSize: number;
  readonly maxBlocks: number;
  readonly reduceWorkgroupSize: number;
}

/**
 * What the pass tries, by kind of adapter. Shapes are picked on the tutorial (its kernels compile
 * fastest). The grid then varies what the counts count, each run a few to a few tens of
 * milliseconds: steps (the tutorial on 128 rows), rows per step (full batches of thousands),
 * params (2-4-1, 2-8-8-1), mini-batches with their per-epoch evaluation, and blocks (layered).
 */
function passPlan(software: boolean) {
  const scale = software ? 1 : 16;
  return {
    fusedSizes: software ? [2, 4, 8, 16] : [32, 64, 128, 256],
    layeredShapes: (software
      ? [
          { workgroupSize: 16, maxBlocks: 8, reduceWorkgroupSize: 64 },
          { workgroupSize: 64, maxBlocks: 8, reduceWorkgroupSize: 64 },
          { workgroupSize: 16, maxBlocks: 2, reduceWorkgroupSize: 64 },
        ]
      : [
          { workgroupSize: 64, maxBlocks: 1024, reduceWorkgroupSize: 256 },
          { workgroupSize: 256, maxBlocks: 1024, reduceWorkgroupSize: 256 },
          { workgroupSize: 256, maxBlocks: 256, reduceWorkgroupSize: 64 },
        ]) as LayeredShape[],
    fusedPick: workload('tutorial', TUTORIAL, SGD, 128, 128, 64 * scale),
    layeredPick: workload('tutorial', TUTORIAL, SGD, 65_536 * scale, 65_536 * scale, 4),
    grid: {
      fused: [
        workload('tutorial', TUTORIAL, SGD, 128, 128, 2048 * scale),
        workload('tutorial', TUTORIAL, SGD, 4096 * scale, 4096 * scale, 64),
        workload('tutorial', TUTORIAL, SGD, 640, 10, 8 * scale),
        workload('2-4-1', MLP4, ADAM, 640, 10, 16 * scale),
        workload('2-4-1', MLP4, ADAM, 2048 * scale, 2048 * scale, 64),
        workload('2-8-8-1', MLP88, ADAM, 250, 10, 16 * scale),
        workload('2-8-8-1', MLP88, ADAM, 1000 * scale, 100 * scale, 8),
      ],
      layered: [
        workload('tutorial', TUTORIAL, SGD, 4096 * scale, 4096 * scale, 32),
        workload('tutorial', TUTORIAL, SGD, 65_536 * scale, 65_536 * scale, 4),
        workload('tutorial', TUTORIAL, SGD, 8192 * scale, 1024 * scale, 2),
        workload('2-4-1', MLP4, ADAM, 2048 * scale, 256 * scale, 8),
        workload('2-4-1', MLP4, ADAM, 16_384 * scale, 16_384 * scale, 4),
        workload('2-8-8-1', MLP88, ADAM, 100, 10, 8 * scale),
        workload('2-8-8-1', MLP88, ADAM, 4000 * scale, 1000 * scale, 2),
      ],
      wide: [
        workload('2-8-8-1', MLP88, ADAM, 1000 * scale, 100 * scale, 2),
        workload('2-64-1', WIDE64, ADAM, 2048 * scale, 256 * scale, 2),
        workload('10-32-32-1', WIDE32, ADAM, 2000 * scale, 64 * scale, 1),
        workload('10-32-32-1', WIDE32, ADAM, 4096 * scale, 4096 * scale, 8),
      ],
    } as Readonly<Record<Schedule, readonly TuningWorkload[]>>,
    /** models whose written-out form the layered grid compiles (2-8-8-1's is slow and says little more) */
    layeredUnrolledMaxParams: 17,
  };
}

/** One grid point as measured: what ran, its counts, its time, and its first run's compile. */
export interface MeasuredPoint extends CostPoint {
  readonly workload: string;
  readonly batchSize: number;
  readonly rows: number;
  readonly unrolled: boolean;
  readonly compileMs: number;
  /** what the fitted model predicts for it (fitted with every point) */
  readonly predictedMs: number;
}

/** What the pass measured, besides the tuning it chose: every point its models were fitted to. */
export interface TuningMeasurement {
  readonly tuning: Tuning;
  readonly points: Readonly<Record<string, MeasuredPoint[]>>;
  /** each point's relative error when predicted from the others, by schedule */
  readonly errors: Readonly<Record<string, number[]>>;
  /** each wide shape tried (both kinds), with its ns per step: the fastest is the tuning's */
  readonly wideShapes: readonly WideShapeTiming[];
  readonly elapsedMs: number;
}

/** Timed runs of each grid point (after the one that compiles): on a busy machine most take longer. */
const TIMED_RUNS = 3;

interface Timed {
  readonly ms: number;
  readonly compileMs: number;
  readonly plan: Plan;
}

/** One workload on one schedule and form, ready to run again and again, and its fastest run so far. */
class TimedWorkload {
  private readonly run: RunDescription;
  private readonly data: RunData;
  readonly plan: Plan;
  private estimateMs = 0;
  compileMs = 0;
  ms = Infinity;

  constructor(
    private readonly context: GpuContext,
    w: TuningWorkload,
    tuning: Tuning,
    schedule: Schedule,
    unrolled: boolean,
  ) {
    this.run = describeWorkload(w);
    this.data = syntheticData(w.rows, w.spec.inputs);
    this.plan = shapeRun(
      {
        run: this.run,
        rows: { train: w.rows, validation: 0, test: 0 },
        limits: context.device.limits,
        tuning,
        schedule,
      },
      schedule,
      unrolled,
    );
  }

  /** The first run: compiles the kernels (its compile time kept) and learns how long a run takes. */
  async warm(): Promise<void> {
    const outcome = await this.once();
    this.compileMs = outcome.compileMs;
  }

  /** One timed run, which sleeps through half the time the last one took before waiting, as training runs do. */
  async time(): Promise<void> {
    await this.once();
    this.ms = Math.min(this.ms, this.estimateMs);
  }

  private async once() {
    const outcome = await runOnGpu({
      context: this.context,
      plan: this.plan,
      run: this.run,
      data: this.data,
      sleepBeforeReadbackMs: this.context.spinsWhileWaiting ? SLEEP_FRACTION * this.estimateMs : 0,
    });
    // the GPU time (timestamps), else the wall time
    this.estimateMs = outcome.gpuMs ?? outcome.trainMs;
    return outcome;
  }
}

/**
 * The fastest of TIMED_RUNS runs of one workload on one schedule and form, after a first run that
 * compiles: other work on the machine only ever adds time.
 */
async function timeRun(
  context: GpuContext,
  w: TuningWorkload,
  tuning: Tuning,
  schedule: Schedule,
  unrolled: boolean,
): Promise<Timed> {
  const timed = new TimedWorkload(context, w, tuning, schedule, unrolled);
  await timed.warm();
  for (let repeat = 0; repeat < TIMED_RUNS; repeat++) await timed.time();
  return timed;
}

/** The candidate that runs the workload fastest. */
async function fastest<T>(candidates: readonly T[], time: (c: T) => Promise<number>): Promise<T> {
  let best = candidates[0] as T;
  let bestMs = Infinity;
  for (const c of candidates) {
    const ms = await time(c);
    if (ms < bestMs) [best, bestMs] = [c, ms];
  }
  return best;
}

/** A grid point as the fit takes it: its schedule, form, params, counts, time and first compile. */
export interface FitPoint extends CostPoint {
  readonly schedule: Schedule;
  readonly unrolled: boolean;
  readonly params: number;
  readonly compileMs: number;
}

/**
 * Every schedule's cost model from the grid: one fit of ns per unit over all points (the
 * schedules share the units of what they share), each schedule's error from its own points
 * predicted without them, and its compile lines from the compiles its first runs took.
 */
export function fitCosts(
  points: readonly FitPoint[],
  prior?: FitPrior,
): {
  cost: Record<string, ScheduleCost>;
  errors: Record<string, number[]>;
} {
  const ns = fitCounts(points, COUNT_NAMES, prior);
  const left = leaveOneOutErrors(points, COUNT_NAMES, prior);
  const cost: Record<string, ScheduleCost> = {};
  const errors: Record<string, number[]> = {};
  for (const schedule of SCHEDULE_NAMES) {
    const mine = points
      .map((p, i) => ({ p, e: left[i] ?? 1 }))
      .filter(({ p }) => p.schedule === schedule);
    errors[schedule] = mine.map(({ e }) => e);
    // each model's first run in each form compiled its kernels; later ones found them compiled
    const line = (unrolled: boolean) => {
      const compiles = mine
        .filter(({ p }) => p.unrolled === unrolled && p.compileMs > 0)
        .map(({ p }) => ({ params: p.params, ms: p.compileMs }));
      return compiles.length > 0 ? fitCompile(compiles) : { fixedMs: 0, perParamMs: 0 };
    };
    // a form the grid never compiled (the wide schedule has one) takes the other's line
    const unrolled = line(true);
    const looped = line(false);
    const none = (l: CompileCost) => l.fixedMs === 0 && l.perParamMs === 0;
    cost[schedule] = {
      ns,
      compile: {
        unrolled: none(unrolled) ? looped : unrolled,
        looped: none(looped) ? unrolled : looped,
      },
      error: rms(errors[schedule] ?? []),
    };
  }
  return { cost, errors };
}

/**
 * Measures this adapter: each schedule's shape, then each schedule's cost model over the grid.
 * `onPoint` hears of each point as it is timed (the page's progress); `signal` stops the pass
 * between two runs.
 */
export async function measureTuning(
  context: GpuContext,
  onPoint?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<TuningMeasurement> {
  const start = performance.now();
  const base = defaultTuning(context.adapter);
  const p = passPlan(context.adapter.isSoftware);
  const fusedSize = await fastest(p.fusedSizes, async (size) => {
    const timed = await timeRun(
      context,
      p.fusedPick,
      { ...base, fusedWorkgroupSize: size },
      'fused',
      true,
    );
    return timed.ms;
  });
  const withFused = { ...base, fusedWorkgroupSize: fusedSize };
  const layeredShape = await fastest(p.layeredShapes, async (shape) => {
    const timed = await timeRun(
      context,
      p.layeredPick,
      { ...withFused, ...layeredFields(shape) },
      'layered',
      true,
    );
    return timed.ms;
  });
  // the wide schedule's tile shape, timed on a step of its own workload (src/gpu/wide_tune.ts)
  const wide = await measureWideShape(context);
  const chosen: Tuning = { ...withFused, ...layeredFields(layeredShape), wide: wide.shape };

  const runs: { schedule: Schedule; w: TuningWorkload; unrolled: boolean }[] = [];
  for (const schedule of SCHEDULE_NAMES) {
    for (const w of p.grid[schedule]) {
      const P = compileNetwork(w.spec).P;
      // the wide schedule's code has one form
      const unrolledMax =
        schedule === 'wide'
          ? 0
          : schedule === 'layered'
            ? p.layeredUnrolledMaxParams
            : UNROLL_MAX_PARAMS;
      runs.push({ schedule, w, unrolled: false });
      if (P <= unrolledMax) runs.push({ schedule, w, unrolled: true });
    }
  }
  // Round by round over the whole grid, each point's fastest run kept: a busy spell on the machine
  // then lands on one of a point's runs, not on all of them (runs of one point back to back share
  // it, and a grid timed that way under load priced one schedule 1.5–2× off).
  const timed = runs.map((r) => new TimedWorkload(context, r.w, chosen, r.schedule, r.unrolled));
  const total = timed.length * TIMED_RUNS;
  let done = 0;
  for (let round = 0; round < TIMED_RUNS; round++) {
    for (const t of timed) {
      // a pass in the background gives way between runs (the page stops it when Train is pressed)
      signal?.throwIfAborted();
      if (round === 0) await t.warm();
      await t.time();
      onPoint?.(++done, total);
    }
  }
  const measured: (FitPoint & { w: TuningWorkload })[] = runs.map((r, i) => {
    const t = timed[i] as TimedWorkload;
    const run = describeWorkload(r.w);
    return {
      schedule: r.schedule,
      counts: RUN_COUNTS[r.schedule](t.plan, run, chosen.parallel),
      ms: t.ms,
      unrolled: r.unrolled,
      compileMs: t.compileMs,
      params: run.net.P,
      w: r.w,
    };
  });
  const { cost, errors } = fitCosts(measured, priorOf(base));
  // One set of wide kernels serves every model of a tile shape, so the grid's wide runs found the
  // ones the shape's pick compiled: that first compile is the wide schedule's, whatever the model
  const wideCompile = wide.compileMs;
  const wideCost = cost['wide'];
  if (wideCost !== undefined && wideCompile > 0 && compiledNothing(wideCost.compile)) {
    const line = { fixedMs: wideCompile, perParamMs: 0 };
    cost['wide'] = { ...wideCost, compile: { unrolled: line, looped: line } };
  }
  const points: Record<string, MeasuredPoint[]> = {};
  for (const m of measured)
    (points[m.schedule] ??= []).push({
      workload: m.w.name,
      batchSize: m.w.batchSize,
      rows: m.w.rows,
      unrolled: m.unrolled,
      counts: m.counts,
      ms: m.ms,
      compileMs: m.compileMs,
      predictedMs: predictRunMs(cost[m.schedule] as ScheduleCost, m.counts),
    });
  return {
    tuning: { ...chosen, cost, decisions: {}, source: 'measured' },
    points,
    errors,
    wideShapes: wide.nsPerStep,
    elapsedMs: performance.now() - start,
  };
}

/**
 * The kind's default prices as the fit's prior: one point's worth, so twenty-odd points that agree
 * outweigh it, and a price they cannot pin down stays near the kind's (src/gpu/cost.ts FitPrior).
 */
export const PRIOR_WEIGHT = 1;
function priorOf(base: Tuning): FitPrior {
  const ns: Record<string, number> = {};
  for (const cost of Object.values(base.cost))
    for (const [name, price] of Object.entries(cost.ns)) ns[name] ??= price;
  return { ns, weight: PRIOR_WEIGHT };
}

/** A compile cost fitted to no compile at all: every run of the schedule found its kernels compiled. */
function compiledNothing(compile: ScheduleCost['compile']): boolean {
  return [compile.unrolled, compile.looped].every((l) => l.fixedMs === 0 && l.perParamMs === 0);
}

function layeredFields(shape: LayeredShape) {
  return {
    layeredWorkgroupSize: shape.workgroupSize,
    layeredMaxBlocks: shape.maxBlocks,
    reduceWorkgroupSize: shape.reduceWorkgroupSize,
  };
}

const measuredTunings = new Map<string, Promise<Tuning>>();

/**
 * The tuning a run uses without measuring: the one kept in the store for this adapter, else its
 * kind's defaults (context.tuning). A run never waits on a tuning pass unless it asks for one.
 */
export function keptTuning(context: GpuContext, store?: TuningStore): Tuning {
  return store?.load(tuningKey(context.adapter)) ?? context.tuning;
}

/** The adapter's tuning: from this process, from the store, or measured now (and stored). */
export function tuneOnce(context: GpuContext, store?: TuningStore): Promise<Tuning> {
  const key = tuningKey(context.adapter);
  let pending = measuredTunings.get(key);
  if (pending === undefined) {
    const stored = store?.load(key) ?? null;
    pending =
      stored !== null ? Promise.resolve(stored) : measureTuning(context).then((m) => m.tuning);
    measuredTunings.set(key, pending);
    if (stored === null)
      void pending
        .then((tuning) => store?.save(key, tuning))
        .catch(() => measuredTunings.delete(key));
  }
  return pending;
}
