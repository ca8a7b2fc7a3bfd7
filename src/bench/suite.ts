/**
 * `bench --mlp`: the workloads with benchmark targets, side by side in one run: the Playground
 * MLP on WebGPU, on the CPU reference, in PyTorch and (with TensorFlow.js asked for) in
 * TensorFlow.js's model.fit on each of its backends; Linear with Adam and the 2-16-16-1 MLP on
 * 100 000 samples.
 */
import { BINARY_HEAD } from '../core/spec.ts';
import type { ScheduleChoice } from '../core/options.ts';
import { stepsPerEpoch as stepsInEpoch } from '../core/batches.ts';
import { initialParams } from '../core/init.ts';
import { splitDataset } from '../data/index.ts';
import type { GpuContext } from '../gpu/index.ts';
import { train } from '../train.ts';
import { relativeDifference } from './stats.ts';
import type { TfjsBackend } from './tfjs.ts';
import { runTfjsFit, type FitFigures } from './tfjs_fit.ts';
import { torchRequest, type TorchFigures, type TorchRequest } from './torch.ts';
import {
  LINEAR_ADAM,
  LINEAR_SGD,
  MLP_LARGE,
  PLAYGROUND,
  runWorkload,
  type Workload,
  type WorkloadFigures,
} from './workloads.ts';

export interface SuiteOptions {
  readonly context: GpuContext;
  readonly schedules: readonly ScheduleChoice[];
  readonly repeats: number;
  /** epochs of the Playground workload (50 as its users run it) */
  readonly epochs: number;
  /** the Playground alone, or every workload */
  readonly which: 'playground' | 'all';
  /** TensorFlow.js's model.fit on these backends */
  readonly tfjs: readonly TfjsBackend[];
  /** model.fit stops after the batch that passes this */
  readonly tfjsBudgetMs: number;
  readonly wasmPaths?: string | Record<string, string>;
  /** runs PyTorch on the Playground workload (the command line's part); omitted: not run */
  readonly torch?: (request: TorchRequest) => Promise<TorchFigures>;
  readonly peakRss?: () => number;
  readonly onEvent?: (label: string) => void;
}

export interface FitComparison extends FitFigures {
  /** webgpu-train's loss on all training rows before the first step (the CPU reference, f64) */
  readonly expectedInitialLoss: number;
  /** the same model and weights: the loss before training agrees */
  readonly initialLossOk: boolean;
  /** webgpu-train's mean batch loss through each epoch, as model.fit's history reports its own */
  readonly webgpuEpochLosses: number[];
}

export interface TorchComparison extends TorchFigures {
  /** the worst step against webgpu-train's WebGPU run (the same batch order, so step by step) */
  readonly maxRelativeDifference: number | null;
  readonly firstRelativeDifference: number | null;
}

export interface SuiteResult {
  readonly workloads: WorkloadFigures[];
  readonly tfjs: FitComparison[];
  readonly torch: TorchComparison | null;
}

/** TensorFlow.js computes BCE from σ with an ε of 1e-7 in f32; the same weights agree far closer. */
export const TFJS_INITIAL_LOSS_RTOL = 1e-4;

/** The mean of each epoch's batch losses. */
function epochMeans(stepLosses: ArrayLike<number>, stepsPerEpoch: number): number[] {
  const out: number[] = [];
  for (let at = 0; at + stepsPerEpoch <= stepLosses.length; at += stepsPerEpoch) {
    let sum = 0;
    for (let t = at; t < at + stepsPerEpoch; t++) sum += stepLosses[t] as number;
    out.push(sum / stepsPerEpoch);
  }
  return out;
}

export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const { context, schedules, onEvent } = options;
  const repeats = options.repeats;
  const playground: Workload = {
    ...PLAYGROUND,
    options: { ...PLAYGROUND.options, epochs: options.epochs },
  };
  const list =
    options.which === 'all' ? [LINEAR_ADAM, LINEAR_SGD, playground, MLP_LARGE] : [playground];
  const workloads: WorkloadFigures[] = [];
  for (const w of list) {
    onEvent?.(w.name);
    workloads.push(
      await runWorkload(w, {
        context,
        schedules,
        repeats,
        ...(options.peakRss ? { peakRss: options.peakRss } : {}),
      }),
    );
  }

  // the Playground's training rows and initial params, for the other libraries
  const rows = splitDataset(playground.data(), PLAYGROUND.options.split).train;
  const spec = {
    inputs: 2,
    features: [],
    hidden: [...PLAYGROUND.options.hidden],
    activation: 'tanh' as const,
    ...BINARY_HEAD,
  };
  const params = initialParams(spec, PLAYGROUND.options.seed);
  const ours = await train(playground.data(), { ...playground.options, context });
  const stepsPerEpoch = stepsInEpoch(rows.nSamples, PLAYGROUND.options.batchSize);

  const tfjs: FitComparison[] = [];
  if (options.tfjs.length > 0) {
    const { split: _split, ...unsplit } = playground.options;
    const before = await train(rows, {
      ...unsplit,
      backend: 'cpu',
      precision: 'f64',
      batchSize: rows.nSamples,
      epochs: 1,
      initialParams: params,
    });
    const expectedInitialLoss = before.stepLosses[0] as number;
    for (const backend of options.tfjs) {
      onEvent?.(`tfjs-${backend} model.fit`);
      const fit = await runTfjsFit({
        backend,
        data: rows,
        hidden: PLAYGROUND.options.hidden,
        activation: PLAYGROUND.options.activation,
        classes: 2,
        lr: PLAYGROUND.options.lr,
        batchSize: PLAYGROUND.options.batchSize,
        epochs: options.epochs,
        shuffleSeed: PLAYGROUND.options.shuffleSeed,
        initialParams: params,
        budgetMs: options.tfjsBudgetMs,
        ...(options.wasmPaths === undefined ? {} : { wasmPaths: options.wasmPaths }),
      });
      tfjs.push({
        ...fit,
        expectedInitialLoss,
        initialLossOk:
          relativeDifference(fit.initialLoss, expectedInitialLoss) <= TFJS_INITIAL_LOSS_RTOL,
        webgpuEpochLosses: epochMeans(ours.stepLosses, stepsPerEpoch),
      });
    }
  }

  let torch: TorchComparison | null = null;
  if (options.torch) {
    onEvent?.('pytorch');
    const figures = await options.torch(
      torchRequest(rows, {
        classes: 2,
        hidden: PLAYGROUND.options.hidden,
        activation: PLAYGROUND.options.activation,
        optimizer: { name: 'adam', lr: PLAYGROUND.options.lr },
        batchSize: PLAYGROUND.options.batchSize,
        epochs: options.epochs,
        shuffleSeed: PLAYGROUND.options.shuffleSeed,
        initialParams: params,
        repeats,
      }),
    );
    const same = figures.losses.length === ours.stepLosses.length;
    let worst = 0;
    figures.losses.forEach((loss, t) => {
      worst = Math.max(worst, relativeDifference(ours.stepLosses[t] as number, loss));
    });
    torch = {
      ...figures,
      maxRelativeDifference: same ? worst : null,
      firstRelativeDifference: same
        ? relativeDifference(ours.stepLosses[0] as number, figures.losses[0] as number)
        : null,
    };
  }
  return { workloads, tfjs, torch };
}
