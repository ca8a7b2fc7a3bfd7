import { FAST_CPU_PATH, trainCpuFast } from '../cpu/index.ts';
import { makeClassification, type Dataset } from '../data/index.ts';
import {
  acquireGpu,
  type AdapterSummary,
  type GpuContext,
  type ScheduleChoice,
  trainOnGpu,
} from '../gpu/index.ts';
import { F32_BYTES } from '../layout/index.ts';
import { runTfjs, type TfjsBackend, type TfjsFigures, type TfjsVariant } from './tfjs.ts';

export interface SweepOptions {
  /** sample counts N (default 10², 10³, …, 10⁶) */
  readonly sizes: readonly number[];
  /** features D */
  readonly dims: number;
  /** steps asked for; fewer run where a configuration would overrun its budget */
  readonly steps: number;
  /** timed runs per configuration, after one warm-up run that is not counted */
  readonly repeats: number;
  /** time allowed for one backend at one size, in ms */
  readonly budgetMs: number;
  readonly lr: number;
  /** the WebGPU schedule: chosen by size ('auto', the default) or forced */
  readonly schedule?: ScheduleChoice;
  /** also time TensorFlow.js on these of its backends and variants */
  readonly tfjs?: readonly TfjsConfig[];
  /** where TensorFlow.js's wasm backend finds its .wasm files (pages) */
  readonly wasmPaths?: string | Record<string, string>;
  /** the device to use; the shared, tuned one when omitted */
  readonly context?: GpuContext;
}

export interface TfjsConfig {
  readonly backend: TfjsBackend;
  readonly variant: TfjsVariant;
}

/** What the comparison runs by default: TensorFlow.js as taught on each backend, and its best WebGPU variant. */
export const DEFAULT_TFJS: readonly TfjsConfig[] = [
  { backend: 'webgpu', variant: 'as-taught' },
  { backend: 'webgpu', variant: 'read-at-end' },
  { backend: 'cpu', variant: 'as-taught' },
  { backend: 'wasm', variant: 'as-taught' },
];

export const DEFAULT_SIZES = [1e2, 1e3, 1e4, 1e5, 1e6];

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface BackendFigures {
  /** steps each timed run took (fewer than asked where the budget required) */
  readonly stepsRun: number;
  /** the first run at this size: device buffers, uploads and (where new) shader compiles; null on the CPU */
  readonly setupMs: number | null;
  readonly compileMs: number | null;
  /** wall time of the training loop, over the timed runs */
  readonly trainMs: Spread;
  /** GPU time from timestamp queries (median), where the adapter offers them */
  readonly gpuMs: number | null;
  readonly msPerStep: number;
  readonly stepsPerSecond: number;
  readonly sampleStepsPerSecond: number;
  /** bytes of X and y read per step (N·(D+1)·4) × steps per second */
  readonly effectiveGBps: number;
  /** the loss before the last step of the last run */
  readonly finalLoss: number;
  readonly losses: Float32Array;
}

export interface GpuFigures extends BackendFigures {
  readonly schedule: string;
  readonly workgroupSize: number;
  readonly dispatchCount: number;
  readonly submitCount: number;
}

export interface LossCheck {
  /** the step compared: the last one both backends ran */
  readonly step: number;
  readonly webgpu: number;
  readonly cpu: number;
  readonly relativeDifference: number;
  readonly ok: boolean;
}

export interface SizeResult {
  readonly N: number;
  readonly D: number;
  readonly stepsRequested: number;
  readonly webgpu: GpuFigures;
  readonly cpu: BackendFigures;
  /** CPU ms per step over GPU ms per step */
  readonly speedup: number;
  readonly lossCheck: LossCheck;
  /** TensorFlow.js on the same data and steps, where asked for */
  readonly tfjs: TfjsFigures[];
}

export interface SweepResult {
  readonly adapter: AdapterSummary;
  readonly cpuPath: string;
  readonly options: Omit<SweepOptions, 'context'>;
  readonly sizes: SizeResult[];
  /** the smallest N at which the GPU path was faster per step, from which on it stayed faster; null if never */
  readonly gpuFasterFromN: number | null;
}

