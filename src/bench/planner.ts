/**
 * `bench --planner`: does auto pick the fastest schedule? A grid of workloads from the tutorial to
 * wide MLPs, full batch to batch 1, 100 to 10⁶ rows, each trained on auto and on every schedule
 * forced; auto's training time over the best forced one's, per workload, and the worst of them.
 * Each schedule first runs once cold (compiles; auto's trial, when it holds one, runs there too),
 * then `repeats` times timed with its kernels compiled, the choices in turn; the fastest runs are
 * compared, since other work on the machine only ever adds time. Where auto's plan is one of the
 * forced ones (the same schedule in the same code form, so the same kernels and dispatches), the
 * runs of both time the same thing and are pooled: the ratio then measures the choice, not which
 * of two identical runs a busy spell fell on.
 */
import type { ScheduleChoice } from '../core/options.ts';
import type { TrainOptions } from '../api/resolve.ts';
import { makeClassification, makeMoons, xor, type Dataset } from '../data/index.ts';
import { SCHEDULE_NAMES, type GpuContext, type Schedule, type TuningStore } from '../gpu/index.ts';
import { train, type TrainResult } from '../train.ts';
import { spread, type Spread } from './stats.ts';

export interface PlannerWorkload {
  readonly name: string;
  readonly data: () => Dataset;
  readonly options: TrainOptions;
}

const tutorialData = (rows: number) => () =>
  makeClassification({
    nSamples: rows,
    nFeatures: 2,
    nRedundant: 0,
    nClustersPerClass: 1,
    randomState: 0,
  });
const moons = (rows: number) => () => makeMoons({ nSamples: rows, noise: 0.1, randomState: 0 });
const wide = (rows: number, features: number) => () =>
  makeClassification({
    nSamples: rows,
    nFeatures: features,
    nInformative: Math.min(features, 8),
    randomState: 0,
  });

const w = (name: string, data: () => Dataset, options: TrainOptions): PlannerWorkload => ({
  name,
  data,
  options: { seed: 0, shuffleSeed: 0, ...options },
});
const adam = { optimizer: 'adam', lr: 0.01 } as const;
const mlp = (hidden: number[]) => ({ hidden, activation: 'tanh' as const });

/**
 * Tutorial to wide (2-1 to 20-64-64-1), full batch to batch 1, 100 to 10⁶ rows; each run a few
 * tens to a few hundred milliseconds on SwiftShader, so the grid takes a few minutes.
 */
