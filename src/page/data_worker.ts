// A data worker: makes one data set or reads one CSV file off the main thread, so a million
// samples never freeze the page. One job per worker; the page ends it when a newer job supersedes it.
import { generators, makeDataset, readTableStream, type TableAdvice } from '../data/index.ts';
import type { CsvChoice, DataJob, DataReply, LoadedData } from './worker_protocol.ts';

/** The parts of a dedicated worker's global scope used here (the DOM typings lack them). */
interface WorkerScope {
  postMessage(reply: DataReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<DataJob>) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

/** Progress is posted at most this often: a few updates a second are smooth enough to watch. */
const PROGRESS_MS = 100;

/** A CSV message's advice in the page's words: its controls, not the command line's flags. */
const PAGE_ADVICE: TableAdvice = {
  label: (ref) => (ref === null ? 'under Label column' : `by choosing ${ref} under Label column`),
  ignore: (ref) => `by ticking ${ref} under Leave out`,
  task: (task) => `Problem type ${task}`,
};

async function* chunksOf(file: File): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

async function readCsv(file: File, choice: CsvChoice): Promise<LoadedData> {
  let postedAt = -Infinity;
  const table = await readTableStream(
    chunksOf(file),
    {
      source: file.name,
      ...(choice.label === null ? {} : { label: { index: choice.label } }),
      ignore: choice.ignored.map((index) => ({ index })),
      ...(choice.positive === null ? {} : { positive: choice.positive }),
      ...(choice.task === null ? {} : { task: choice.task }),
      onColumns: (columns) => scope.postMessage({ kind: 'columns', columns }),
      advice: PAGE_ADVICE,
    },
    (bytes) => {
      const now = performance.now();
      if (now - postedAt < PROGRESS_MS && bytes < file.size) return;
      postedAt = now;
      scope.postMessage({ kind: 'progress', bytes, total: file.size });
    },
  );
  return { data: table.dataset, table: table.description };
}

async function runJob(job: DataJob): Promise<void> {
  const loaded: LoadedData =
    job.kind === 'make'
      ? { data: generators[job.generator](job.options), table: null }
      : await readCsv(job.file, job.choice);
  const { X, y, nFeatures } = loaded.data;
  const spare = makeDataset(X.slice(), y.slice(), nFeatures);
  scope.postMessage({ kind: 'data', loaded: { ...loaded, spare } }, [
    X.buffer,
    y.buffer,
    spare.X.buffer,
    spare.y.buffer,
  ]);
}

scope.onmessage = (event) => {
  runJob(event.data).catch((error: unknown) => {
    const { name, message } =
      error instanceof Error ? error : { name: 'Error', message: String(error) };
    scope.postMessage({ kind: 'error', name, message });
  });
};
