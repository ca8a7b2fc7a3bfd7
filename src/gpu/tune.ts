/**
 * The tuning pass: on this adapter, times the fused schedule at a few workgroup sizes and the
 * layered schedule at a few workgroup and block shapes, on the tutorial's model and on a small
 * MLP, keeps the fastest of each, fits a step-cost line in the work W = B·(1 + P) per schedule,
 * and puts the automatic choice where the lines cross. About a second or two on SwiftShader,
 * mostly shader compiles (kept: later runs of the same shapes reuse them); kept per adapter, so
 * it runs once.
 */
import { resolveOptimizer, type OptimizerSpec } from '../core/optimizers.ts';
import type { RunData, RunDescription } from '../core/run.ts';
import type { ModelSpec } from '../core/spec.ts';
import { initialParams } from '../core/init.ts';
import { makeDataset } from '../core/dataset.ts';
import { compileNetwork } from '../core/network.ts';
import type { GpuContext } from './device.ts';
import { runOnGpu } from './execute.ts';
import { planRun, type Schedule } from './plan.ts';
import {
  crossoverWork,
  defaultTuning,
  fitStepCost,
  SLEEP_FRACTION,
  tuningKey,
  type CostPoint,
  type Tuning,
  type TuningStore,
} from './tuning.ts';
import { measureWideShape } from './wide_tune.ts';

/** A timing problem: a model, its optimizer, the rows and the batch, and how many steps. */
interface Workload {
  readonly spec: ModelSpec;
  readonly optimizer: OptimizerSpec;
  readonly rows: number;
  readonly batchSize: number;
  readonly steps: number;
}

const TUTORIAL: ModelSpec = { inputs: 2, features: [], hidden: [], activation: 'tanh' };
/**
 * A small MLP beside the tutorial: a step's cost is a line in W whatever the model, so two models
 * fix it. Small, because each model is a kernel of its own to compile, and a wide one takes
 * SwiftShader seconds.
 */
const MLP: ModelSpec = { inputs: 2, features: [], hidden: [4], activation: 'tanh' };
const SGD: OptimizerSpec = { name: 'sgd', lr: 0.1 };
const ADAM: OptimizerSpec = { name: 'adam', lr: 0.03 };

/** The tutorial's way: every step takes all `rows`. */
const fullBatch = (spec: ModelSpec, optimizer: OptimizerSpec, rows: number, steps: number) => ({
  spec,
  optimizer,
  rows,
  batchSize: rows,
  steps,
});

/** Mini-batches of `batchSize`, one epoch of `steps` steps. */
const miniBatch = (
  spec: ModelSpec,
  optimizer: OptimizerSpec,
  batchSize: number,
  steps: number,
) => ({
  spec,
  optimizer,
  rows: batchSize * steps,
  batchSize,
  steps,
});

/** A fixed, seeded problem of `rows` samples (D = 2); only its size matters. */
function syntheticData(rows: number): RunData {
  const X = new Float64Array(2 * rows);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    X[2 * i] = Math.sin(i);
    X[2 * i + 1] = Math.cos(3 * i);
    y[i] = i % 2;
  }
  return { train: makeDataset(X, y, 2), validation: null, test: null };
}

function describe(w: Workload): RunDescription {
  const fullBatch = w.batchSize >= w.rows;
  return {
    net: compileNetwork(w.spec),
    optimizer: resolveOptimizer(w.optimizer),
    batchSize: w.batchSize,
    epochs: fullBatch ? w.steps : Math.ceil((w.steps * w.batchSize) / w.rows),
    shuffleSeed: 0,
    patience: null,
    initialParams: initialParams(w.spec, 0),
  };
}

/** The step's work W = B·S of a workload. */
export function workOf(w: Workload): number {
  return w.batchSize * compileNetwork(w.spec).S;
}

/**
 * GPU nanoseconds per step (timestamps, else wall) of one workload under one shape: a first run
 * (compiles, and learns the cost), then two that sleep through most of it before waiting, as
 * training runs do; the faster of the two, since other work on the machine only ever adds time.
 */
