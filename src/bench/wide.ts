/**
 * `bench --wide`: wide MLPs on every engine a user might pick, from the same rows and initial
 * params, with each one's model FLOP/s (6·P per row a step: forward 2·P, backward 4·P; the
 * per-epoch evaluation passes not counted) beside the adapter's plain matrix-multiply rate.
 * Engines: webgpu-train on each schedule asked (a run whose short trial projects past the budget
 * is reported from the trial, marked projected), the CPU reference, PyTorch CPU, TensorFlow.js's
 * model.fit (cpu, wasm, webgpu) and jax-js (a jitted step on webgpu and wasm).
 */
import { headFor, outputsOf } from '../core/heads.ts';
import { stepsPerEpoch } from '../core/batches.ts';
import { initialParams } from '../core/init.ts';
import type { ScheduleChoice } from '../core/options.ts';
import { paramCount, type ModelSpec } from '../core/spec.ts';
import type { TrainOptions } from '../api/resolve.ts';
import { makeClassification, type Dataset } from '../data/index.ts';
import type { GpuContext } from '../gpu/index.ts';
import type { MatmulRate } from '../gpu/matmul_rate.ts';
import { train, type TrainResult } from '../train.ts';
import { runJaxjs, type JaxDevice, type JaxFigures } from './jaxjs.ts';
import { spread, type Spread } from './stats.ts';
import type { TfjsBackend } from './tfjs.ts';
import { runTfjsFit, type FitFigures } from './tfjs_fit.ts';
import { torchRequest, type TorchFigures, type TorchRequest } from './torch.ts';

export interface WideWorkload {
  readonly name: string;
  readonly description: string;
  readonly data: () => Dataset;
  readonly hidden: readonly number[];
  readonly activation: 'relu';
  readonly classes: number;
  readonly lr: number;
  readonly batchSize: number;
  readonly epochs: number;
}

/** The workload the wide schedule is held to: 64-64-64-1 relu on 20 000 × 64 rows. */
export const WIDE_BINARY: WideWorkload = {
  name: 'wide-64-64-64-1',
  description:
    '64-64-64-1 relu on 20 000 × 64 rows of make_classification (random_state 0), Adam lr 1e-3, batch 128, 3 epochs',
  data: () => makeClassification({ nSamples: 20_000, nFeatures: 64, randomState: 0 }),
  hidden: [64, 64],
  activation: 'relu',
  classes: 2,
  lr: 1e-3,
  batchSize: 128,
  epochs: 3,
};

/** A wider one with ten classes: softmax cross-entropy, which needs the multiclass head. */
export const WIDE_SOFTMAX: WideWorkload = {
  name: 'wide-64-256-256-10',
  description:
    '64-256-256-10 relu, softmax cross-entropy, on 20 000 × 64 rows of make_classification (10 classes), Adam lr 1e-3, batch 128, 3 epochs',
  data: () =>
    makeClassification({
      nSamples: 20_000,
      nFeatures: 64,
      nInformative: 16,
      nClasses: 10,
      randomState: 0,
    }),
  hidden: [256, 256],
  activation: 'relu',
  classes: 10,
  lr: 1e-3,
  batchSize: 128,
  epochs: 3,
};

export interface WideRow {
  /** 'webgpu-train', 'pytorch', 'tfjs' or 'jax-js' */
  readonly engine: string;
  /** the schedule (webgpu-train), backend or device */
  readonly variant: string;
  /** the training loop's time: measured, or projected from a trial's rate where `projected` */
  readonly trainMs: Spread | null;
  readonly projected: boolean;
  /** model FLOP/s over trainMs's median, in GFLOP/s */
  readonly gflops: number | null;
  readonly steps: number;
  readonly firstLoss: number | null;
  readonly finalLoss: number | null;
  /** why there is no time, or how it was taken */
  readonly note: string | null;
}

export interface WideWorkloadFigures {
  readonly name: string;
  readonly description: string;
  readonly params: number;
  readonly steps: number;
  /** 6·P·rows·epochs */
  readonly flops: number;
  readonly rows: WideRow[];
  /** set when the workload was not run */
  readonly skipped: string | null;
}

export interface WideBenchResult {
  readonly matmul: MatmulRate | null;
  readonly workloads: WideWorkloadFigures[];
}