export const PLANNER_GRID: readonly PlannerWorkload[] = [
  w('tutorial (100 rows, full batch, 1000 steps)', tutorialData(100), { epochs: 1000 }),
  w('linear, 1000 rows, full batch', tutorialData(1000), { epochs: 300 }),
  w('linear, 10⁴ rows, full batch', tutorialData(10_000), { epochs: 100 }),
  w('linear, 10⁵ rows, full batch', tutorialData(100_000), { epochs: 20 }),
  w('linear, 10⁶ rows, full batch', tutorialData(1_000_000), { epochs: 3 }),
  w('linear, 10⁶ rows, batch 10⁴', tutorialData(1_000_000), {
    ...adam,
    batchSize: 10_000,
    epochs: 1,
  }),
  w('linear adam, 100 rows, batch 1', tutorialData(100), { ...adam, batchSize: 1, epochs: 5 }),
  w('linear adam, 10⁴ rows, batch 32', tutorialData(10_000), { ...adam, batchSize: 32, epochs: 1 }),
  w('Playground MLP 2-8-8-1 (250 rows, batch 10, 50 epochs)', moons(500), {
    ...mlp([8, 8]),
    optimizer: 'adam',
    lr: 0.03,
    batchSize: 10,
    epochs: 50,
    split: { train: 0.5, test: 0.5, stratify: true, seed: 0 },
  }),
  w('2-8-8-1, 250 rows, full batch', moons(250), { ...mlp([8, 8]), ...adam, epochs: 300 }),
  w('2-8-8-1, 100 rows, batch 1', moons(100), { ...mlp([8, 8]), ...adam, batchSize: 1, epochs: 3 }),
  w('2-8-8-1, 10⁴ rows, batch 100', moons(10_000), {
    ...mlp([8, 8]),
    ...adam,
    batchSize: 100,
    epochs: 2,
  }),
  w('2-8-8-1, 10⁵ rows, batch 1000', moons(100_000), {
    ...mlp([8, 8]),
    ...adam,
    batchSize: 1000,
    epochs: 1,
  }),
  w('2-4-1, 200 rows, batch 1', moons(200), { ...mlp([4]), ...adam, batchSize: 1, epochs: 2 }),
  w(
    '2-8-1 relu xor, 10⁵ rows, batch 10',
    () => xor({ nSamples: 100_000, noise: 0, randomState: 0 }),
    {
      hidden: [8],
      activation: 'relu',
      ...adam,
      batchSize: 10,
      epochs: 1,
    },
  ),
  w('2-16-16-1, 500 rows, batch 10', moons(500), {
    ...mlp([16, 16]),
    ...adam,
    batchSize: 10,
    epochs: 5,
  }),
  w('2-16-16-1, 10⁴ rows, full batch', moons(10_000), { ...mlp([16, 16]), ...adam, epochs: 4 }),
  w('2-16-16-1, 3·10⁴ rows, batch 10⁴', moons(30_000), {
    ...mlp([16, 16]),
    ...adam,
    batchSize: 10_000,
    epochs: 1,
  }),
  w('2-8-8-1 with validation and test splits, 2000 rows, batch 50', moons(2000), {
    ...mlp([8, 8]),
    ...adam,
    batchSize: 50,
    epochs: 10,
    split: { train: 0.6, validation: 0.2, test: 0.2, seed: 0 },
  }),
  w('wide 10-32-32-1, 2000 rows, batch 64', wide(2000, 10), {
    ...mlp([32, 32]),
    ...adam,
    batchSize: 64,
    epochs: 2,
  }),
  w('wide 30-64-1, 500 rows, batch 32', wide(500, 30), {
    ...mlp([64]),
    ...adam,
    batchSize: 32,
    epochs: 3,
  }),
  w('wide 20-64-64-1, 1000 rows, full batch', wide(1000, 20), {
    ...mlp([64, 64]),
    ...adam,
    epochs: 3,
  }),
];

/** One schedule on one workload: its cold first run and its timed runs. */
export interface PlannerRow {
  /** what was asked: auto or a schedule forced */
  readonly asked: ScheduleChoice;
  /** what ran */
  readonly schedule: string;
  readonly unrolled: boolean | null;
  /** the planner's way to its choice (auto: predicted, trial or kept) */
  readonly choice: string | null;
  /** training time of the timed runs, kernels compiled (GPU time where the adapter has timestamps) */
  readonly trainMs: Spread;
  /** the first run, cold: the whole call, compiles (and auto's trial) included (auto: watched) */
  readonly firstRunMs: number;
  /** auto: from train() to the first loss of its cold first run, and of a second run of the shape */
  readonly firstStepMs: number | null;
  readonly secondFirstStepMs: number | null;
  readonly compileMs: number;
  /** the planner's prediction of the run's training time (and compile, first run) */
  readonly predictedMs: number | null;
}

export interface PlannerFigures {
  readonly name: string;
  readonly rows: number;
  readonly steps: number;
  readonly auto: PlannerRow;
  readonly forced: PlannerRow[];
  /** the forced schedule with the fastest run */
  readonly best: string;
  /**
   * auto's fastest run: of its own runs, and of the forced runs of the same plan (schedule and
   * code form) where it chose one
   */
  readonly autoMs: number;
  /** autoMs over the best forced schedule's fastest run */
  readonly ratio: number;
}

export interface PlannerResult {
  readonly workloads: PlannerFigures[];
  /** the highest ratio of any workload */
  readonly worstRatio: number;
  readonly elapsedMs: number;
}

export interface PlannerOptions {
  readonly context: GpuContext;
  readonly repeats: number;
  /** a subset of the grid by index (the test runs a few) */
  readonly only?: readonly number[];
  /** where the trials' answers are kept (the runs do as a user's would) */
  readonly store?: TuningStore;
  readonly onWorkload?: (name: string, done: number, total: number) => void;
}

