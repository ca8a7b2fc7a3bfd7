import { makeMoons } from '../data/index.ts';
import type { GpuContext } from '../gpu/index.ts';
import {
  initialModelParams,
  resolveOptimizer,
  trainModelCpu,
  trainModelOnGpu,
  type ModelSpec,
} from '../model/index.ts';

/** The model workload: a 2-16-16-1 tanh MLP, Adam at lr 0.01, mini-batches of 32, on make_moons. */
export const MLP_SPEC: ModelSpec = { inputs: 2, hidden: [16, 16], activation: 'tanh' };
export const MLP_BATCH = 32;

export interface MlpFigures {
  readonly N: number;
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  /** median over the repeats, after a warm-up */
  readonly webgpuMsPerEpoch: number;
  readonly cpuMsPerEpoch: number;
  readonly speedup: number;
  /** the first step's loss on both: the same data, params and batch, so it must agree */
  readonly firstLoss: { readonly webgpu: number; readonly cpu: number; readonly ok: boolean };
  readonly dispatchesPerEpoch: number;
}

/** f32 on both sides for one forward pass: they agree to ~1e-7; 1e-5 flags a real difference. */
export const MLP_FIRST_LOSS_RTOL = 1e-5;

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * Times the model workload on the GPU engine and on the CPU reference trainer (f32, the same
 * stages: a straightforward reference, not a hand-tuned loop), per epoch, at each N.
 */
export async function runMlpBench(
  context: GpuContext,
  sizes: readonly number[],
  epochs: number,
  repeats: number,
): Promise<MlpFigures[]> {
  const out: MlpFigures[] = [];
  for (const N of sizes) {
    const data = makeMoons({ nSamples: N, noise: 0.1, randomState: 0 });
    const options = {
      spec: MLP_SPEC,
      optimizer: resolveOptimizer({ name: 'adam', lr: 0.01 }),
      batchSize: MLP_BATCH,
      epochs,
      shuffleSeed: 0,
      initialParams: initialModelParams(MLP_SPEC, 0),
      precision: 'f32' as const,
    };
    await trainModelOnGpu(context, data, { ...options, epochs: 1 });
    const gpu = [];
    let gpuRun = null;
    for (let r = 0; r < repeats; r++) {
      const start = performance.now();
      gpuRun = await trainModelOnGpu(context, data, options);
      gpu.push(performance.now() - start);
    }
    const cpu = [];
    let cpuRun = null;
    for (let r = 0; r < repeats; r++) {
      const start = performance.now();
      cpuRun = trainModelCpu(data, options);
      cpu.push(performance.now() - start);
    }
    const a = gpuRun?.stepLosses[0] ?? NaN;
    const b = cpuRun?.stepLosses[0] ?? NaN;
    const webgpuMsPerEpoch = median(gpu) / epochs;
    const cpuMsPerEpoch = median(cpu) / epochs;
    out.push({
      N,
      epochs,
      stepsPerEpoch: Math.ceil(N / MLP_BATCH),
      webgpuMsPerEpoch,
      cpuMsPerEpoch,
      speedup: cpuMsPerEpoch / webgpuMsPerEpoch,
      firstLoss: { webgpu: a, cpu: b, ok: Math.abs(a - b) <= MLP_FIRST_LOSS_RTOL * Math.abs(b) },
      dispatchesPerEpoch: (gpuRun?.dispatchCount ?? 0) / epochs,
    });
  }
  return out;
}
