/**
 * The one public entry: train(data, options) → TrainResult, for every model on either backend.
 * The tutorial is its defaults: no hidden layer, plain SGD at lr 0.1, 1000 full-batch epochs.
 */
import { measureModel, type Metrics } from './core/metrics.ts';
import { resolveOptions, type ResolvedOptions, type TrainOptions } from './api/resolve.ts';
import type { RunReport, TrainProgress, TrainResult } from './api/result.ts';
import { splitRows, type RunOutcome } from './core/run.ts';
import type { Dataset } from './data/index.ts';
import { acquireGpu, type GpuContext } from './gpu/device.ts';
import { choosePlan } from './gpu/choose.ts';
import { planRun, type PlanRequest, type Schedule } from './gpu/plan.ts';
import { compiledShare, decisionMemory } from './gpu/decisions.ts';
import { runOnGpu } from './gpu/execute.ts';
import { PROGRESS_INTERVAL_MS } from './gpu/progress.ts';
import {
  sleepBeforeReadbackMs,
  stepsPerFrame,
  type Tuning,
  type TuningStore,
} from './gpu/tuning.ts';
import { keptTuning, tuneOnce } from './gpu/tune.ts';
import { CPU_BACKEND } from './core/reduction.ts';
import { ReferenceRun } from './reference/train.ts';
import { savedModelOf } from './model/serialize.ts';
import type { RunControl } from './core/control.ts';

export interface TrainCallOptions extends TrainOptions {
  /** called as the run goes, about once a frame; a watched run is cut into segments to allow it */
  readonly onProgress?: (progress: TrainProgress) => void;
  /** stops the run; train() then rejects with the signal's reason */
  readonly signal?: AbortSignal;
  /** play, pause, single steps and speed for a watched run (see RunControl) */
  readonly control?: RunControl;
  /** webgpu: the device to run on; the shared one when omitted */
  readonly context?: GpuContext;
  /**
   * webgpu: measure the workgroup shapes on this adapter first when no tuning is kept for it (a
   * few seconds, once; kept in tuningStore). Without it a run uses the kept tuning, else the
   * defaults for its kind of adapter, and never waits on a tuning pass.
   */
  readonly tune?: boolean;
  /** webgpu: where tunings are kept between runs (a file in Node, localStorage in a page) */
  readonly tuningStore?: TuningStore;
}

/** Lets the event loop run (timers, input, rendering) between slices of CPU work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

interface Executed {
  readonly outcome: RunOutcome;
  readonly report: RunReport;
}

/** The device and the tuning a WebGPU run uses. */
async function gpuFor(options: TrainCallOptions): Promise<GpuContext> {
  const shared = options.context ?? (await acquireGpu());
  // what a tuning pass measured on this adapter (kept, or now with tune: true), else the kind's defaults
  const tuning: Tuning =
    options.tune === true
      ? await tuneOnce(shared, options.tuningStore)
      : keptTuning(shared, options.tuningStore);
  return { ...shared, tuning };
}

/** What the planner weighs for this run on this device: its rows, limits, tuning and compiles. */
function planRequest(resolved: ResolvedOptions, context: GpuContext): PlanRequest {
  const { data, run } = resolved;
  const rows = splitRows(data);
  return {
    run,
    rows,
    limits: context.device.limits,
    tuning: context.tuning,
    schedule: resolved.schedule,
    workgroupSize: resolved.workgroupSize,
    compiled: (plan) => compiledShare(context.device, plan, run, rows),
  };
}

async function onWebGpu(resolved: ResolvedOptions, options: TrainCallOptions): Promise<Executed> {
  const start = performance.now();
  const context = await gpuFor(options);
  const { tuning } = context;
  const deviceMs = performance.now() - start;
  const { data, run } = resolved;
  const { plan, report: planner } = await choosePlan(
    context,
    planRequest(resolved, context),
    data,
    decisionMemory(context, tuning, options.tuningStore),
  );
  const runMs = plan.prediction.bySchedule[plan.schedule]?.runMs ?? 0;
  let firstStepMs: number | null = null;
  const onProgress = options.onProgress;
  const outcome = await runOnGpu({
    context,
    plan,
    run,
    data,
    onProgress:
      onProgress === undefined
        ? undefined
        : (progress) => {
            if (firstStepMs === null && progress.stepsDone > 0)
              firstStepMs = performance.now() - start;
            onProgress(progress);
          },
    signal: options.signal,
    control: options.control,
    // a quarter of a frame first, so the first loss comes back soon; segments grow from there
    stepsPerFrame: Math.max(1, Math.floor(stepsPerFrame(runMs, plan.totalSteps) / 4)),
    sleepBeforeReadbackMs: sleepBeforeReadbackMs(runMs, tuning, context.spinsWhileWaiting),
  });
  return {
    outcome,
    report: {
      backend: 'webgpu',
      precision: 'f32',
      schedule: plan.schedule,
      workgroupSize: plan.workgroupSize,
      dispatchCount: outcome.dispatchCount,
      submitCount: outcome.submitCount,
      readbackCount: outcome.readbackCount,
      timings: {
        deviceMs,
        setupMs: outcome.setupMs,
        compileMs: outcome.compileMs,
        trainMs: outcome.trainMs,
        gpuMs: outcome.gpuMs,
        firstStepMs: firstStepMs ?? performance.now() - start,
      },
      adapter: context.adapter,
      tuning,
      planner,
    },
  };
}

