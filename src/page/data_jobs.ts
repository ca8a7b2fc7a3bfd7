/**
 * Data sets made and CSV files read in a worker each: a million samples take about a second,
 * and the page stays live meanwhile. Aborting ends the worker at once.
 */
import type { Dataset, GeneratorName, GeneratorOptions } from '../data/index.ts';
import type { DataJob, DataReply } from './worker_protocol.ts';

/** An error raised in the worker, with its name and message (a CsvError's names the line and column). */
export class WorkerJobError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

function runInWorker(job: DataJob, signal: AbortSignal): Promise<Dataset> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const worker = new Worker(new URL('./data_worker.ts', import.meta.url), { type: 'module' });
    const finish = (): void => {
      worker.terminate();
      signal.removeEventListener('abort', abort);
    };
    const abort = (): void => {
      finish();
      reject(signal.reason);
    };
    signal.addEventListener('abort', abort, { once: true });
    worker.onmessage = (event: MessageEvent<DataReply>) => {
      finish();
      const reply = event.data;
      if (reply.kind === 'error') reject(new WorkerJobError(reply.name, reply.message));
      else resolve(reply.data);
    };
    worker.onerror = (event) => {
      finish();
      reject(new Error(`the page's data worker failed: ${event.message}`));
    };
    worker.postMessage(job);
  });
}

export function makeDataOffThread(
  generator: GeneratorName,
  options: GeneratorOptions,
  signal: AbortSignal,
): Promise<Dataset> {
  return runInWorker({ kind: 'make', generator, options }, signal);
}

/** A CSV file read and checked in a worker; a bad one rejects with the CsvError's message. */
export function readCsvOffThread(file: File, signal: AbortSignal): Promise<Dataset> {
  return runInWorker({ kind: 'csv', file }, signal);
}
