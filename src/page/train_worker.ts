// The page's training worker: it lives as long as the page, holds the GPU device and the kernels
// compiled for it, and runs train() on either backend, so neither a slow CPU step, the data's
// upload, nor a million samples' metrics ever hold the main thread. Play, pause, step, speed and
// stop reach the run through its RunControl; progress goes back about once a frame.
import { measureModel } from '../core/metrics.ts';
import { resolveOptions } from '../api/resolve.ts';
import type { TrainProgress, TrainResult } from '../api/result.ts';
import type { Dataset } from '../data/index.ts';
import { acquireGpu, measureTuning, tuningKey, type GpuContext } from '../gpu/index.ts';
import { pageTuningStore } from './tuning_store.ts';
import { forecastRun, train, type RunForecast } from '../train.ts';
import { measure as meanLoss } from './live_figures.ts';
import { fitStretches } from './estimate.ts';
import { PacedControl } from './paced_control.ts';
import { RunControl } from '../core/control.ts';
import type {
  EpochParts,
  ProgressReport,
  RunSummary,
  SeriesPart,
  TrainJob,
  TrainReply,
  WarmPace,
  WorkerTrainOptions,
} from './worker_protocol.ts';

interface WorkerScope {
  postMessage(reply: TrainReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<TrainJob>) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

// Tuning: a GPU is measured in the background once the page has sat idle a few seconds (a run or a
// warm-up stops the pass, which starts again once they are done), kept in IndexedDB, and every run
// uses what was measured (src/page/tuning_store.ts); until then, the kind's defaults. A software
// adapter keeps its defaults (measured on SwiftShader): its pass takes both cores for many seconds.
const tuningStore = pageTuningStore();
/** The page waits this long after its last job before it tunes. */
const TUNE_AFTER_IDLE_MS = 5000;
let tuner: { readonly controller: AbortController } | null = null;
let tuneTimer: ReturnType<typeof setTimeout> | null = null;
let jobs = 0;

/** Measures the adapter once the worker has been idle a while, unless a tuning is kept. */
function tuneWhenIdle(context: GpuContext): void {
  if (context.adapter.isSoftware) return;
  if (tuneTimer !== null) clearTimeout(tuneTimer);
  tuneTimer = setTimeout(() => {
    tuneTimer = null;
    void tuningStore.then(async (store) => {
      const key = tuningKey(context.adapter);
      if (store.load(key) !== null || tuner !== null || jobs > 0) return;
      const controller = new AbortController();
      tuner = { controller };
      try {
        const { tuning } = await measureTuning(context, undefined, controller.signal);
        store.save(key, tuning);
      } catch {
        // stopped for a run (it starts again when the page is idle), or failed: the defaults stay
      } finally {
        tuner = null;
      }
    });
  }, TUNE_AFTER_IDLE_MS);
}

/** A run or a warm-up starts: the background pass gives way, and comes back once it is done. */
async function duringJob<T>(job: () => Promise<T>): Promise<T> {
  jobs++;
  tuner?.controller.abort();
  try {
    return await job();
  } finally {
    jobs--;
    if (jobs === 0) void acquireGpu().then(tuneWhenIdle, () => undefined);
  }
}

/** Only the latest data set is kept: a new one replaces it. */
let dataset: { readonly id: number; readonly data: Dataset } | null = null;
let current: {
  readonly runId: number;
  readonly controller: AbortController;
  readonly control: PacedControl;
} | null = null;

type EpochLosses = TrainResult['epochLosses'];

/** Sends each loss once: what a report adds since the last one. */
class SeriesSender {
  private stepsSent = 0;
  private readonly epochsSent = { train: 0, validation: 0, test: 0 };

  report(
    progress: Pick<
      TrainProgress,
      'stepsDone' | 'totalSteps' | 'epochsDone' | 'stepLosses' | 'epochLosses' | 'params'
    >,
    final: boolean,
  ): ProgressReport {
    const steps: SeriesPart = {
      from: this.stepsSent,
      values: Float32Array.from(progress.stepLosses.subarray(this.stepsSent, progress.stepsDone)),
    };
    this.stepsSent = Math.max(this.stepsSent, progress.stepsDone);
    return {
      stepsDone: progress.stepsDone,
      totalSteps: progress.totalSteps,
      epochsDone: progress.epochsDone,
      steps,
      epochs: this.epochParts(progress.epochLosses, progress.epochsDone, final),
      params: Float64Array.from(progress.params),
    };
  }

