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
import { makeDataset } from '../data/index.ts';
import { compileNetwork } from '../reference/stages.ts';
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

/** The candidate whose summed time over the workloads, each relative to its best, is least. */
async function fastest<T>(
  candidates: readonly T[],
  workloads: readonly Workload[],
  time: (candidate: T, w: Workload) => Promise<number>,
): Promise<{ best: T; ns: number[] }> {
  const table: number[][] = [];
  for (const c of candidates) {
    const row: number[] = [];
    for (const w of workloads) row.push(await time(c, w));
    table.push(row);
  }
  const bestPer = workloads.map((_, j) => Math.min(...table.map((row) => row[j] as number)));
  const score = (row: number[]) => row.reduce((s, ns, j) => s + ns / (bestPer[j] as number), 0);
  let pick = 0;
  for (let i = 1; i < table.length; i++)
    if (score(table[i] as number[]) < score(table[pick] as number[])) pick = i;
  return { best: candidates[pick] as T, ns: table[pick] as number[] };
}

interface LayeredShape {
  readonly workgroupSize: number;
  readonly maxBlocks: number;
  readonly reduceWorkgroupSize: number;
}

/**
 * What the pass tries, by kind of adapter, around each kind's defaults. Shapes are picked on the
 * tutorial (the first workload of each list: its kernels compile fastest); the winner then runs
 * the rest, the tutorial at a second size and the MLP at two, for the step-cost line.
 */
function candidates(software: boolean) {
  return software
    ? {
        fused: [2, 4, 8, 16],
        layered: [
          { workgroupSize: 16, maxBlocks: 8, reduceWorkgroupSize: 4 },
          { workgroupSize: 64, maxBlocks: 8, reduceWorkgroupSize: 4 },
          { workgroupSize: 16, maxBlocks: 2, reduceWorkgroupSize: 2 },
        ] as LayeredShape[],
        // a few milliseconds a run on the CPU
        fusedAt: [
          fullBatch(TUTORIAL, SGD, 128, 64),
          fullBatch(TUTORIAL, SGD, 2048, 16),
          miniBatch(MLP, ADAM, 10, 64),
          miniBatch(MLP, ADAM, 64, 16),
        ],
        layeredAt: [
          fullBatch(TUTORIAL, SGD, 1 << 16, 4),
          fullBatch(TUTORIAL, SGD, 1 << 12, 8),
          miniBatch(MLP, ADAM, 1024, 4),
          miniBatch(MLP, ADAM, 128, 8),
        ],
      }
    : {
        fused: [32, 64, 128, 256],
        layered: [
          { workgroupSize: 64, maxBlocks: 1024, reduceWorkgroupSize: 256 },
          { workgroupSize: 256, maxBlocks: 1024, reduceWorkgroupSize: 256 },
          { workgroupSize: 256, maxBlocks: 256, reduceWorkgroupSize: 64 },
        ] as LayeredShape[],
        fusedAt: [
          fullBatch(TUTORIAL, SGD, 128, 256),
          fullBatch(TUTORIAL, SGD, 8192, 64),
          miniBatch(MLP, ADAM, 10, 256),
          miniBatch(MLP, ADAM, 256, 64),
        ],
        layeredAt: [
          fullBatch(TUTORIAL, SGD, 1 << 20, 32),
          fullBatch(TUTORIAL, SGD, 1 << 14, 64),
          miniBatch(MLP, ADAM, 8192, 32),
          miniBatch(MLP, ADAM, 512, 64),
        ],
      };
}

/** What the pass measured, besides the tuning it chose: every point its lines were fitted to. */
export interface TuningMeasurement {
  readonly tuning: Tuning;
  readonly points: { readonly fused: CostPoint[]; readonly layered: CostPoint[] };
  readonly elapsedMs: number;
}

/**
 * Measures this adapter: each schedule's shape, picked on the tutorial, then its step-cost line
 * through four points (two models at two sizes each), and the crossover of the two lines.
 */
export async function measureTuning(context: GpuContext): Promise<TuningMeasurement> {
  const start = performance.now();
  const base = defaultTuning(context.adapter);
  const c = candidates(context.adapter.isSoftware);
  const pickAt = (list: Workload[]) => list.slice(0, 1);
  const lineAt = (list: Workload[]) => list.slice(1);

  const fusedPick = await fastest(c.fused, pickAt(c.fusedAt), (size, w) =>
    nsPerStep(context, w, { ...base, fusedWorkgroupSize: size }, 'fused'),
  );
  const fusedTuning = { ...base, fusedWorkgroupSize: fusedPick.best };
  const fusedPoints = await costPoints(pickAt(c.fusedAt), fusedPick.ns, lineAt(c.fusedAt), (w) =>
    nsPerStep(context, w, fusedTuning, 'fused'),
  );

  const layeredPick = await fastest(c.layered, pickAt(c.layeredAt), (shape, w) =>
    nsPerStep(context, w, { ...fusedTuning, ...layeredFields(shape) }, 'layered'),
  );
  const chosen = { ...fusedTuning, ...layeredFields(layeredPick.best) };
  const layeredPoints = await costPoints(
    pickAt(c.layeredAt),
    layeredPick.ns,
    lineAt(c.layeredAt),
    (w) => nsPerStep(context, w, chosen, 'layered'),
  );

  const fused = fitStepCost(fusedPoints);
  const layered = fitStepCost(layeredPoints);
  return {
    tuning: {
      ...chosen,
      fusedMaxWork: crossoverWork(fused, layered),
      stepCost: { fused, layered },
      source: 'measured',
    },
    points: { fused: fusedPoints, layered: layeredPoints },
    elapsedMs: performance.now() - start,
  };
}

/** The points already timed while picking, and the others timed now. */
async function costPoints(
  timed: readonly Workload[],
  ns: readonly number[],
  more: readonly Workload[],
  time: (w: Workload) => Promise<number>,
): Promise<CostPoint[]> {
  const points = timed.map((w, i) => ({ work: workOf(w), ns: ns[i] as number }));
  for (const w of more) points.push({ work: workOf(w), ns: await time(w) });
  return points;
}

function layeredFields(shape: LayeredShape) {
  return {
    layeredWorkgroupSize: shape.workgroupSize,
    layeredMaxBlocks: shape.maxBlocks,
    reduceWorkgroupSize: shape.reduceWorkgroupSize,
  };
}

const measured = new Map<string, Promise<Tuning>>();

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
