// The page's worker: makes data sets, reads CSV files and runs the CPU reference off the main
// thread, so a million samples or a slow step never freezes the page. One job per worker.
import { parseCsv } from '../data/index.ts';
import { trainModel } from '../model/index.ts';
import { train } from '../train/index.ts';
import { makeData } from './data_panel.ts';
import type { WorkerJob, WorkerReply } from './worker_protocol.ts';

/** The parts of a dedicated worker's global scope used here (the DOM typings lack them). */
interface WorkerScope {
  postMessage(reply: WorkerReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerJob>) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

async function runJob(job: WorkerJob): Promise<void> {
  if (job.kind === 'make' || job.kind === 'csv') {
    const data =
      job.kind === 'make'
        ? makeData(job.state)
        : parseCsv(await job.file.text(), { source: job.file.name });
    scope.postMessage({ kind: 'data', data }, [data.X.buffer, data.y.buffer]);
    return;
  }
  if (job.kind === 'model') {
    // the CPU model trainer reports no progress: the page shows the result when it comes
    const result = await trainModel(job.data, { ...job.options, backend: 'cpu' });
    scope.postMessage({ kind: 'model-trained', result });
    return;
  }
  let sent = 0;
  const result = await train(job.data, {
    ...job.options,
    backend: 'cpu',
    // train() slices the run into about a frame's work and reports after each slice
    onProgress: ({ stepsDone, steps, losses, params }) => {
      const newLosses = losses.slice(sent);
      sent = stepsDone;
      scope.postMessage({ kind: 'progress', stepsDone, steps, newLosses, params: params.slice() }, [
        newLosses.buffer,
      ]);
    },
  });
  scope.postMessage({ kind: 'trained', result }, [result.losses.buffer]);
}

scope.onmessage = (event) => {
  runJob(event.data).catch((error: unknown) => {
    const { name, message } =
      error instanceof Error ? error : { name: 'Error', message: String(error) };
    scope.postMessage({ kind: 'error', name, message });
  });
};