  /**
   * Each split's epoch losses from the first not sent, up to the first not yet known (full batch
   * learns an epoch's train loss at the next step); at the end, everything through the last epoch.
   */
  private epochParts(losses: EpochLosses, epochsDone: number, final: boolean): EpochParts {
    const part = (split: keyof EpochLosses): SeriesPart => {
      const values = losses[split];
      const from = this.epochsSent[split];
      let to = from;
      const end = Math.min(epochsDone, values.length);
      while (to < end && (final || Number.isFinite(values[to] as number))) to++;
      this.epochsSent[split] = to;
      return { from, values: Float32Array.from(values.subarray(from, to)) };
    };
    return { train: part('train'), validation: part('validation'), test: part('test') };
  }
}

const transfers = (report: ProgressReport): Transferable[] => [
  report.steps.values.buffer,
  report.epochs.train.values.buffer,
  report.epochs.validation.values.buffer,
  report.epochs.test.values.buffer,
  report.params.buffer,
];

function summarize(result: TrainResult): RunSummary {
  const { stepLosses, epochLosses, params, lastParams, ...rest } = result;
  const epoch = result.bestEpoch ?? result.epochsRun - 1;
  const at = (values: Float64Array) => (epoch >= 0 ? (values[epoch] ?? NaN) : NaN);
  const epochLoss = {
    train: at(epochLosses.train),
    validation: at(epochLosses.validation),
    test: at(epochLosses.test),
  };
  return {
    ...rest,
    params: Float64Array.from(params),
    lastParams: Float64Array.from(lastParams),
    lastStepLoss: stepLosses[result.stepsDone - 1] ?? NaN,
    epochLoss: Number.isFinite(epochLoss.train) ? epochLoss : null,
  };
}

function parameterOf(error: unknown): string | null {
  if (typeof error === 'object' && error !== null && 'parameter' in error) {
    const { parameter } = error as { parameter: unknown };
    return typeof parameter === 'string' ? parameter : null;
  }
  return null;
}

function describeError(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}

function dataFor(dataId: number): Dataset {
  if (dataset === null || dataset.id !== dataId)
    throw new Error('the data set changed before the run started');
  return dataset.data;
}

async function runTraining(job: Extract<TrainJob, { kind: 'train' }>): Promise<void> {
  current?.controller.abort(new DOMException('superseded', 'AbortError'));
  const controller = new AbortController();
  const sender = new SeriesSender();
  let reported = 0;
  const control = new PacedControl(
    { paused: job.paused, stepsPerSegment: job.pace.stepsPerSegment },
    (allowed) => {
      if (reported >= allowed)
        scope.postMessage({ kind: 'held', runId: job.runId, stepsDone: reported });
    },
  );
  const run = { runId: job.runId, controller, control };
  current = run;
  try {
    const store = await tuningStore;
    const result = await duringJob(() =>
      train(dataFor(job.dataId), {
        ...job.options,
        tuningStore: store,
        signal: controller.signal,
        control,
        onProgress: (progress) => {
          const report = sender.report(progress, false);
          reported = report.stepsDone;
          scope.postMessage({ kind: 'progress', runId: job.runId, report }, transfers(report));
          if (control.isHolding && reported >= control.stepsAllowed)
            scope.postMessage({ kind: 'held', runId: job.runId, stepsDone: reported });
        },
      }),
    );
    const report = sender.report(
      { ...result, epochsDone: result.epochsRun, params: result.params },
      true,
    );
    scope.postMessage(
      { kind: 'done', runId: job.runId, summary: summarize(result), report },
      transfers(report),
    );
  } catch (error) {
    scope.postMessage({
      kind: 'failed',
      runId: job.runId,
      ...describeError(error),
      parameter: parameterOf(error),
    });
  } finally {
    if (current === run) current = null;
  }
}

function controlRun(job: Extract<TrainJob, { kind: 'control' | 'pace' }>): void {
  if (current === null || current.runId !== job.runId) return;
  const { control } = current;
  if (job.kind === 'pace') {
    control.setSpeed(job.pace.stepsPerSegment);
    control.paced = job.pace.stepsPerSegment !== null;
    return;
  }
  if (job.action === 'pause') control.pause();
  else if (job.action === 'resume') control.resume();
  else if (job.action === 'finish') control.finish();
  else control.step(job.steps ?? 1);
}

/** The metrics of given params on the current data, split as a run with these options splits it. */
function score(job: Extract<TrainJob, { kind: 'score' }>): void {
  try {
    const resolved = resolveOptions(dataFor(job.dataId), job.options);
    const params = resolved.run.initialParams;
    // the head's metrics, as train() measures a run's
    const measure = (set: Dataset | null) =>
      set === null ? null : measureModel(resolved.spec, params, set);
    const { train: trainSet, validation, test } = resolved.data;
    // each split's mean loss, as the run's own epoch losses measure it
    const lossOf = (set: Dataset | null) =>
      set === null ? null : meanLoss(resolved.spec, params, set).loss;
    scope.postMessage({
      kind: 'scored',
      requestId: job.requestId,
      metrics: {
        train: measureModel(resolved.spec, params, trainSet),
        validation: measure(validation),
        test: measure(test),
        losses: {
          train: lossOf(trainSet) ?? NaN,
          validation: lossOf(validation),
          test: lossOf(test),
        },
      },
    });
  } catch (error) {
    scope.postMessage({
      kind: 'score-failed',
      requestId: job.requestId,
      message: describeError(error).message,
      parameter: parameterOf(error),
    });
  }
}

/** The planner's prediction for a run, from the tuning this adapter has (kept or its kind's). */
async function forecast(job: Extract<TrainJob, { kind: 'forecast' }>): Promise<void> {
  let predicted: RunForecast | null = null;
  try {
    const store = await tuningStore;
    predicted = await forecastRun(dataFor(job.dataId), { ...job.options, tuningStore: store });
  } catch {
    // options that cannot run say so when Train is pressed; the estimate just has no forecast
  }
  scope.postMessage({ kind: 'forecast', requestId: job.requestId, forecast: predicted });
}

/** Lets a run take its first `steps` steps, then ends it where it stands (as Stop does). */
class FirstSteps extends RunControl {
  constructor(private left: number) {
    super();
  }

