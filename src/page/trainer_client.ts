/**
 * The page's side of its training worker: starts runs, passes play, pause, step, speed and stop to
 * them, and routes what the worker says back to the run it concerns. A run that is abandoned and
 * does not let go within three seconds (a long synchronous stretch in the worker) costs the worker: it
 * is ended and a fresh one started, so the page never waits on it.
 */
import type { Metrics } from '../core/metrics.ts';
import type { Dataset } from '../data/index.ts';
import type { AdapterSummary } from '../gpu/index.ts';
import type { RunForecast } from '../train.ts';
import type {
  Pace,
  ProgressReport,
  RunSummary,
  TrainJob,
  TrainReply,
  WarmPace,
  WorkerTrainOptions,
} from './worker_protocol.ts';

export interface RunFailure {
  readonly name: string;
  readonly message: string;
  readonly parameter: string | null;
}

export interface RunHandlers {
  onProgress(report: ProgressReport): void;
  /** paused, with every step allowed taken and reported */
  onHeld(stepsDone: number): void;
  onDone(summary: RunSummary, report: ProgressReport): void;
  onFailed(failure: RunFailure): void;
}

export interface RunHandle {
  pause(): void;
  resume(): void;
  step(steps: number): void;
  /** ends the run where it stands; onDone follows with the steps taken */
  finish(): void;
  setPace(pace: Pace): void;
  /** drops the run: nothing more is heard of it */
  abort(): void;
}

export interface SplitMetrics {
  readonly train: Metrics;
  readonly validation: Metrics | null;
  readonly test: Metrics | null;
}

/** A model's metrics on each split, with its mean loss there (a loaded model's score). */
export interface Scored extends SplitMetrics {
  readonly losses: {
    readonly train: number;
    readonly validation: number | null;
    readonly test: number | null;
  };
}

export interface WarmUp {
  readonly backend: 'webgpu' | 'cpu';
  readonly ms: number;
  readonly workPerSecond: number;
  readonly pace: WarmPace | null;
}

/** How long an abandoned run may take to let go before its worker is replaced. */
const LET_GO_MS = 3000;

type Waiter<T> = { resolve: (value: T) => void; reject: (error: Error) => void };

export class TrainerClient {
  private worker: Worker;
  private readonly runs = new Map<number, RunHandlers>();
  private readonly dropped = new Map<number, ReturnType<typeof setTimeout>>();
  private readonly scores = new Map<number, Waiter<Scored>>();
  private readonly forecasts = new Map<number, (forecast: RunForecast | null) => void>();
  private adapterWaiters: Waiter<{ adapter: AdapterSummary | null; problem: string | null }>[] = [];
  private warmWaiters: Waiter<WarmUp>[] = [];
  private sent: { data: Dataset; id: number } | null = null;
  /** a copy of a data set made off the main thread, to be transferred instead of cloned */
  private spare: { data: Dataset; copy: Dataset } | null = null;
  private nextId = 1;

