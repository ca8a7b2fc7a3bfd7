/**
 * The tutorial's sweep: the same model on the same data (make_classification, D features, full
 * batch, plain SGD) on WebGPU through train(), with the schedule chosen and each one forced, and
 * on the fused CPU loop (src/bench/fast_loop.ts), over sizes N; TensorFlow.js on the same work beside them.
 */
import { FAST_CPU_PATH, trainCpuFast } from './fast_loop.ts';
import type { ScheduleChoice } from '../core/options.ts';
import { makeClassification, type Dataset } from '../data/index.ts';
import { acquireGpu, type AdapterSummary, type GpuContext } from '../gpu/index.ts';
import { train } from '../train.ts';
import { relativeDifference, spread, type Spread } from './stats.ts';
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
  /** the WebGPU schedules to time at each size: 'auto' (chosen by the planner) or forced */
  readonly schedules: readonly ScheduleChoice[];
  /** also time TensorFlow.js on these of its backends and variants */
  readonly tfjs?: readonly TfjsConfig[];
  /** where TensorFlow.js's wasm backend finds its .wasm files (pages) */
  readonly wasmPaths?: string | Record<string, string>;
  /** the device to use; the shared, tuned one when omitted; null: none (the CPU and TensorFlow.js's CPU backends alone) */
  readonly context?: GpuContext | null;
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

export interface LossCheck {
  /** the step compared: the last one both ran */
  readonly step: number;
  readonly webgpu: number;
  readonly cpu: number;
  readonly relativeDifference: number;
  readonly ok: boolean;
}

export interface GpuFigures extends BackendFigures {
  /** the schedule asked for: 'auto' or forced */
  readonly asked: ScheduleChoice;
  /** the schedule that ran */
  readonly schedule: string;
  readonly workgroupSize: number;
  /** per run, as TrainResult.run reports them */
  readonly dispatchCount: number;
  readonly submitCount: number;
  /** the CPU loop's ms per step over this one's */
  readonly speedup: number;
  readonly lossCheck: LossCheck;
}

export interface SizeResult {
  readonly N: number;
  readonly D: number;
  readonly stepsRequested: number;
  /** one entry per schedule asked for */
  readonly webgpu: GpuFigures[];
  readonly cpu: BackendFigures;
  /** TensorFlow.js on the same data and steps, where asked for */
  readonly tfjs: TfjsFigures[];
}

export interface SweepResult {
  /** null where the sweep ran without WebGPU */
  readonly adapter: AdapterSummary | null;
  readonly cpuPath: string;
  readonly options: Omit<SweepOptions, 'context' | 'wasmPaths'>;
  readonly sizes: SizeResult[];
}

/** One configuration timed at one size, as a table row says it. */
export interface SweepRow {
  /** what ran, in words: "fused CPU loop", "webgpu-train WebGPU (fused)", "TensorFlow.js webgpu, fit" */
  readonly what: string;
  readonly stepsRun: number;
  /** the median of the timed runs */
  readonly trainMs: number;
  readonly msPerStep: number;
  /** its losses against the fused CPU loop's: that loop is the reference */
  readonly check: 'reference' | 'ok' | 'MISMATCH';
}

export type SweepEvent =
  | {
      readonly N: number;
      /** 'webgpu <schedule>', 'cpu', or 'tfjs-<backend> <variant>' */
      readonly backend: string;
      readonly phase: 'start';
      /** what starts, in words, as its row will name it */
      readonly what: string;
    }
  | {
      readonly N: number;
      readonly backend: string;
      readonly phase: 'done';
      readonly row: SweepRow;
    };

/**
 * Losses of the GPU and of the fused CPU loop must agree. Both run the same model in f32 data with
 * different summation orders and the GPU's own exp/log; in the tests they agree to 5e-6 relative.
 */
