/**
 * Data sets made and CSV files read in a worker each: a million samples take about a second,
 * and the page stays live meanwhile. Aborting ends the worker at once.
 */
import type { GeneratorName, GeneratorOptions, TableColumns } from '../data/index.ts';
import type { CsvChoice, DataJob, DataReply, LoadedData } from './worker_protocol.ts';

/** What a CSV read says before it is done. */
export interface CsvListener {
  /** the file's columns, once its header is read */
  readonly onColumns: (columns: TableColumns) => void;
  readonly onProgress: (bytes: number, total: number) => void;
}

/** An error raised in the worker, with its name and message (a CsvError's names the line and column). */
export class WorkerJobError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

function runInWorker(
  job: DataJob,
  signal: AbortSignal,
  listener: CsvListener | null = null,
): Promise<LoadedData> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const worker = new Worker(new URL('./data_worker.ts', import.meta.url), { type: 'module' });
    const finish = (): void => {
      // a message already on its way from a superseded read (its columns, its progress) is dropped
      worker.onmessage = null;
      worker.terminate();
      signal.removeEventListener('abort', abort);
    };
    const abort = (): void => {
      finish();
      reject(signal.reason);
    };
    signal.addEventListener('abort', abort, { once: true });
    worker.onmessage = (event: MessageEvent<DataReply>) => {
      const reply = event.data;
      if (reply.kind === 'columns') listener?.onColumns(reply.columns);
      else if (reply.kind === 'progress') listener?.onProgress(reply.bytes, reply.total);
      else {
        finish();
        if (reply.kind === 'error') reject(new WorkerJobError(reply.name, reply.message));
        else resolve(reply.loaded);
      }
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
): Promise<LoadedData> {
  return runInWorker({ kind: 'make', generator, options }, signal);
}

/**
 * A CSV file read as it streams and checked in a worker, its columns chosen as `choice` says; a
 * bad one rejects with the CsvError's message. The listener hears the columns and the progress.
 */
export function readCsvOffThread(
  file: File,
  choice: CsvChoice,
  signal: AbortSignal,
  listener: CsvListener,
): Promise<LoadedData> {
  return runInWorker({ kind: 'csv', file, choice }, signal, listener);
}
