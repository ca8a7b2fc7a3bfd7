import { makeMoons } from '../data/index.ts';
import type { GpuContext } from '../gpu/index.ts';
import { trainModel, type TrainModelOptions, type TrainModelResult } from '../model/index.ts';
import { MLP_FIRST_LOSS_RTOL } from './mlp.ts';

/**
 * TensorFlow Playground's workload as its users meet it: 500 moons points without noise, half of
 * them for training (250 samples), a 2-8-8-1 tanh network, Adam at lr 0.03, batches of 10, and
 * 50 epochs (1250 steps).
 */
export const PLAYGROUND = {
  data: { generator: 'make_moons', nSamples: 500, noise: 0, randomState: 1 },
  split: { train: 0.5, test: 0.5, stratify: true, seed: 0 },
  hidden: [8, 8],
  activation: 'tanh',
  optimizer: { name: 'adam', lr: 0.03 },
  batchSize: 10,
  epochs: 50,
} as const;

export interface PlaygroundFigures {
  readonly workload: string;
  readonly trainSamples: number;
  readonly epochs: number;
  readonly steps: number;
  readonly repeats: number;
  /** the whole training run, unwatched (median over the repeats, after a warm-up run) */
  readonly webgpuMs: number;
  /** the CPU reference trainer (f32, stage by stage) on the same run */
  readonly cpuMs: number;
  readonly speedup: number;
  readonly dispatchCount: number;
  readonly submitCount: number;
  /** the model engine has one way to run a model; the tutorial's schedules do not apply to it yet */
  readonly schedule: 'model-engine';
  /** the first step's loss on both: the same data, params and batch, so it must agree */
  readonly firstLoss: { readonly webgpu: number; readonly cpu: number; readonly ok: boolean };
  readonly finalLoss: { readonly webgpu: number; readonly cpu: number };
  readonly testAccuracy: { readonly webgpu: number | null; readonly cpu: number | null };
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** Times the Playground workload through the public trainModel() on WebGPU and on the CPU. */
export async function runPlaygroundBench(
  context: GpuContext,
  epochs: number,
  repeats: number,
): Promise<PlaygroundFigures> {
  const w = PLAYGROUND;
  const data = makeMoons({
    nSamples: w.data.nSamples,
    noise: w.data.noise,
    randomState: w.data.randomState,
  });
  const options: TrainModelOptions = {
    hidden: w.hidden,
    activation: w.activation,
    optimizer: w.optimizer,
    batchSize: w.batchSize,
    epochs,
    split: w.split,
    seed: 0,
    shuffleSeed: 0,
  };
  const timed = async (backend: 'webgpu' | 'cpu') => {
    const runs: TrainModelResult[] = [];
    for (let r = 0; r < repeats; r++)
      runs.push(await trainModel(data, { ...options, backend, context }));
    return { runs, ms: median(runs.map((run) => run.trainMs)) };
  };
  // compiles the kernels and warms the device, not counted
  await trainModel(data, { ...options, epochs: 1, backend: 'webgpu', context });
  const gpu = await timed('webgpu');
  const cpu = await timed('cpu');
  const g = gpu.runs.at(-1) as TrainModelResult;
  const c = cpu.runs.at(-1) as TrainModelResult;
  const first = { webgpu: g.stepLosses[0] ?? NaN, cpu: c.stepLosses[0] ?? NaN };
  return {
    workload: `${w.data.generator} ${w.data.nSamples} (noise ${w.data.noise}), half for training; 2-${w.hidden.join('-')}-1 ${w.activation}, ${w.optimizer.name} lr ${w.optimizer.lr}, batch ${w.batchSize}`,
    trainSamples: g.splitSizes.train,
    epochs,
    steps: g.stepLosses.length,
    repeats,
    webgpuMs: gpu.ms,
    cpuMs: cpu.ms,
    speedup: cpu.ms / gpu.ms,
    dispatchCount: g.dispatchCount,
    submitCount: g.submitCount,
    schedule: 'model-engine',
    firstLoss: {
      ...first,
      ok: Math.abs(first.webgpu - first.cpu) <= MLP_FIRST_LOSS_RTOL * Math.abs(first.cpu),
    },
    finalLoss: { webgpu: g.stepLosses.at(-1) ?? NaN, cpu: c.stepLosses.at(-1) ?? NaN },
    testAccuracy: {
      webgpu: g.metrics.test?.accuracy ?? null,
      cpu: c.metrics.test?.accuracy ?? null,
    },
  };
}
