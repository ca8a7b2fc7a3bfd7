// A data worker: makes one data set or reads one CSV file off the main thread, so a million
// samples never freeze the page. One job per worker; the page ends it when a newer job supersedes it.
import { generators, parseCsv } from '../data/index.ts';
import type { DataJob, DataReply } from './worker_protocol.ts';

/** The parts of a dedicated worker's global scope used here (the DOM typings lack them). */
interface WorkerScope {
  postMessage(reply: DataReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<DataJob>) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

async function runJob(job: DataJob): Promise<void> {
  const data =
    job.kind === 'make'
      ? generators[job.generator](job.options)
      : parseCsv(await job.file.text(), { source: job.file.name });
  scope.postMessage({ kind: 'data', data }, [data.X.buffer, data.y.buffer]);
}

scope.onmessage = (event) => {
  runJob(event.data).catch((error: unknown) => {
    const { name, message } =
      error instanceof Error ? error : { name: 'Error', message: String(error) };
    scope.postMessage({ kind: 'error', name, message });
  });
};