async function nsPerStep(
  context: GpuContext,
  w: Workload,
  tuning: Tuning,
  schedule: Schedule,
): Promise<number> {
  const run = describe(w);
  const data = syntheticData(w.rows);
  const plan = planRun({
    run,
    rows: { train: w.rows, validation: 0, test: 0 },
    limits: context.device.limits,
    tuning,
    schedule,
  });
  let estimateMs = 0;
  let best = Infinity;

  for (let repeat = 0; repeat < 3; repeat++) {
    const outcome = await runOnGpu({
      context,
      plan,
      run,
      data,
      sleepBeforeReadbackMs: context.spinsWhileWaiting ? SLEEP_FRACTION * estimateMs : 0,
    });
    estimateMs = outcome.gpuMs ?? outcome.trainMs;
    if (repeat > 0) best = Math.min(best, estimateMs);
  }
  return (best * 1e6) / plan.totalSteps;
}

/** The candidate that runs the workload fastest, and its time. */
async function fastest<T>(
  candidates: readonly T[],
  time: (candidate: T) => Promise<number>,
): Promise<{ best: T; ns: number }> {
  let best = candidates[0] as T;
  let bestNs = Infinity;
  for (const c of candidates) {
    const ns = await time(c);
    if (ns < bestNs) [best, bestNs] = [c, ns];
  }
  return { best, ns: bestNs };
}

interface LayeredShape {
  readonly workgroupSize: number;
  readonly maxBlocks: number;
  readonly reduceWorkgroupSize: number;
}

/** One model at two sizes around where the schedules may cross, timed on both. */
interface Pair {
  readonly small: Workload;
  readonly large: Workload;
}

/**
 * What the pass tries and where, by kind of adapter, around each kind's defaults. Shapes are
 * picked on the tutorial (its kernels compile fastest): fused at a small N, layered at the large
 * size of its pair. Both schedules then run each model at two sizes around where they may cross
 * (a step's cost per W grows once the data outgrows the caches, so a line from small sizes would
 * not reach), and fused runs each model at a small size too, for its fixed cost.
 */
function plan(software: boolean) {
  return software
    ? {
        fused: [2, 4, 8, 16],
        layered: [
          { workgroupSize: 16, maxBlocks: 8, reduceWorkgroupSize: 64 },
          { workgroupSize: 64, maxBlocks: 8, reduceWorkgroupSize: 64 },
          { workgroupSize: 16, maxBlocks: 2, reduceWorkgroupSize: 64 },
        ] as LayeredShape[],
        // each run a few milliseconds on the CPU
        fusedPick: fullBatch(TUTORIAL, SGD, 128, 64),
        fusedSmall: [miniBatch(MLP, ADAM, 10, 64)],
        pairs: [
          {
            small: fullBatch(TUTORIAL, SGD, 1 << 12, 8),
            large: fullBatch(TUTORIAL, SGD, 1 << 16, 4),
          },
          { small: miniBatch(MLP, ADAM, 256, 8), large: miniBatch(MLP, ADAM, 8192, 2) },
        ] as Pair[],
      }
    : {
        fused: [32, 64, 128, 256],
        layered: [
          { workgroupSize: 64, maxBlocks: 1024, reduceWorkgroupSize: 256 },
          { workgroupSize: 256, maxBlocks: 1024, reduceWorkgroupSize: 256 },
          { workgroupSize: 256, maxBlocks: 256, reduceWorkgroupSize: 64 },
        ] as LayeredShape[],
        fusedPick: fullBatch(TUTORIAL, SGD, 128, 256),
        fusedSmall: [miniBatch(MLP, ADAM, 10, 256)],
        pairs: [
          {
            small: fullBatch(TUTORIAL, SGD, 1 << 14, 64),
            large: fullBatch(TUTORIAL, SGD, 1 << 20, 16),
          },
          { small: miniBatch(MLP, ADAM, 1024, 32), large: miniBatch(MLP, ADAM, 65536, 8) },
        ] as Pair[],
      };
}

