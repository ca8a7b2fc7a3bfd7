/**
 * The workloads the one engine is held to (the benchmark targets), each trained through train() on
 * WebGPU (the schedule chosen, or forced) and on the CPU reference, start to end and unwatched.
 */
import type { ScheduleChoice } from '../core/options.ts';
import type { TrainOptions } from '../api/resolve.ts';
import { makeMoons, type Dataset } from '../data/index.ts';
import type { GpuContext } from '../gpu/index.ts';
import { train, type TrainResult } from '../train.ts';
import { relativeDifference, spread, type Spread } from './stats.ts';

export interface Workload {
  readonly name: string;
  readonly description: string;
  readonly data: () => Dataset;
  readonly options: TrainOptions;
}

/**
 * TensorFlow Playground's workload as its users meet it: 500 moons points without noise, half of
 * them for training (250 samples), a 2-8-8-1 tanh network, Adam at lr 0.03, batches of 10, and
 * 50 epochs (1250 steps).
 */
export const PLAYGROUND = {
  name: 'playground',
  description:
    'Playground: 250 moons samples (of 500, noise 0), 2-8-8-1 tanh, Adam lr 0.03, batch 10',
  data: () => makeMoons({ nSamples: 500, noise: 0, randomState: 1 }),
  options: {
    split: { train: 0.5, test: 0.5, stratify: true, seed: 0 },
    hidden: [8, 8],
    activation: 'tanh',
    optimizer: 'adam',
    lr: 0.03,
    batchSize: 10,
    epochs: 50,
    seed: 0,
    shuffleSeed: 0,
  },
} as const satisfies Workload;

const moons100k = () => makeMoons({ nSamples: 100_000, noise: 0.1, randomState: 0 });

/** The tutorial's model with Adam on a large set: full batch, 1000 steps. */
export const LINEAR_ADAM = {
  name: 'linear-adam-100k',
  description: 'Linear(2,1) on 100 000 moons samples, Adam lr 0.01, full batch',
  data: moons100k,
  options: { optimizer: 'adam', lr: 0.01, epochs: 1000, seed: 0 },
} as const satisfies Workload;

/** The same data and steps with the tutorial's plain SGD: what the Adam run is held against. */
export const LINEAR_SGD = {
  name: 'linear-sgd-100k',
  description: 'Linear(2,1) on 100 000 moons samples, SGD lr 0.1, full batch (the tutorial)',
  data: moons100k,
  options: { optimizer: 'sgd', lr: 0.1, epochs: 1000, seed: 0 },
} as const satisfies Workload;

/** A wider MLP on large batches: the layered schedule's case. */
export const MLP_LARGE = {
  name: 'mlp-16-16-100k',
  description: '2-16-16-1 tanh on 100 000 moons samples, Adam lr 0.01, batch 1000',
  data: moons100k,
  options: {
    hidden: [16, 16],
    activation: 'tanh',
    optimizer: 'adam',
    lr: 0.01,
    batchSize: 1000,
    epochs: 2,
    seed: 0,
    shuffleSeed: 0,
  },
} as const satisfies Workload;

export interface WorkloadRow {
  /** 'webgpu' or 'cpu' (the f32 reference, stage by stage) */
  readonly backend: 'webgpu' | 'cpu';
  /** the schedule asked for ('auto' or forced), and the one that ran ('reference' on the CPU) */
  readonly asked: ScheduleChoice | null;
  readonly schedule: string;
  readonly workgroupSize: number | null;
  /** the training, first submit to results read back (GPU) or the reference's loop (CPU) */
  readonly trainMs: Spread;
  /** the first run's buffers, uploads and compiles (GPU) */
  readonly setupMs: number | null;
  readonly dispatchCount: number;
  readonly submitCount: number;
  readonly stepsPerSecond: number;
  readonly firstLoss: number;
  readonly finalLoss: number;
  /** the loss after each epoch on the training split */
  readonly epochLosses: number[];
  /** against the CPU reference (null on the CPU row itself) */
  readonly lossCheck: WorkloadLossCheck | null;
}

export interface WorkloadLossCheck {
  /** the first batch's loss: the same params and rows, f32 on both sides */
  readonly firstRelativeDifference: number;
  /** the worst step: the two sum in different orders, and Adam carries it along */
  readonly maxRelativeDifference: number;
  readonly ok: boolean;
}

