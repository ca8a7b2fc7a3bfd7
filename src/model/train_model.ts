import { splitDataset, type Dataset, type SplitOptions } from '../data/index.ts';
import { acquireGpu, type AdapterSummary, type GpuContext } from '../gpu/index.ts';
import type { Precision } from '../cpu/index.ts';
import { withFeatures, type FeatureName } from '../core/features.ts';
import { trainModelOnGpu, type ModelProgress } from './gpu_run.ts';
import { initialModelParams } from './init.ts';
import { metricsOf, type Metrics } from '../core/metrics.ts';
import { predictProbabilities } from './predict_legacy.ts';
import { OPTIMIZERS, resolveOptimizer, type OptimizerSpec } from '../core/optimizers.ts';
import { specOf, type SavedModel } from './serialize.ts';
import { checkSpec, ModelSpecError, paramCountOf, type Activation } from './spec.ts';
import { trainModelCpu, type EpochLosses } from './train_cpu.ts';

export interface TrainModelOptions {
  readonly backend?: 'webgpu' | 'cpu';
  /** hidden widths, e.g. [8, 8]; none is the tutorial's single neuron */
  readonly hidden?: readonly number[];
  readonly activation?: Activation;
  /** default: plain SGD at lr 0.1, as the tutorial */
  readonly optimizer?: Partial<OptimizerSpec>;
  /** rows per step; default all of the training split (full batch) */
  readonly batchSize?: number;
  /** passes over the training split; default 1000 */
  readonly epochs?: number;
  /** TensorFlow Playground's extra inputs for two-feature data */
  readonly features?: readonly FeatureName[];
  /** train / validation / test fractions (seeded, optionally stratified); default: everything trains */
  readonly split?: SplitOptions;
  /** stop after this many epochs without a better validation loss, keeping the best params */
  readonly patience?: number;
  /** seeds the initial params (PyTorch's nn.Linear distribution); default 0 */
  readonly seed?: number;
  /** start from these params instead (per layer W then b) */
  readonly initialParams?: readonly number[];
  /** seeds each epoch's mini-batch shuffle; default 0 */
  readonly shuffleSeed?: number;
  /** CPU arithmetic; default f32 */
  readonly precision?: Precision;
  readonly onProgress?: (progress: ModelProgress) => void;
  readonly signal?: AbortSignal;
  readonly context?: GpuContext;
}

export interface TrainModelResult {
  readonly model: SavedModel;
  readonly backend: 'webgpu' | 'cpu';
  readonly stepLosses: Float32Array | Float64Array;
  readonly epochLosses: EpochLosses;
  readonly epochsRun: number;
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
  readonly firstBadStep: number | null;
  readonly metrics: {
    readonly train: Metrics;
    readonly validation: Metrics | null;
    readonly test: Metrics | null;
  };
  readonly splitSizes: {
    readonly train: number;
    readonly validation: number;
    readonly test: number;
  };
  readonly trainMs: number;
  readonly elapsedMs: number;
  readonly dispatchCount: number;
  readonly submitCount: number;
  readonly adapter: AdapterSummary | null;
}

function check(condition: boolean, parameter: string, message: string): void {
  if (!condition) throw new ModelSpecError(parameter, message);
}

/**
 * Trains a model beyond the tutorial: hidden layers, any optimizer, mini-batches, extra features,
 * a train/validation/test split with per-epoch losses, early stopping, and metrics on every split.
 *
 * @example
 *   const result = await trainModel(makeMoons({ nSamples: 500, noise: 0.1, randomState: 0 }), {
 *     hidden: [8, 8], activation: 'tanh', optimizer: { name: 'adam', lr: 0.03 }, batchSize: 10, epochs: 50,
 *     split: { train: 0.5, test: 0.5, stratify: true },
 *   });
 *   result.metrics.test?.accuracy;
 */