const timeOf = (r: TrainResult): number => r.run.timings.gpuMs ?? r.run.timings.trainMs;

/** One workload's runs on one choice: the cold ones, then the timed ones. */
interface Runs {
  readonly asked: ScheduleChoice;
  readonly first: TrainResult;
  readonly second: TrainResult | null;
  readonly timed: TrainResult[];
}

function rowOf(runs: Runs): PlannerRow {
  const { asked, first, second, timed } = runs;
  const last = timed.at(-1) ?? first;
  const prediction = last.run.planner?.predictions[last.run.schedule as Schedule];
  return {
    asked,
    schedule: last.run.schedule,
    unrolled: prediction?.unrolled ?? null,
    choice: asked === 'auto' ? (first.run.planner?.choice ?? null) : null,
    trainMs: spread(timed.map(timeOf)),
    firstRunMs: first.elapsedMs,
    firstStepMs: second === null ? null : first.run.timings.firstStepMs,
    secondFirstStepMs: second?.run.timings.firstStepMs ?? null,
    compileMs: first.run.timings.compileMs,
    predictedMs: prediction?.runMs ?? null,
  };
}

/**
 * One workload: each choice's cold run (auto's watched, for the time to its first loss, and a
 * second watched run of the same shape), then `repeats` rounds of every choice in turn, so a
 * busy spell on the machine falls on all of them alike.
 */
async function timeWorkload(
  data: Dataset,
  workload: PlannerWorkload,
  options: PlannerOptions,
): Promise<Runs[]> {
  const asked: ScheduleChoice[] = ['auto', ...SCHEDULE_NAMES];
  const run = (schedule: ScheduleChoice, onProgress?: () => void) =>
    train(data, {
      ...workload.options,
      backend: 'webgpu',
      schedule,
      context: options.context,
      ...(options.store === undefined ? {} : { tuningStore: options.store }),
      ...(onProgress === undefined ? {} : { onProgress }),
    });
  const ignore = () => undefined;
  const runs: {
    asked: ScheduleChoice;
    first: TrainResult;
    second: TrainResult | null;
    timed: TrainResult[];
  }[] = [];
  for (const schedule of asked) {
    const watched = schedule === 'auto';
    const first = await run(schedule, watched ? ignore : undefined);
    const second = watched ? await run(schedule, ignore) : null;
    runs.push({ asked: schedule, first, second, timed: [] });
  }
  for (let r = 0; r < options.repeats; r++)
    for (const entry of runs) entry.timed.push(await run(entry.asked));
  return runs;
}

/** Runs the grid: each workload on auto and on each schedule forced. */
export async function runPlannerGrid(options: PlannerOptions): Promise<PlannerResult> {
  const start = performance.now();
  const list = PLANNER_GRID.filter((_, i) => options.only?.includes(i) ?? true);
  const workloads: PlannerFigures[] = [];
  for (const [i, workload] of list.entries()) {
    options.onWorkload?.(workload.name, i, list.length);
    const data = workload.data();
    const [autoRuns, ...forcedRuns] = await timeWorkload(data, workload, options);
    if (autoRuns === undefined) continue;
    const auto = rowOf(autoRuns);
    const forced = forcedRuns.map(rowOf);
    const best = forced.reduce((a, b) => (b.trainMs.min < a.trainMs.min ? b : a));
    const samePlan = forced.find(
      (f) => f.schedule === auto.schedule && f.unrolled === auto.unrolled,
    );
    const autoMs = Math.min(auto.trainMs.min, samePlan?.trainMs.min ?? Infinity);
    workloads.push({
      name: workload.name,
      rows: autoRuns.first.splitSizes.train,
      steps: autoRuns.first.totalSteps,
      auto,
      forced,
      best: best.schedule,
      autoMs,
      ratio: autoMs / best.trainMs.min,
    });
  }
  return {
    workloads,
    worstRatio: Math.max(...workloads.map((w) => w.ratio)),
    elapsedMs: performance.now() - start,
  };
}