  override allow(limit: number): Promise<number> {
    const granted = Math.max(0, Math.min(limit, this.left));
    this.left -= granted;
    return Promise.resolve(granted);
  }
}

/** The most epochs a warm-up runs of the run it warms. */
const WARM_EPOCHS = 100;

/**
 * Compiles the kernels for the run Train would start (they stay cached on the device) and
 * measures the rate: the start of that very run, its schedule and code as the planner plans the
 * whole of it, stopped after at most WARM_EPOCHS epochs. A shorter run of its own could plan
 * another schedule (the compile weighs more against a short run), whose kernels the run itself
 * would then still compile when Train is pressed.
 */
async function warmUp(dataId: number, options: WorkerTrainOptions): Promise<void> {
  const store = await tuningStore;
  const data = dataFor(dataId);
  // an epoch is at most ⌈rows / batch⌉ steps (the training split has at most every row)
  const perEpoch = Math.ceil(data.nSamples / Math.max(1, options.batchSize ?? data.nSamples));
  const control = new FirstSteps(perEpoch * Math.min(options.epochs ?? 1, WARM_EPOCHS));
  // watched as a run on the page is (its progress read back a frame at a time), each report's
  // time kept: the stretches between them give the pace the rest of the run keeps
  const reports: { at: number; steps: number }[] = [];
  const result = await duringJob(() =>
    train(data, {
      ...options,
      tuningStore: store,
      control,
      onProgress: (progress) => reports.push({ at: performance.now(), steps: progress.stepsDone }),
    }),
  );
  const work = result.stepsDone * result.settings.batchSize * (result.model.params.length + 1);
  const ms = result.run.timings.trainMs;
  // a step's time and a readback's, parted over the stretches between reports (the segments grow,
  // so they differ in length): a short stretch is mostly its readback, which the run's frame-long
  // segments pay once a frame (the last stretch alone, 64 steps and a readback, said 0.21 s for
  // the tutorial's run of 0.04–0.12 s); without two lengths to part them, the training time a step
  const stretches = reports
    .slice(1)
    .map((r, i) => ({
      steps: r.steps - (reports[i]?.steps ?? 0),
      ms: r.at - (reports[i]?.at ?? r.at),
    }))
    .filter((s) => s.steps > 0);
  const { msPerStep, readbackMs } = fitStretches(stretches) ?? {
    msPerStep: ms / Math.max(1, result.stepsDone),
    readbackMs: 0,
  };
  const pace: WarmPace | null =
    result.run.backend === 'webgpu' && result.stepsDone > 0
      ? {
          steps: result.stepsDone,
          totalSteps: result.totalSteps,
          // past its compile and the device's first request (a one-time cost Train does not pay)
          ms: result.elapsedMs - result.run.timings.compileMs - result.run.timings.deviceMs,
          msPerStep,
          readbackMs,
        }
      : null;
  scope.postMessage({
    kind: 'warmed',
    backend: result.run.backend,
    ms: result.elapsedMs,
    workPerSecond: (work / Math.max(ms, 0.01)) * 1000,
    pace,
  });
}

async function findAdapter(): Promise<void> {
  try {
    const context = await acquireGpu();
    scope.postMessage({ kind: 'adapter', adapter: context.adapter, problem: null });
    tuneWhenIdle(context);
  } catch (error) {
    scope.postMessage({ kind: 'adapter', adapter: null, problem: describeError(error).message });
  }
}

scope.onmessage = (event) => {
  const job = event.data;
  switch (job.kind) {
    case 'adapter':
      void findAdapter();
      return;
    case 'warm-up':
      // a warm-up that fails costs nothing more: the run itself will report what is wrong
      warmUp(job.dataId, job.options).catch((error: unknown) =>
        scope.postMessage({ kind: 'warm-failed', message: describeError(error).message }),
      );
      return;
    case 'data':
      dataset = { id: job.dataId, data: job.data };
      return;
    case 'train':
      void runTraining(job);
      return;
    case 'control':
    case 'pace':
      controlRun(job);
      return;
    case 'abort':
      if (current?.runId === job.runId)
        current.controller.abort(new DOMException('stopped', 'AbortError'));
      return;
    case 'score':
      score(job);
      return;
    case 'forecast':
      void forecast(job);
      return;
  }
};