export type SweepEvent = {
  readonly N: number;
  /** 'webgpu', 'cpu', or 'tfjs-<backend> <variant>' */
  readonly backend: string;
  readonly phase: 'start' | 'done';
};

/**
 * Losses of the GPU and of the fused CPU loop must agree. Both run the same model in f32 data with
 * different summation orders and the GPU's own exp/log; in the tests they agree to 4e-6 relative.
 */
export const LOSS_CHECK_RTOL = 1e-5;

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)] as number,
    min: sorted[0] as number,
    max: sorted.at(-1) as number,
  };
}

function figures(
  N: number,
  D: number,
  stepsRun: number,
  trainMs: Spread,
  losses: Float32Array,
): Omit<BackendFigures, 'setupMs' | 'compileMs' | 'gpuMs'> {
  const msPerStep = trainMs.median / stepsRun;
  const stepsPerSecond = 1000 / msPerStep;
  return {
    stepsRun,
    trainMs,
    msPerStep,
    stepsPerSecond,
    sampleStepsPerSecond: N * stepsPerSecond,
    effectiveGBps: (N * (D + 1) * F32_BYTES * stepsPerSecond) / 1e9,
    finalLoss: losses[stepsRun - 1] as number,
    losses,
  };
}

/** Steps that fit the budget, from the per-step cost of a short warm-up run. */
function stepsWithinBudget(options: SweepOptions, warmupMs: number, warmupSteps: number): number {
  const perStep = Math.max(warmupMs / warmupSteps, 1e-6);
  return Math.max(
    1,
    Math.min(options.steps, Math.floor(options.budgetMs / (options.repeats * perStep))),
  );
}

/** Initial weights ±0.1 and bias 0.05: not zero, so the first loss depends on the data and checks it. */
export function sweepInit(D: number): number[] {
  return Array.from({ length: D + 1 }, (_, k) => (k === D ? 0.05 : k % 2 === 0 ? 0.1 : -0.1));
}

/** The tutorial's data set with D features and N samples (make_classification, random_state 0). */
export function sweepData(N: number, D: number): Dataset {
  return makeClassification({
    nSamples: N,
    nFeatures: D,
    nInformative: Math.min(D, 2),
    nRedundant: 0,
    nClustersPerClass: 1,
    randomState: 0,
  });
}

/** Times the tutorial's workload on WebGPU at one size: a warm-up, a probe that sizes the runs, the timed runs. */
export async function benchGpu(
  context: GpuContext,
  data: Dataset,
  options: SweepOptions,
): Promise<GpuFigures> {
  const { nSamples: N, nFeatures: D } = data;
  const initialParams = sweepInit(D);
  const run = (steps: number) =>
    trainOnGpu(data, {
      steps,
      lr: options.lr,
      initialParams,
      context,
      schedule: options.schedule ?? 'auto',
    });
  // the first run compiles and warms up; the second, longer, sizes the timed runs
  const first = await run(Math.min(options.steps, 10));
  const probeSteps = Math.min(options.steps, 100);
  const probe = await run(probeSteps);
  const stepsRun = stepsWithinBudget(options, probe.trainMs, probeSteps);
  const timed = [];
  for (let r = 0; r < options.repeats; r++) timed.push(await run(stepsRun));
  const last = timed.at(-1) ?? first;
  const gpu = timed.map((t) => t.gpuMs).filter((ms): ms is number => ms !== null);
  return {
    ...figures(N, D, stepsRun, spread(timed.map((t) => t.trainMs)), last.losses),
    setupMs: first.setupMs,
    compileMs: first.compileMs,
    gpuMs: gpu.length === timed.length ? spread(gpu).median : null,
    schedule: last.plan.schedule,
    workgroupSize: last.plan.workgroupSize,
    dispatchCount: last.dispatchCount,
    submitCount: last.submitCount,
  };
}