export interface WideBenchOptions {
  readonly context: GpuContext;
  readonly schedules: readonly ScheduleChoice[];
  readonly repeats: number;
  /** a schedule, TensorFlow.js fit or jax-js device past this is projected from a trial */
  readonly budgetMs: number;
  readonly tfjs: readonly TfjsBackend[];
  readonly jax: readonly JaxDevice[];
  readonly wasmPaths?: string | Record<string, string>;
  readonly torch?: (request: TorchRequest) => Promise<TorchFigures>;
  readonly matmul?: () => Promise<MatmulRate>;
  /** whether every engine of the comparison is set up for this many classes */
  readonly trainsClasses: (classes: number) => boolean;
  readonly onEvent?: (label: string) => void;
  /** the workloads (a test's small one); by default WIDE_BINARY and WIDE_SOFTMAX */
  readonly workloads?: readonly WideWorkload[];
}

/** Steps a trial takes to time a slow schedule: enough for a stable rate, a fraction of a run. */
const TRIAL_STEPS = 20;

function specOf(w: WideWorkload, D: number): ModelSpec {
  const head = headFor('classification', w.classes);
  return {
    inputs: D,
    features: [],
    hidden: w.hidden,
    activation: w.activation,
    head,
    outputs: outputsOf(head, w.classes),
  };
}

function rowFromRuns(
  engine: string,
  variant: string,
  runs: readonly TrainResult[],
  flops: number,
): WideRow {
  const last = runs.at(-1) as TrainResult;
  const trainMs = spread(runs.map((r) => r.run.timings.trainMs));
  return {
    engine,
    variant,
    trainMs,
    projected: false,
    gflops: flops / trainMs.median / 1e6,
    steps: last.stepsDone,
    firstLoss: last.stepLosses[0] ?? null,
    finalLoss: last.stepLosses.at(-1) ?? null,
    note: null,
  };
}

const projectedRow = (
  engine: string,
  variant: string,
  ms: number,
  flops: number,
  steps: number,
  firstLoss: number | null,
  note: string,
): WideRow => ({
  engine,
  variant,
  trainMs: { median: ms, min: ms, max: ms },
  projected: true,
  gflops: flops / ms / 1e6,
  steps,
  firstLoss,
  finalLoss: null,
  note,
});

const missingRow = (engine: string, variant: string, note: string): WideRow => ({
  engine,
  variant,
  trainMs: null,
  projected: false,
  gflops: null,
  steps: 0,
  firstLoss: null,
  finalLoss: null,
  note,
});

