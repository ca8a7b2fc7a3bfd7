/**
 * `bench --wide`: wide MLPs on every engine a user might pick, from the same rows, initial params
 * and batch order, with each one's model FLOP/s (6·P per row a step: forward 2·P, backward 4·P;
 * the per-epoch evaluation passes not counted) beside the adapter's plain matrix-multiply rate,
 * and each one's last epoch's mean loss beside the CPU reference's (the same training, so the same
 * loss up to float32 rounding). Engines: webgpu-train on each schedule asked (a run whose short
 * trial projects past the budget is reported from the trial, marked projected; one that does not
 * take the model says why), the CPU reference, PyTorch CPU, TensorFlow.js's model.fit (cpu, wasm,
 * webgpu) and jax-js (a jitted step on webgpu and wasm). A binary workload ends in one logit and
 * BCE, a K-class one in K logits and softmax cross-entropy, on every engine.
 */
import { stepsPerEpoch } from '../core/batches.ts';
import { headFor, outputsOf } from '../core/heads.ts';
import { initialParams } from '../core/init.ts';
import type { ScheduleChoice } from '../core/options.ts';
import { paramCount, type ModelSpec } from '../core/spec.ts';
import type { TrainOptions } from '../api/resolve.ts';
import { makeClassification, type Dataset } from '../data/index.ts';
import type { GpuContext } from '../gpu/index.ts';
import type { MatmulRate } from '../gpu/matmul_rate.ts';
import { GpuCapacityError } from '../gpu/index.ts';
import type { WideShape } from '../gpu/wide_plan.ts';
import { describeWideShape, wideShapeOfKind } from '../gpu/wide_tuning.ts';
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

/** bench --wide's workloads, numbered from 1 by --workloads. */
export const WIDE_WORKLOADS: readonly WideWorkload[] = [WIDE_BINARY, WIDE_SOFTMAX];

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
  /** the last epoch's batch losses' mean, weighted by their rows (null where it did not run every step) */
  readonly lastEpochLoss: number | null;
  /** |lastEpochLoss − the CPU reference's| / the CPU reference's */
  readonly lossVsReference: number | null;
  /** lossVsReference within LAST_EPOCH_RTOL (null where there is none) */
  readonly lossAgrees: boolean | null;
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
  readonly onEvent?: (label: string) => void;
  /** the workloads (a test's small ones); by default WIDE_WORKLOADS */
  readonly workloads?: readonly WideWorkload[];
  /**
   * the wide schedule's tiles, one row each: 'tuned' (the context's tuning, the row `wide`), or a
   * kind at its default shape for this adapter (the row `wide, <kind> tiles`); by default tuned
   */
  readonly wideTiles?: readonly WideTiles[];
}

/** How the wide schedule's row is tiled: as the tuning says, or one kind at its default shape. */
export type WideTiles = 'tuned' | WideShape['kind'];
export const WIDE_TILES: readonly WideTiles[] = ['tuned', 'registers', 'workgroup'];

/** One webgpu-train row: a schedule, and for the wide schedule the tiles it runs under. */
interface GpuVariant {
  readonly schedule: ScheduleChoice;
  readonly label: string;
  readonly context: GpuContext;
  readonly note: string | null;
}

function gpuVariants(o: WideBenchOptions): GpuVariant[] {
  return o.schedules.flatMap((schedule): GpuVariant[] => {
    const plain = { schedule, label: schedule, context: o.context, note: null };
    if (schedule !== 'wide') return [plain];
    return (o.wideTiles ?? ['tuned']).map((tiles) => {
      if (tiles === 'tuned') return plain;
      const wide = wideShapeOfKind(tiles, o.context.adapter.isSoftware);
      return {
        schedule,
        label: `wide, ${tiles} tiles`,
        context: { ...o.context, tuning: { ...o.context.tuning, wide } },
        note: describeWideShape(wide),
      };
    });
  });
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

/**
 * The last epoch's mean batch loss, each batch weighted by its rows (as model.fit's history
 * reports it), from every step's loss; null unless `losses` holds every step.
 */
export function lastEpochMean(
  losses: ArrayLike<number>,
  rows: number,
  batchSize: number,
  epochs: number,
): number | null {
  const perEpoch = stepsPerEpoch(rows, batchSize);
  if (losses.length !== perEpoch * epochs) return null;
  let sum = 0;
  for (let k = 0; k < perEpoch; k++) {
    const batch = Math.min(batchSize, rows - k * batchSize);
    sum += (losses[(epochs - 1) * perEpoch + k] as number) * batch;
  }
  return sum / rows;
}

function rowFromRuns(
  engine: string,
  variant: string,
  runs: readonly TrainResult[],
  flops: number,
  lastEpoch: (losses: ArrayLike<number>) => number | null,
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
    lastEpochLoss: lastEpoch(last.stepLosses),
    lossVsReference: null,
    lossAgrees: null,
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
  lastEpochLoss: null,
  lossVsReference: null,
  lossAgrees: null,
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
  lastEpochLoss: null,
  lossVsReference: null,
  lossAgrees: null,
  note,
});