export interface WorkloadFigures {
  readonly name: string;
  readonly description: string;
  readonly rows: number;
  readonly steps: number;
  readonly repeats: number;
  readonly webgpu: WorkloadRow[];
  readonly cpu: WorkloadRow;
  /** the process's peak resident memory after this workload (Node only), in MB */
  readonly peakRssMb: number | null;
}

/** The first batch's loss must agree as one forward pass does in f32: to ~1e-7; 1e-5 flags a real difference. */
export const FIRST_LOSS_RTOL = 1e-5;
/**
 * Every step's loss against the reference. The reference sums in its own order (not the
 * kernels'), so the trajectories part by a few ulp a step, which Adam's 1/√v magnifies where a
 * gradient is near zero; losses near 10⁻³ end up to a few percent apart. 0.1 still catches a run
 * that trains something else.
 */
export const TRAJECTORY_RTOL = 0.1;

function check(result: TrainResult, reference: TrainResult): WorkloadLossCheck {
  const a = result.stepLosses;
  const b = reference.stepLosses;
  let worst = 0;
  for (let t = 0; t < Math.min(a.length, b.length); t++)
    worst = Math.max(worst, relativeDifference(a[t] as number, b[t] as number));
  const first = relativeDifference(a[0] as number, b[0] as number);
  return {
    firstRelativeDifference: first,
    maxRelativeDifference: worst,
    ok: a.length === b.length && first <= FIRST_LOSS_RTOL && worst <= TRAJECTORY_RTOL,
  };
}

function row(
  runs: TrainResult[],
  asked: ScheduleChoice | null,
  reference: TrainResult | null,
): WorkloadRow {
  const last = runs.at(-1) as TrainResult;
  const trainMs = spread(runs.map((r) => r.run.timings.trainMs));
  return {
    backend: last.run.backend,
    asked,
    schedule: last.run.schedule,
    workgroupSize: last.run.workgroupSize,
    trainMs,
    setupMs: last.run.backend === 'webgpu' ? (runs[0]?.run.timings.setupMs ?? null) : null,
    dispatchCount: last.run.dispatchCount,
    submitCount: last.run.submitCount,
    stepsPerSecond: (1000 * last.stepsDone) / trainMs.median,
    firstLoss: last.stepLosses[0] ?? NaN,
    finalLoss: last.stepLosses.at(-1) ?? NaN,
    epochLosses: Array.from(last.epochLosses.train),
    lossCheck: reference === null ? null : check(last, reference),
  };
}

export interface WorkloadOptions {
  readonly context: GpuContext;
  readonly schedules: readonly ScheduleChoice[];
  readonly repeats: number;
  /** the process's peak resident memory in bytes, where it can be known (Node) */
  readonly peakRss?: () => number;
}

/**
 * Times one workload: on WebGPU with each schedule asked for (a warm-up run that compiles, not
 * counted, then `repeats` timed runs), then on the CPU reference, and checks every WebGPU run's
 * losses against the reference's.
 */
export async function runWorkload(w: Workload, options: WorkloadOptions): Promise<WorkloadFigures> {
  const data = w.data();
  const { context, repeats } = options;
  const times = async (run: () => Promise<TrainResult>): Promise<TrainResult[]> => {
    const runs: TrainResult[] = [];
    for (let r = 0; r < repeats; r++) runs.push(await run());
    return runs;
  };
  const gpuRuns: [ScheduleChoice, TrainResult[]][] = [];
  for (const schedule of options.schedules) {
    const run = () => train(data, { ...w.options, backend: 'webgpu', schedule, context });
    await run();
    gpuRuns.push([schedule, await times(run)]);
  }
  // before the reference runs: the peak is the GPU runs' (and what ran before them)
  const rss = options.peakRss?.() ?? null;
  const cpuRuns = await times(() => train(data, { ...w.options, backend: 'cpu' }));
  const reference = cpuRuns.at(-1) as TrainResult;
  return {
    name: w.name,
    description: w.description,
    rows: reference.splitSizes.train,
    steps: reference.totalSteps,
    repeats,
    webgpu: gpuRuns.map(([schedule, runs]) => row(runs, schedule, reference)),
    cpu: row(cpuRuns, null, null),
    peakRssMb: rss === null ? null : rss / 1e6,
  };
}