/** The CPU reference, in slices of about a frame when someone watches or may stop it. */
async function onCpu(resolved: ResolvedOptions, options: TrainCallOptions): Promise<Executed> {
  const start = performance.now();
  const reference = new ReferenceRun(resolved.run, resolved.data, {
    precision: resolved.precision,
    // blocks and fixed trees: in float32 no further from float64 than the GPU's sums
    reduction: { step: CPU_BACKEND, eval: CPU_BACKEND },
  });
  const { control, signal } = options;
  const watched = options.onProgress !== undefined || signal !== undefined || control !== undefined;
  let slice = watched ? 1 : reference.totalSteps;
  while (!reference.done) {
    signal?.throwIfAborted();
    const allowed = control ? await control.allow(slice, signal) : slice;
    if (allowed === 0) break; // finished where it stands: the steps taken are the run
    const sliceStart = performance.now();
    reference.runSteps(allowed);
    const sliceMs = performance.now() - sliceStart;
    if (!watched) continue;
    // grow or shrink the slice so each lasts about a frame
    slice = Math.max(1, Math.round((allowed * PROGRESS_INTERVAL_MS) / Math.max(sliceMs, 0.01)));
    // views, not the copies outcome() makes: a frame's report costs nothing per step run
    options.onProgress?.({
      stepsDone: reference.stepsDone,
      totalSteps: reference.totalSteps,
      epochsDone: reference.epochsRun,
      stepLosses: reference.stepLossesSoFar,
      epochLosses: reference.epochLossesSoFar,
      params: reference.currentParams,
    });
    if (!reference.done) await yieldToEventLoop();
  }
  options.signal?.throwIfAborted();
  const outcome = reference.outcome();
  return {
    outcome,
    report: {
      backend: 'cpu',
      precision: resolved.precision,
      schedule: 'reference',
      workgroupSize: null,
      dispatchCount: 0,
      submitCount: 0,
      readbackCount: 0,
      timings: {
        deviceMs: 0,
        setupMs: 0,
        compileMs: 0,
        trainMs: performance.now() - start,
        gpuMs: null,
        firstStepMs: null,
      },
      adapter: null,
      tuning: null,
      planner: null,
    },
  };
}

/**
 * Trains a model: the tutorial's Linear(D,1) binary classifier by default, or an MLP with hidden
 * layers; a K-class softmax classifier when the labels hold more than two classes, a regression
 * when they hold numbers (`task`); any optimizer, mini-batches, extra features, a
 * train/validation/test split and early stopping.
 *
 * @example
 *   const result = await train(data, { hidden: [8, 8], optimizer: 'adam', lr: 0.03, batchSize: 10, epochs: 50 });
 *   result.stepLosses; // the loss before each step
 *   result.metrics.train.accuracy;
 */
export async function train(data: Dataset, options: TrainCallOptions = {}): Promise<TrainResult> {
  const start = performance.now();
  const resolved = resolveOptions(data, options);
  const { outcome, report } =
    resolved.backend === 'webgpu'
      ? await onWebGpu(resolved, options)
      : await onCpu(resolved, options);
  const params = Array.from(outcome.params);
  const measure = (set: Dataset | null): Metrics | null =>
    set === null ? null : measureModel(resolved.spec, params, set, resolved.target);
  const { run, labelled } = resolved;
  return {
    ...outcome,
    model: savedModelOf(resolved.spec, resolved.standardization, params, resolved.target),
    metrics: {
      train: measure(labelled.train) as Metrics,
      validation: measure(labelled.validation),
      test: measure(labelled.test),
    },
    splitSizes: splitRows(resolved.data),
    settings: {
      optimizer: run.optimizer,
      batchSize: run.batchSize,
      epochs: run.epochs,
      patience: run.patience,
      shuffleSeed: run.shuffleSeed,
    },
    run: report,
    elapsedMs: performance.now() - start,
  };
}

/** What a WebGPU run is expected to cost, before it runs: the planner's own prediction. */
export interface RunForecast {
  /** the schedule the planner would take (a trial between two close ones may still change it) */
  readonly schedule: Schedule;
  /** compiling its kernels; 0 where this device has them compiled */
  readonly compileMs: number;
  /** training, on the device */
  readonly trainMs: number;
  /** how far the training time may be off, relative (the tuning's measured error) */
  readonly error: number;
  readonly totalSteps: number;
}

/**
 * The planner's prediction for a run of these options on this data, without running it: what
 * the page says before Train (its estimate), from the same cost model auto chooses by. Null on
 * the CPU backend, which has no cost model.
 *
 * @example
 *   const forecast = await forecastRun(data, { hidden: [8, 8], batchSize: 10, epochs: 50 });
 *   forecast?.trainMs; // about 60 on SwiftShader
 */
export async function forecastRun(
  data: Dataset,
  options: TrainCallOptions = {},
): Promise<RunForecast | null> {
  const resolved = resolveOptions(data, options);
  if (resolved.backend !== 'webgpu') return null;
  const context = await gpuFor({ ...options, tune: false });
  const plan = planRun(planRequest(resolved, context));
  const prediction = plan.prediction.bySchedule[plan.schedule];
  if (prediction === undefined) return null;
  return {
    schedule: plan.schedule,
    compileMs: prediction.compileMs,
    trainMs: prediction.runMs,
    error: prediction.error,
    totalSteps: plan.totalSteps,
  };
}

export type { TrainOptions, TrainProgress, TrainResult };