export async function trainModel(
  data: Dataset,
  options: TrainModelOptions = {},
): Promise<TrainModelResult> {
  const start = performance.now();
  const features = options.features ?? [];
  const spec = checkSpec(
    specOf({
      inputs: data.nFeatures,
      features,
      hidden: options.hidden ?? [],
      activation: options.activation ?? 'tanh',
    }),
  );
  const opt = resolveOptimizer({
    name: options.optimizer?.name ?? 'sgd',
    lr: options.optimizer?.lr ?? 0.1,
    ...options.optimizer,
  });
  check(
    OPTIMIZERS.includes(opt.name),
    'optimizer',
    `must be one of ${OPTIMIZERS.join(', ')}, got ${JSON.stringify(opt.name)}`,
  );
  check(Number.isFinite(opt.lr) && opt.lr > 0, 'lr', `must be above 0, got ${opt.lr}`);
  const epochs = options.epochs ?? 1000;
  check(
    Number.isInteger(epochs) && epochs >= 1 && epochs <= 1_000_000,
    'epochs',
    `must be a whole number from 1 to 1000000, got ${epochs}`,
  );
  const expanded = withFeatures(data, features);
  const parts = options.split
    ? splitDataset(expanded, options.split)
    : { train: expanded, validation: undefined, test: undefined };
  const train = parts.train;
  check(train.nSamples > 0, 'split', 'leaves no samples to train on');
  const batchSize = options.batchSize ?? train.nSamples;
  check(
    Number.isInteger(batchSize) && batchSize >= 1,
    'batchSize',
    `must be a whole number ≥ 1, got ${batchSize}`,
  );
  const patience = options.patience;
  check(
    patience === undefined || (Number.isInteger(patience) && patience >= 1),
    'patience',
    `must be a whole number ≥ 1, got ${patience}`,
  );
  check(
    patience === undefined || (parts.validation?.nSamples ?? 0) > 0,
    'patience',
    'early stopping needs a validation split',
  );
  const initialParams =
    options.initialParams ?? Array.from(initialModelParams(spec, options.seed ?? 0));
  check(
    initialParams.length === paramCountOf(spec),
    'initialParams',
    `the model has ${paramCountOf(spec)} params, ${initialParams.length} were given`,
  );
  const run = {
    spec,
    optimizer: opt,
    batchSize,
    epochs,
    shuffleSeed: options.shuffleSeed ?? 0,
    initialParams,
    validation: parts.validation,
    test: parts.test,
    patience,
  };
  const backend = options.backend ?? 'webgpu';
  const trainStart = performance.now();
  let outcome;
  let adapter: AdapterSummary | null = null;
  if (backend === 'webgpu') {
    const context = options.context ?? (await acquireGpu());
    adapter = context.adapter;
    outcome = await trainModelOnGpu(context, train, {
      ...run,
      precision: 'f32',
      onProgress: options.onProgress,
      signal: options.signal,
    });
  } else {
    options.signal?.throwIfAborted();
    outcome = {
      ...trainModelCpu(train, { ...run, precision: options.precision ?? 'f32' }),
      firstBadStep: null,
      dispatchCount: 0,
      submitCount: 0,
    };
  }
  const trainMs = performance.now() - trainStart;
  const params = Array.from(outcome.params);
  const measure = (set: Dataset | undefined) =>
    set && set.nSamples > 0 ? metricsOf(predictProbabilities(spec, params, set), set.y) : null;
  return {
    model: {
      format: 'webgpu-train-model',
      version: 1,
      inputs: data.nFeatures,
      features,
      hidden: spec.hidden,
      activation: spec.activation,
      params,
    },
    backend,
    stepLosses: outcome.stepLosses,
    epochLosses: outcome.epochLosses,
    epochsRun: outcome.epochsRun,
    bestEpoch: outcome.bestEpoch,
    stoppedEarly: outcome.stoppedEarly,
    firstBadStep: outcome.firstBadStep,
    metrics: {
      train: measure(train) as Metrics,
      validation: measure(parts.validation),
      test: measure(parts.test),
    },
    splitSizes: {
      train: train.nSamples,
      validation: parts.validation?.nSamples ?? 0,
      test: parts.test?.nSamples ?? 0,
    },
    trainMs,
    elapsedMs: performance.now() - start,
    dispatchCount: outcome.dispatchCount,
    submitCount: outcome.submitCount,
    adapter,
  };
}

/** σ(model(x)) for every sample of a data set with the model's raw inputs. */
export function predict(model: SavedModel, data: Dataset): Float64Array {
  if (data.nFeatures !== model.inputs) {
    throw new ModelSpecError(
      'data',
      `the model takes ${model.inputs} features, the data has ${data.nFeatures}`,
    );
  }
  return predictProbabilities(specOf(model), model.params, withFeatures(data, model.features));
}