async function runWorkload(w: WideWorkload, o: WideBenchOptions): Promise<WideWorkloadFigures> {
  if (!o.trainsClasses(w.classes)) {
    const reason = `bench --wide's runners for PyTorch, TensorFlow.js and jax-js take one logit; ${w.classes} classes are not compared yet`;
    return {
      name: w.name,
      description: w.description,
      params: 0,
      steps: 0,
      flops: 0,
      rows: [],
      skipped: reason,
    };
  }
  const data = w.data();
  const D = data.nFeatures;
  const spec = specOf(w, D);
  const P = paramCount(spec);
  const steps = stepsPerEpoch(data.nSamples, w.batchSize) * w.epochs;
  const flops = 6 * P * data.nSamples * w.epochs;
  const base = { name: w.name, description: w.description, params: P, steps, flops };
  const params = initialParams(spec, 0);
  const options: TrainOptions = {
    hidden: [...w.hidden],
    activation: w.activation,
    optimizer: 'adam',
    lr: w.lr,
    batchSize: w.batchSize,
    epochs: w.epochs,
    seed: 0,
    shuffleSeed: 0,
  };
  const rows: WideRow[] = [];
  const times = async (run: () => Promise<TrainResult>, repeats: number) => {
    const runs: TrainResult[] = [];
    for (let r = 0; r < repeats; r++) runs.push(await run());
    return runs;
  };

  for (const schedule of o.schedules) {
    const gpu = (d: Dataset, epochs: number) =>
      train(d, { ...options, epochs, backend: 'webgpu', schedule, context: o.context });
    // a trial on the first rows compiles the kernels and gives the rate
    const trialRows = Math.min(data.nSamples, TRIAL_STEPS * w.batchSize);
    const trial = await gpu(firstRows(data, trialRows), 1);
    const msPerStep = trial.run.timings.trainMs / trial.stepsDone;
    const asked = schedule === 'auto' ? `auto→${trial.run.schedule}` : schedule;
    // the wide schedule (what the benchmark is about) always runs whole; another over the budget is projected
    const measuredInFull = schedule === 'wide' || trial.run.schedule === 'wide';
    if (!measuredInFull && msPerStep * steps > o.budgetMs) {
      rows.push(
        projectedRow(
          'webgpu-train',
          asked,
          msPerStep * steps,
          flops,
          steps,
          trial.stepLosses[0] ?? null,
          `projected from a ${trial.stepsDone}-step trial (${msPerStep.toFixed(1)} ms a step)`,
        ),
      );
    } else {
      await gpu(data, w.epochs);
      rows.push(
        rowFromRuns(
          'webgpu-train',
          asked,
          await times(() => gpu(data, w.epochs), o.repeats),
          flops,
        ),
      );
    }
    o.onEvent?.(`webgpu ${schedule}`);
  }
  const cpu = await times(
    () => train(data, { ...options, backend: 'cpu' }),
    Math.min(o.repeats, 2),
  );
  rows.push(rowFromRuns('webgpu-train', 'cpu reference (f32)', cpu, flops));
  o.onEvent?.('cpu');

  if (o.torch) {
    const torch = await o.torch(
      torchRequest(data, {
        hidden: w.hidden,
        activation: w.activation,
        optimizer: { name: 'adam', lr: w.lr },
        batchSize: w.batchSize,
        epochs: w.epochs,
        shuffleSeed: 0,
        initialParams: params,
        repeats: Math.min(o.repeats, 3),
      }),
    );
    rows.push(
      torch.available && torch.trainMs !== null
        ? {
            engine: 'pytorch',
            variant: `cpu ${torch.version ?? ''}, ${torch.threads ?? '?'} threads`,
            trainMs: torch.trainMs,
            projected: false,
            gflops: flops / torch.trainMs.median / 1e6,
            steps: torch.losses.length,
            firstLoss: torch.losses[0] ?? null,
            finalLoss: torch.losses.at(-1) ?? null,
            note: null,
          }
        : missingRow('pytorch', 'cpu', torch.reason ?? 'not available'),
    );
    o.onEvent?.('pytorch');
  }

  for (const backend of o.tfjs) {
    let fit: FitFigures;
    try {
      fit = await runTfjsFit({
        backend,
        data,
        hidden: w.hidden,
        activation: w.activation,
        lr: w.lr,
        batchSize: w.batchSize,
        epochs: w.epochs,
        initialParams: params,
        budgetMs: o.budgetMs,
        ...(o.wasmPaths === undefined ? {} : { wasmPaths: o.wasmPaths }),
      });
    } catch (error) {
      rows.push(missingRow('tfjs', backend, String(error)));
      continue;
    }
    const projected = fit.epochsRun < fit.epochsAsked;
    const ms = projected ? fit.projectedMs : fit.trainMs;
    rows.push({
      engine: 'tfjs',
      variant: `model.fit ${backend}`,
      trainMs: { median: ms, min: ms, max: ms },
      projected,
      gflops: flops / ms / 1e6,
      steps: fit.stepsRun,
      firstLoss: fit.initialLoss,
      finalLoss: fit.epochLosses.at(-1) ?? null,
      note: projected ? `projected from ${fit.epochsRun} of ${fit.epochsAsked} epochs` : null,
    });
    o.onEvent?.(`tfjs ${backend}`);
  }

  for (const device of o.jax) {
    const jax: JaxFigures = await runJaxjs({
      device,
      data,
      hidden: w.hidden,
      lr: w.lr,
      batchSize: w.batchSize,
      epochs: w.epochs,
      shuffleSeed: 0,
      initialParams: params,
      budgetMs: o.budgetMs,
    });
    if (!jax.available) rows.push(missingRow('jax-js', device, jax.reason ?? 'not available'));
    else {
      const projected = jax.stepsRun < steps;
      // the steps after the compiling ones, at their rate: the whole run's time at that rate
      rows.push({
        ...projectedRow(
          'jax-js',
          `jit ${device} ${jax.version ?? ''}`,
          jax.projectedMs,
          flops,
          jax.stepsRun,
          jax.firstLoss,
          '',
        ),
        projected,
        note: projected
          ? `projected from ${jax.stepsRun} of ${steps} steps`
          : 'the steps after the 3 that compile, at their rate, times the run’s steps',
      });
    }
    o.onEvent?.(`jax-js ${device}`);
  }
  return { ...base, rows, skipped: null };
}

/** The first `n` rows of a data set. */
function firstRows(data: Dataset, n: number): Dataset {
  const D = data.nFeatures;
  return { ...data, X: data.X.subarray(0, n * D), y: data.y.subarray(0, n), nSamples: n };
}

/** Runs the wide workloads on every engine asked. */
export async function runWideBench(o: WideBenchOptions): Promise<WideBenchResult> {
  const matmul = o.matmul ? await o.matmul() : null;
  o.onEvent?.('matmul');
  const workloads: WideWorkloadFigures[] = [];
  for (const w of o.workloads ?? [WIDE_BINARY, WIDE_SOFTMAX])
    workloads.push(await runWorkload(w, o));
  return { matmul, workloads };
}