/** What the pass measured, besides the tuning it chose: every point its lines were fitted to. */
export interface TuningMeasurement {
  readonly tuning: Tuning;
  readonly points: { readonly fused: CostPoint[]; readonly layered: CostPoint[] };
  /** where each model's two schedules cross (its two sizes' lines), tutorial first */
  readonly crossings: number[];
  readonly elapsedMs: number;
}

const point = (w: Workload, ns: number): CostPoint => ({ work: workOf(w), ns });

/**
 * Where the automatic choice leaves fused, from each model's crossing (at most its larger size):
 * the smaller of the crossings found within the sizes measured (a large step on one workgroup
 * costs more than a small one on many, so doubt goes to layered); where fused won at every size
 * of every model, as far as was measured.
 */
export function automaticChoice(
  crossings: readonly number[],
  measuredUpTo: readonly number[],
): number {
  const found = crossings.filter((c, i) => c < (measuredUpTo[i] ?? Infinity));
  return found.length > 0 ? Math.min(...found) : Math.max(...crossings);
}

/**
 * Measures this adapter: each schedule's shape, each schedule's step-cost line through all its
 * points, and the automatic choice from where the two schedules cross on each model.
 */
export async function measureTuning(context: GpuContext): Promise<TuningMeasurement> {
  const start = performance.now();
  const base = defaultTuning(context.adapter);
  const p = plan(context.adapter.isSoftware);
  const time = (w: Workload, tuning: Tuning, schedule: Schedule) =>
    nsPerStep(context, w, tuning, schedule);

  const fusedPick = await fastest(p.fused, (size) =>
    time(p.fusedPick, { ...base, fusedWorkgroupSize: size }, 'fused'),
  );
  const withFused = { ...base, fusedWorkgroupSize: fusedPick.best };
  const firstLarge = (p.pairs[0] as Pair).large;
  const layeredPick = await fastest(p.layered, (shape) =>
    time(firstLarge, { ...withFused, ...layeredFields(shape) }, 'layered'),
  );
  const chosen = { ...withFused, ...layeredFields(layeredPick.best) };

  const fused: CostPoint[] = [point(p.fusedPick, fusedPick.ns)];
  for (const w of p.fusedSmall) fused.push(point(w, await time(w, chosen, 'fused')));
  const layered: CostPoint[] = [];
  const crossings: number[] = [];
  const measuredUpTo: number[] = [];
  for (const [i, pair] of p.pairs.entries()) {
    const f = [
      point(pair.small, await time(pair.small, chosen, 'fused')),
      point(pair.large, await time(pair.large, chosen, 'fused')),
    ];
    const l = [
      point(pair.small, await time(pair.small, chosen, 'layered')),
      point(pair.large, i === 0 ? layeredPick.ns : await time(pair.large, chosen, 'layered')),
    ];
    crossings.push(crossoverWork(fitStepCost(f), fitStepCost(l), workOf(pair.large)));
    measuredUpTo.push(workOf(pair.large));
    fused.push(...f);
    layered.push(...l);
  }
  // the wide schedule's tile shape, timed on a step of its own workload
  const wide = await measureWideShape(context);
  return {
    tuning: {
      ...chosen,
      fusedMaxWork: automaticChoice(crossings, measuredUpTo),
      stepCost: { fused: fitStepCost(fused), layered: fitStepCost(layered) },
      source: 'measured',
      wide: wide.shape,
    },
    points: { fused, layered },
    crossings,
    elapsedMs: performance.now() - start,
  };
}

function layeredFields(shape: LayeredShape) {
  return {
    layeredWorkgroupSize: shape.workgroupSize,
    layeredMaxBlocks: shape.maxBlocks,
    reduceWorkgroupSize: shape.reduceWorkgroupSize,
  };
}

const measured = new Map<string, Promise<Tuning>>();

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
  let pending = measured.get(key);
  if (pending === undefined) {
    const stored = store?.load(key) ?? null;
    pending =
      stored !== null ? Promise.resolve(stored) : measureTuning(context).then((m) => m.tuning);
    measured.set(key, pending);
    if (stored === null)
      void pending.then((tuning) => store?.save(key, tuning)).catch(() => measured.delete(key));
  }
  return pending;
}
