import type { Dataset } from '../data/index.ts';
import type { TrainModelOptions, TrainModelResult } from '../model/index.ts';
import type { TrainProgress, TrainResult } from '../train/index.ts';
import type { PageState } from './url_state.ts';
import type { CpuRunOptions, WorkerJob, WorkerReply } from './worker_protocol.ts';

/** An error raised in the worker, with its name and message (a CsvError's names the line and column). */
export class WorkerJobError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs one job in a fresh worker and resolves with its final reply. Aborting the signal ends the
 * worker at once and rejects with the signal's reason, as train() does.
 */
function runInWorker(
  job: WorkerJob,
  signal: AbortSignal | undefined,
  onProgress: (reply: Extract<WorkerReply, { kind: 'progress' }>) => void = () => {},
): Promise<Exclude<WorkerReply, { kind: 'progress' | 'error' }>> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    const finish = (): void => {
      worker.terminate();
      signal?.removeEventListener('abort', abort);
    };
    const abort = (): void => {
      finish();
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      if (reply.kind === 'progress') return onProgress(reply);
      finish();
      if (reply.kind === 'error') reject(new WorkerJobError(reply.name, reply.message));
      else resolve(reply);
    };
    worker.onerror = (event) => {
      finish();
      reject(new Error(`the page's worker failed: ${event.message}`));
    };
    worker.postMessage(job);
  });
}

/** The data set a state describes, made in a worker (a million samples take about a second). */
export async function makeDataOffThread(state: PageState, signal?: AbortSignal): Promise<Dataset> {
  const reply = await runInWorker({ kind: 'make', state }, signal);
  if (reply.kind !== 'data') throw new Error(`expected a data set, got ${reply.kind}`);
  return reply.data;
}

/** A CSV file read and checked in a worker; a bad one rejects with the CsvError's message. */
export async function readCsvOffThread(file: File, signal?: AbortSignal): Promise<Dataset> {
  const reply = await runInWorker({ kind: 'csv', file }, signal);
  if (reply.kind !== 'data') throw new Error(`expected a data set, got ${reply.kind}`);
  return reply.data;
}

/**
 * train() on the CPU backend, in a worker: one step over many samples can take longer than a
 * frame, and no step of the page's may. Progress arrives as from train() itself.
 */
export async function trainOnCpuOffThread(
  data: Dataset,
  options: CpuRunOptions & {
    readonly onProgress?: (progress: TrainProgress) => void;
    readonly signal?: AbortSignal;
  },
): Promise<TrainResult> {
  const { onProgress, signal, ...runOptions } = options;
  // float64 holds the f32 losses exactly, and f64 ones too
  let losses = new Float64Array(0);
  const reply = await runInWorker(
    { kind: 'train', data, options: runOptions },
    signal,
    ({ stepsDone, steps, newLosses, params }) => {
      if (losses.length !== steps) losses = new Float64Array(steps);
      losses.set(newLosses, stepsDone - newLosses.length);
      onProgress?.({ stepsDone, steps, losses: losses.subarray(0, stepsDone), params });
    },
  );
  if (reply.kind !== 'trained') throw new Error(`expected a result, got ${reply.kind}`);
  return reply.result;
}

/** trainModel() on the CPU backend, in a worker; Stop ends the worker. */
export async function trainModelOnCpuOffThread(
  data: Dataset,
  options: TrainModelOptions,
  signal?: AbortSignal,
): Promise<TrainModelResult> {
  // what cannot cross to a worker stays here: callbacks, the signal, a GPU context
  const { onProgress, signal: _signal, context, backend, ...cloneable } = options;
  const reply = await runInWorker({ kind: 'model', data, options: cloneable }, signal);
  if (reply.kind !== 'model-trained') throw new Error(`expected a model, got ${reply.kind}`);
  return reply.result;
}
