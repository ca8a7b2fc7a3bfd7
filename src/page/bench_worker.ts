// The Benchmark tab's worker: the sweep of `webgpu-train bench` off the main thread, one
// configuration after another, each row sent as it finishes. Without WebGPU the CPU loop and
// TensorFlow.js's CPU and WASM backends still run. Cancel ends the worker.
import {
  benchCpu,
  benchGpu,
  checkLosses,
  DEFAULT_TFJS,
  FAST_CPU_PATH,
  runTfjs,
  sweepData,
  sweepInit,
  type BackendFigures,
  type SweepOptions,
} from '../bench/index.ts';
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
  const options: SweepOptions = {
    sizes: job.sizes,
    dims: 2,
    steps: job.steps,
    repeats: job.repeats,
    budgetMs: job.budgetMs,
    lr: 0.1,
    ...(context === null ? {} : { context }),
  };
  const perSize = (context === null ? 1 : 2) + tfjs.length;
  const total = perSize * job.sizes.length;
  let done = 0;
  const start = (N: number, what: string) =>
    scope.postMessage({ kind: 'start', N, what, done: done++, total });
  for (const N of job.sizes) {
    const data = sweepData(N, 2);
    let gpu: BackendFigures | null = null;
    if (context !== null) {
      start(N, 'webgpu-train WebGPU');
      const figures = await benchGpu(context, data, options);
      gpu = figures;
      const row = {
        N,
        stepsAsked: job.steps,
        stepsRun: figures.stepsRun,
        trainMs: figures.trainMs.median,
        msPerStep: figures.msPerStep,
      };
      scope.postMessage({
        kind: 'row',
        row: { ...row, what: `webgpu-train WebGPU (${figures.schedule})`, check: 'reference' },
      });
    }
    start(N, 'fused CPU loop');
    const cpu = benchCpu(data, options);
    scope.postMessage({
      kind: 'row',
      row: {
        N,
        what: 'fused CPU loop',
        stepsAsked: job.steps,
        stepsRun: cpu.stepsRun,
        trainMs: cpu.trainMs.median,
        msPerStep: cpu.msPerStep,
        check: gpu === null ? 'reference' : checkLosses(gpu, cpu).ok ? 'ok' : 'MISMATCH',
      },
    });
    for (const config of tfjs) {
      start(N, `TensorFlow.js ${config.backend}, ${config.variant}`);
      const t = await runTfjs({
        ...config,
        data,
        steps: job.steps,
        lr: 0.1,
        initialParams: sweepInit(2),
        budgetMs: job.budgetMs,
        expectedFirstLoss: cpu.losses[0] as number,
        wasmPaths: job.wasmPaths,
      });
      scope.postMessage({
        kind: 'row',
        row: {
          N,
          what: `TensorFlow.js ${t.backend}, ${t.variant}`,
          stepsAsked: job.steps,
          stepsRun: t.stepsRun,
          trainMs: t.trainMs,
          msPerStep: t.msPerStep,
          check: t.firstLossOk ? 'ok' : 'MISMATCH',
        },
      });
    }
  }
  scope.postMessage({ kind: 'done', cpuPath: FAST_CPU_PATH });
}

scope.onmessage = (event) => {
  sweep(event.data).catch((error: unknown) =>
    scope.postMessage({
      kind: 'error',
      message: error instanceof Error ? error.message : String(error),
    }),
  );
};