export const LOSS_CHECK_RTOL = 1e-5;

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
    effectiveGBps: (N * (D + 1) * Float32Array.BYTES_PER_ELEMENT * stepsPerSecond) / 1e9,
    finalLoss: losses[stepsRun - 1] as number,
    losses,
  };
}

/** WARMUP_STEPS first, then a probe of at most PROBE_STEPS that lasts about a tenth of the budget. */
const WARMUP_STEPS = 10;
const PROBE_STEPS = 100;

function probeSteps(options: SweepOptions, warmupMs: number, warmupSteps: number): number {
  const perStep = Math.max(warmupMs / warmupSteps, 1e-6);
  return Math.max(
    1,
    Math.min(options.steps, PROBE_STEPS, Math.floor(options.budgetMs / 10 / perStep)),
  );
}

/**
 * Steps that fit the budget, from what a step adds: the probe over the warm-up where it ran more
 * steps (a run's fixed cost, such as uploading the data, is then left out), else its mean.
 */
function stepsWithinBudget(
  options: SweepOptions,
  warmup: { ms: number; steps: number },
  probe: { ms: number; steps: number },
): number {
  const marginal =
    probe.steps > warmup.steps ? (probe.ms - warmup.ms) / (probe.steps - warmup.steps) : 0;
  const perStep = Math.max(marginal > 0 ? marginal : probe.ms / probe.steps, 1e-6);
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

/** The last step both ran: WebGPU's loss against the CPU loop's. */
export function checkLosses(webgpu: BackendFigures, cpu: BackendFigures): LossCheck {
  const step = Math.min(webgpu.stepsRun, cpu.stepsRun) - 1;
  const a = webgpu.losses[step] as number;
  const b = cpu.losses[step] as number;
  const difference = relativeDifference(a, b);
  return {
    step,
    webgpu: a,
    cpu: b,
    relativeDifference: difference,
    ok: difference <= LOSS_CHECK_RTOL,
  };
}

/** Times the tutorial's workload on WebGPU at one size: a warm-up, a probe that sizes the runs, the timed runs. */
export async function benchGpu(
  context: GpuContext,
  data: Dataset,
  options: SweepOptions,
  asked: ScheduleChoice,
  cpu: BackendFigures,
): Promise<GpuFigures> {
  const { nSamples: N, nFeatures: D } = data;
  // the tutorial: full batch, so each epoch is one step
  const run = (steps: number) =>
    train(data, {
      epochs: steps,
      lr: options.lr,
      initialParams: sweepInit(D),
      schedule: asked,
      context,
    });
  // the first run compiles and warms up; the second, longer, sizes the timed runs
  const warmup = Math.min(options.steps, WARMUP_STEPS);
  const first = await run(warmup);
  const probed = probeSteps(options, first.run.timings.trainMs, warmup);
  const probe = await run(probed);
  const stepsRun = stepsWithinBudget(
    options,
    { ms: first.run.timings.trainMs, steps: warmup },
    { ms: probe.run.timings.trainMs, steps: probed },
  );
  const timed = [];
  for (let r = 0; r < options.repeats; r++) timed.push(await run(stepsRun));
  const last = timed.at(-1) ?? first;
  const gpu = timed.map((t) => t.run.timings.gpuMs).filter((ms): ms is number => ms !== null);
  const own = {
    ...figures(
      N,
      D,
      stepsRun,
      spread(timed.map((t) => t.run.timings.trainMs)),
      Float32Array.from(last.stepLosses),
    ),
    setupMs: first.run.timings.setupMs,
    compileMs: first.run.timings.compileMs,
    gpuMs: gpu.length === timed.length ? spread(gpu).median : null,
  };
  return {
    ...own,
    asked,
    schedule: last.run.schedule,
    workgroupSize: last.run.workgroupSize ?? 0,
    dispatchCount: last.run.dispatchCount,
    submitCount: last.run.submitCount,
    speedup: cpu.msPerStep / own.msPerStep,
    lossCheck: checkLosses(own, cpu),
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
  const warmup = Math.min(options.steps, WARMUP_STEPS);
  const first = run(warmup);
  const probed = probeSteps(options, first.ms, warmup);
  const probe = run(probed);
  const stepsRun = stepsWithinBudget(
    options,
    { ms: first.ms, steps: warmup },
    { ms: probe.ms, steps: probed },
  );
  const timed = Array.from({ length: options.repeats }, () => run(stepsRun));
  const last = timed.at(-1) ?? probe;
  return {
    ...figures(N, D, stepsRun, spread(timed.map((t) => t.ms)), last.losses),
    setupMs: null,
    compileMs: null,
    gpuMs: null,
  };
}

/** A backend's steps and times as a row gives them. */
function timing(figures: BackendFigures): Pick<SweepRow, 'stepsRun' | 'trainMs' | 'msPerStep'> {
  return {
    stepsRun: figures.stepsRun,
    trainMs: figures.trainMs.median,
    msPerStep: figures.msPerStep,
  };
}

/** The shared device, with its kind's defaults: a benchmark never waits on a tuning pass. */
function tunedContext(): Promise<GpuContext> {
  return acquireGpu();
}

/**
 * Runs the tutorial on the fused CPU loop and on WebGPU with each schedule asked for, at each size:
 * a warm-up run, then `repeats` timed runs, under a time budget per backend and size. Checks that
 * the losses agree.
 */
export async function runSweep(
  options: SweepOptions,
  onEvent?: (event: SweepEvent) => void,
): Promise<SweepResult> {
  const context = options.context === undefined ? await tunedContext() : options.context;
  const sizes: SizeResult[] = [];
  for (const N of options.sizes) {
    const data = sweepData(N, options.dims);
    onEvent?.({ N, backend: 'cpu', phase: 'start', what: 'fused CPU loop' });
    const cpu = benchCpu(data, options);
    onEvent?.({
      N,
      backend: 'cpu',
      phase: 'done',
      row: { what: 'fused CPU loop', ...timing(cpu), check: 'reference' },
    });
    const webgpu: GpuFigures[] = [];
    for (const asked of context === null ? [] : options.schedules) {
      const backend = `webgpu ${asked}`;
      onEvent?.({ N, backend, phase: 'start', what: `webgpu-train WebGPU (${asked})` });
      const figures = await benchGpu(context as GpuContext, data, options, asked, cpu);
      webgpu.push(figures);
      onEvent?.({
        N,
        backend,
        phase: 'done',
        row: {
          what: `webgpu-train WebGPU (${figures.schedule})`,
          ...timing(figures),
          check: figures.lossCheck.ok ? 'ok' : 'MISMATCH',
        },
      });
    }
    const tfjs: TfjsFigures[] = [];
    for (const config of options.tfjs ?? []) {
      const name = `tfjs-${config.backend} ${config.variant}`;
      const what = `TensorFlow.js ${config.backend}, ${config.variant}`;
      onEvent?.({ N, backend: name, phase: 'start', what });
      const t = await runTfjs({
        ...config,
        data,
        steps: options.steps,
        lr: options.lr,
        initialParams: sweepInit(options.dims),
        budgetMs: options.budgetMs,
        expectedFirstLoss: cpu.losses[0] as number,
        ...(options.wasmPaths === undefined ? {} : { wasmPaths: options.wasmPaths }),
      });
      tfjs.push(t);
      onEvent?.({
        N,
        backend: name,
        phase: 'done',
        row: {
          what,
          stepsRun: t.stepsRun,
          trainMs: t.trainMs,
          msPerStep: t.msPerStep,
          check: t.firstLossOk ? 'ok' : 'MISMATCH',
        },
      });
    }
    sizes.push({ N, D: options.dims, stepsRequested: options.steps, webgpu, cpu, tfjs });
  }
  const { context: _context, wasmPaths: _wasmPaths, ...reported } = options;
  return { adapter: context?.adapter ?? null, cpuPath: FAST_CPU_PATH, options: reported, sizes };
}
