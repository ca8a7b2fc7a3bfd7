// The Benchmark tab's worker: the sweep of `webgpu-train bench` (runSweep) off the main thread,
// one configuration after another, each row sent as it finishes. Without WebGPU the CPU loop and
// TensorFlow.js's CPU and WASM backends still run. Cancel ends the worker.
import { DEFAULT_TFJS, runSweep } from '../bench/index.ts';
import { acquireGpu, type GpuContext } from '../gpu/index.ts';
import type { BenchJob, BenchReply } from './bench_protocol.ts';

interface WorkerScope {
  postMessage(reply: BenchReply): void;
  onmessage: ((event: MessageEvent<BenchJob>) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

async function gpuOrNull(): Promise<GpuContext | null> {
  try {
    const context = await acquireGpu();
    scope.postMessage({ kind: 'adapter', adapter: context.adapter, problem: null });
    return context;
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    scope.postMessage({ kind: 'adapter', adapter: null, problem });
    return null;
  }
}

async function sweep(job: BenchJob): Promise<void> {
  const context = await gpuOrNull();
  const tfjs = job.tfjs
    ? DEFAULT_TFJS.filter((config) => context !== null || config.backend !== 'webgpu')
    : [];
  const total = ((context === null ? 1 : 2) + tfjs.length) * job.sizes.length;
  let done = 0;
  const result = await runSweep(
    {
      sizes: job.sizes,
      dims: 2,
      steps: job.steps,
      repeats: job.repeats,
      budgetMs: job.budgetMs,
      lr: 0.1,
      schedules: ['auto'],
      tfjs,
      wasmPaths: job.wasmPaths,
      context,
    },
    (event) => {
      if (event.phase === 'start')
        scope.postMessage({ kind: 'start', N: event.N, what: event.what, done: done++, total });
      else
        scope.postMessage({
          kind: 'row',
          row: { N: event.N, stepsAsked: job.steps, ...event.row },
        });
    },
  );
  scope.postMessage({ kind: 'done', cpuPath: result.cpuPath });
}

scope.onmessage = (event) => {
  sweep(event.data).catch((error: unknown) =>
    scope.postMessage({
      kind: 'error',
      message: error instanceof Error ? error.message : String(error),
    }),
  );
};