/**
 * How far a row's last-epoch mean loss may sit from the CPU reference's, relative. Every engine
 * trains the same model from the same params on the same batches in float32, each summing in its
 * own order: the runs part by a few ulp a step and Adam carries that along (bench --mlp allows
 * 0.1 a step), while an epoch's mean over its batches evens most of it out. 20-step runs agree
 * within 1e-4 (test/bench/wide.test.ts); 1e-2 leaves room for a whole run's hundreds of steps,
 * and a row past it trains something else or drifts more than rounding explains.
 */
export const LAST_EPOCH_RTOL = 1e-2;

/** Each row with its last epoch's loss set beside the CPU reference's. */
function againstReference(rows: readonly WideRow[]): WideRow[] {
  const reference = rows.find((r) => r.variant.startsWith('cpu reference'))?.lastEpochLoss ?? null;
  return rows.map((r) => {
    const lossVsReference =
      reference === null || r.lastEpochLoss === null
        ? null
        : Math.abs(r.lastEpochLoss - reference) / Math.abs(reference);
    return {
      ...r,
      lossVsReference,
      lossAgrees: lossVsReference === null ? null : lossVsReference <= LAST_EPOCH_RTOL,
    };
  });
}

async function runWorkload(w: WideWorkload, o: WideBenchOptions): Promise<WideWorkloadFigures> {
  const data = w.data();
  const D = data.nFeatures;
  const spec = specOf(w, D);
  const P = paramCount(spec);
  const steps = stepsPerEpoch(data.nSamples, w.batchSize) * w.epochs;
  const flops = 6 * P * data.nSamples * w.epochs;
  const base = { name: w.name, description: w.description, params: P, steps, flops };
  const params = initialParams(spec, 0);
  const lastEpoch = (losses: ArrayLike<number>) =>
    lastEpochMean(losses, data.nSamples, w.batchSize, w.epochs);
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

  for (const { schedule, label, context, note } of gpuVariants(o)) {
    const gpu = (d: Dataset, epochs: number) =>
      train(d, { ...options, epochs, backend: 'webgpu', schedule, context });
    // a trial on the first rows compiles the kernels and gives the rate
    const trialRows = Math.min(data.nSamples, TRIAL_STEPS * w.batchSize);
    let trial: TrainResult;
    try {
      trial = await gpu(firstRows(data, trialRows), 1);
    } catch (error) {
      // a schedule that does not take the model (a layer too wide for a thread per sample)
      if (!(error instanceof GpuCapacityError)) throw error;
      rows.push(missingRow('webgpu-train', label, error.message));
      o.onEvent?.(`webgpu ${label}`);
      continue;
    }
    const msPerStep = trial.run.timings.trainMs / trial.stepsDone;
    const asked = schedule === 'auto' ? `auto→${trial.run.schedule}` : label;
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
      rows.push({
        ...rowFromRuns(
          'webgpu-train',
          asked,
          await times(() => gpu(data, w.epochs), o.repeats),
          flops,
          lastEpoch,
        ),
        note,
      });
    }
    o.onEvent?.(`webgpu ${label}`);
  }
  const cpu = await times(
    () => train(data, { ...options, backend: 'cpu' }),
    Math.min(o.repeats, 2),
  );
  rows.push(rowFromRuns('webgpu-train', 'cpu reference (f32)', cpu, flops, lastEpoch));
  o.onEvent?.('cpu');

  if (o.torch) {
    const torch = await o.torch(
      torchRequest(data, {
        classes: w.classes,
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
            lastEpochLoss: lastEpoch(torch.losses),
            lossVsReference: null,
            lossAgrees: null,
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
        classes: w.classes,
        lr: w.lr,
        batchSize: w.batchSize,
        epochs: w.epochs,
        shuffleSeed: 0,
        initialParams: params,
        budgetMs: o.budgetMs,
        ...(o.wasmPaths === undefined ? {} : { wasmPaths: o.wasmPaths }),
      });
    } catch (error) {
      rows.push(missingRow('tfjs', backend, String(error)));
      o.onEvent?.(`tfjs ${backend}`);
      continue;
    }
    const projected = fit.stepsRun < steps;
    const ms = projected ? fit.projectedMs : fit.trainMs;
    rows.push({
      engine: 'tfjs',
      variant: `model.fit ${backend}`,
      trainMs: { median: ms, min: ms, max: ms },
      projected,
      gflops: flops / ms / 1e6,
      steps: fit.stepsRun,
      firstLoss: fit.initialLoss,
      finalLoss: null,
      lastEpochLoss: projected ? null : (fit.epochLosses.at(-1) ?? null),
      lossVsReference: null,
      lossAgrees: null,
      note: projected
        ? `projected from ${fit.stepsRun} of ${steps} steps`
        : 'first loss: evaluate on every row before fit',
    });
    o.onEvent?.(`tfjs ${backend}`);
  }

  for (const device of o.jax) {
    const jax: JaxFigures = await runJaxjs({
      device,
      data,
      hidden: w.hidden,
      classes: w.classes,
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
        finalLoss: jax.losses.at(-1) ?? null,
        lastEpochLoss: lastEpoch(jax.losses),
        note: projected
          ? `projected from ${jax.stepsRun} of ${steps} steps`
          : 'the steps after the 3 that compile, at their rate, times the run’s steps',
      });
    }
    o.onEvent?.(`jax-js ${device}`);
  }
  return { ...base, rows: againstReference(rows) };
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
  for (const w of o.workloads ?? WIDE_WORKLOADS) workloads.push(await runWorkload(w, o));
  return { matmul, workloads };
}