/** Times the fused CPU loop on the same workload. */
export function benchCpu(data: Dataset, options: SweepOptions): BackendFigures {
  const { nSamples: N, nFeatures: D } = data;
  const X = Float32Array.from(data.X);
  const y = Float32Array.from(data.y);
  const run = (steps: number) => {
    const params = Float32Array.from(sweepInit(D));
    const start = performance.now();
    const losses = trainCpuFast(X, y, params, N, D, steps, options.lr);
    return { ms: performance.now() - start, losses };
  };
  run(Math.min(options.steps, 10));
  const probeSteps = Math.min(options.steps, 100);
  const probe = run(probeSteps);
  const stepsRun = stepsWithinBudget(options, probe.ms, probeSteps);
  const timed = Array.from({ length: options.repeats }, () => run(stepsRun));
  const last = timed.at(-1) ?? probe;
  return {
    ...figures(N, D, stepsRun, spread(timed.map((t) => t.ms)), last.losses),
    setupMs: null,
    compileMs: null,
    gpuMs: null,
  };
}

export function checkLosses(webgpu: BackendFigures, cpu: BackendFigures): LossCheck {
  const step = Math.min(webgpu.stepsRun, cpu.stepsRun) - 1;
  const a = webgpu.losses[step] as number;
  const b = cpu.losses[step] as number;
  const relativeDifference = Math.abs(a - b) / Math.abs(b);
  return { step, webgpu: a, cpu: b, relativeDifference, ok: relativeDifference <= LOSS_CHECK_RTOL };
}

/**
 * Runs the same workload on WebGPU and on the fused CPU loop at each size: a warm-up run, then
 * `repeats` timed runs, under a time budget per backend and size. Checks that the losses agree.
 */
export async function runSweep(
  options: SweepOptions,
  onEvent?: (event: SweepEvent) => void,
): Promise<SweepResult> {
  const context = options.context ?? (await acquireGpu({ tune: true }));
  const sizes: SizeResult[] = [];
  for (const N of options.sizes) {
    const data = sweepData(N, options.dims);
    onEvent?.({ N, backend: 'webgpu', phase: 'start' });
    const webgpu = await benchGpu(context, data, options);
    onEvent?.({ N, backend: 'webgpu', phase: 'done' });
    onEvent?.({ N, backend: 'cpu', phase: 'start' });
    const cpu = benchCpu(data, options);
    onEvent?.({ N, backend: 'cpu', phase: 'done' });
    const tfjs: TfjsFigures[] = [];
    for (const config of options.tfjs ?? []) {
      const name = `tfjs-${config.backend} ${config.variant}`;
      onEvent?.({ N, backend: name, phase: 'start' });
      tfjs.push(
        await runTfjs({
          ...config,
          data,
          steps: options.steps,
          lr: options.lr,
          initialParams: sweepInit(options.dims),
          budgetMs: options.budgetMs,
          expectedFirstLoss: cpu.losses[0] as number,
          ...(options.wasmPaths === undefined ? {} : { wasmPaths: options.wasmPaths }),
        }),
      );
      onEvent?.({ N, backend: name, phase: 'done' });
    }
    sizes.push({
      N,
      D: options.dims,
      stepsRequested: options.steps,
      webgpu,
      cpu,
      speedup: cpu.msPerStep / webgpu.msPerStep,
      lossCheck: checkLosses(webgpu, cpu),
      tfjs,
    });
  }
  let gpuFasterFromN: number | null = null;
  for (let i = sizes.length - 1; i >= 0 && (sizes[i]?.speedup ?? 0) > 1; i--)
    gpuFasterFromN = sizes[i]?.N ?? null;
  const reported = {
    sizes: options.sizes,
    dims: options.dims,
    steps: options.steps,
    repeats: options.repeats,
    budgetMs: options.budgetMs,
    lr: options.lr,
    schedule: options.schedule ?? 'auto',
  };
  return {
    adapter: context.adapter,
    cpuPath: FAST_CPU_PATH,
    options: reported,
    sizes,
    gpuFasterFromN,
  };
}