  constructor() {
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./train_worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<TrainReply>) => this.receive(event.data);
    worker.onerror = (event) => this.failAll(`the training worker failed: ${event.message}`);
    return worker;
  }

  private post(job: TrainJob, transfer: Transferable[] = []): void {
    this.worker.postMessage(job, transfer);
  }

  /**
   * A copy of `data` (made in a data worker) that the training worker may take whole when it
   * first needs `data`, instead of the main thread copying it; the latest offer replaces any other.
   */
  offer(data: Dataset, copy: Dataset | undefined): void {
    // a copy handed on before has been transferred away: its arrays are empty now
    const whole = copy !== undefined && copy.y.length === data.y.length && copy.y.length > 0;
    this.spare = whole ? { data, copy } : null;
  }

  /** Ends the worker and starts another: every run and request on the old one fails. */
  private replaceWorker(why: string): void {
    this.worker.terminate();
    this.failAll(why);
    this.sent = null;
    this.worker = this.spawn();
  }

  private failAll(why: string): void {
    for (const handlers of this.runs.values())
      handlers.onFailed({ name: 'WorkerError', message: why, parameter: null });
    this.runs.clear();
    for (const timer of this.dropped.values()) clearTimeout(timer);
    this.dropped.clear();
    for (const waiter of this.scores.values()) waiter.reject(new Error(why));
    this.scores.clear();
    for (const resolve of this.forecasts.values()) resolve(null);
    this.forecasts.clear();
    for (const waiter of this.adapterWaiters) waiter.resolve({ adapter: null, problem: why });
    this.adapterWaiters = [];
    for (const waiter of this.warmWaiters) waiter.reject(new Error(why));
    this.warmWaiters = [];
  }

  private receive(reply: TrainReply): void {
    switch (reply.kind) {
      case 'adapter':
        for (const waiter of this.adapterWaiters.splice(0)) waiter.resolve(reply);
        return;
      case 'warmed':
        for (const waiter of this.warmWaiters.splice(0)) waiter.resolve(reply);
        return;
      case 'warm-failed':
        for (const waiter of this.warmWaiters.splice(0)) waiter.reject(new Error(reply.message));
        return;
      case 'forecast':
        this.forecasts.get(reply.requestId)?.(reply.forecast);
        this.forecasts.delete(reply.requestId);
        return;
      case 'scored':
      case 'score-failed': {
        const waiter = this.scores.get(reply.requestId);
        this.scores.delete(reply.requestId);
        if (reply.kind === 'scored') waiter?.resolve(reply.metrics);
        else
          waiter?.reject(Object.assign(new Error(reply.message), { parameter: reply.parameter }));
        return;
      }
      default: {
        const timer = this.dropped.get(reply.runId);
        if (timer !== undefined && (reply.kind === 'done' || reply.kind === 'failed')) {
          clearTimeout(timer);
          this.dropped.delete(reply.runId);
        }
        const handlers = this.runs.get(reply.runId);
        if (handlers === undefined) return;
        if (reply.kind === 'progress') handlers.onProgress(reply.report);
        else if (reply.kind === 'held') handlers.onHeld(reply.stepsDone);
        else {
          this.runs.delete(reply.runId);
          if (reply.kind === 'done') handlers.onDone(reply.summary, reply.report);
          else handlers.onFailed(reply);
        }
      }
    }
  }

  /** The WebGPU adapter the worker finds, or why there is none. */
  adapter(): Promise<{ adapter: AdapterSummary | null; problem: string | null }> {
    return new Promise((resolve, reject) => {
      this.adapterWaiters.push({ resolve, reject });
      this.post({ kind: 'adapter' });
    });
  }

  /** Runs the start of the run Train would make, so its kernels are compiled before anyone presses Train. */
  warmUp(data: Dataset, options: WorkerTrainOptions): Promise<WarmUp> {
    return new Promise((resolve, reject) => {
      const dataId = this.dataId(data);
      this.warmWaiters.push({ resolve, reject });
      this.post({ kind: 'warm-up', dataId, options });
    });
  }

  /** The id the worker knows this data set by, sending it the first time. */
  private dataId(data: Dataset): number {
    if (this.sent?.data !== data) {
      this.sent = { data, id: this.nextId++ };
      const spare = this.spare?.data === data ? this.spare.copy : null;
      this.spare = null;
      if (spare === null) this.post({ kind: 'data', dataId: this.sent.id, data });
      else
        this.post({ kind: 'data', dataId: this.sent.id, data: spare }, [
          spare.X.buffer,
          spare.y.buffer,
        ]);
    }
    return this.sent.id;
  }

  start(
    data: Dataset,
    options: WorkerTrainOptions,
    start: { readonly paused: boolean; readonly pace: Pace },
    handlers: RunHandlers,
  ): RunHandle {
    const runId = this.nextId++;
    const dataId = this.dataId(data);
    this.runs.set(runId, handlers);
    this.post({ kind: 'train', runId, dataId, options, paused: start.paused, pace: start.pace });
    const control = (action: 'pause' | 'resume' | 'finish' | 'step', steps?: number) =>
      this.post({ kind: 'control', runId, action, ...(steps === undefined ? {} : { steps }) });
    return {
      pause: () => control('pause'),
      resume: () => control('resume'),
      step: (steps) => control('step', steps),
      finish: () => control('finish'),
      setPace: (pace) => this.post({ kind: 'pace', runId, pace }),
      abort: () => {
        if (!this.runs.delete(runId)) return;
        this.post({ kind: 'abort', runId });
        this.dropped.set(
          runId,
          setTimeout(() => {
            this.dropped.delete(runId);
            this.replaceWorker('the training worker was replaced: a run did not stop in time');
          }, LET_GO_MS),
        );
      },
    };
  }

  /** What the planner predicts a run of these options will cost (null: no prediction to give). */
  forecast(data: Dataset, options: WorkerTrainOptions): Promise<RunForecast | null> {
    const requestId = this.nextId++;
    const dataId = this.dataId(data);
    return new Promise((resolve) => {
      this.forecasts.set(requestId, resolve);
      this.post({ kind: 'forecast', requestId, dataId, options });
    });
  }

  /** The metrics of params on the data, split as a run with these options would split it. */
  score(data: Dataset, options: WorkerTrainOptions): Promise<Scored> {
    const requestId = this.nextId++;
    const dataId = this.dataId(data);
    return new Promise((resolve, reject) => {
      this.scores.set(requestId, { resolve, reject });
      this.post({ kind: 'score', requestId, dataId, options });
    });
  }
}
