/**
 * Everything a PyTorch script needs to repeat one trainModel run: the model, the optimizer with
 * every hyperparameter, the batches, the split as webgpu-train draws it, the initial params and
 * early stopping. It fills in trainModel's defaults the way trainModel does; the export tests run
 * the script and check it follows trainModel's run step by step, so a drift shows there.
 */
import { makeDataset, splitDataset, type Dataset, type SplitOptions } from '../data/index.ts';
import {
  checkSpec,
  initialModelParams,
  layerShapes,
  ModelSpecError,
  paramCountOf,
  resolveOptimizer,
  specOf,
  type ModelDescription,
  type ResolvedOptimizer,
  type TrainModelOptions,
} from '../model/index.ts';

/** How to cut the rows into train, validation and test, as splitDataset does it. */
export interface SplitPlan {
  readonly seed: number;
  readonly stratify: boolean;
  /** rows in train, validation, test */
  readonly sizes: readonly [number, number, number];
  /** per split, rows of each label in label order (a stratified split takes these counts) */
  readonly classCounts: readonly (readonly number[])[];
  /** the labels in the order the class counts list them */
  readonly labels: readonly number[];
  /** the first rows of each split, so the script can check it drew the same ones */
  readonly firstRows: readonly (readonly number[])[];
}

/** One layer's initial weight (out rows of in values) and bias. */
export interface LayerParams {
  readonly weight: readonly (readonly number[])[];
  readonly bias: readonly number[];
}

export interface PytorchRunPlan {
  readonly description: ModelDescription;
  readonly optimizer: ResolvedOptimizer;
  /** rows per step; the training split's size or more is full batch */
  readonly batchSize: number;
  readonly epochs: number;
  readonly shuffleSeed: number;
  readonly patience: number | null;
  readonly split: SplitPlan | null;
  readonly initialParams: readonly LayerParams[];
  readonly precision: 'f32' | 'f64';
}

/** Rows of each split, from splitDataset run on the row numbers themselves (the labels decide a stratified split). */
function splitRows(data: Dataset, options: SplitOptions): Int32Array[] {
  const rowNumbers = Float64Array.from({ length: data.nSamples }, (_, i) => i);
  const parts = splitDataset(makeDataset(rowNumbers, data.y, 1), options);
  return [parts.train, parts.validation, parts.test].map((part) => Int32Array.from(part.X));
}

function splitPlan(data: Dataset, options: SplitOptions): SplitPlan {
  const rows = splitRows(data, options);
  const labels = [...new Set(data.y)].sort((a, b) => a - b);
  return {
    seed: options.seed ?? 0,
    stratify: options.stratify ?? false,
    sizes: rows.map((r) => r.length) as unknown as [number, number, number],
    classCounts: rows.map((r) =>
      labels.map((label) => r.filter((i) => data.y[i] === label).length),
    ),
    labels,
    firstRows: rows.map((r) => Array.from(r.subarray(0, 5))),
  };
}

/** Plans the PyTorch version of `trainModel(data, options)`. */
export function planPytorchRun(data: Dataset, options: TrainModelOptions): PytorchRunPlan {
  const features = options.features ?? [];
  const description: ModelDescription = {
    format: 'webgpu-train-model',
    version: 1,
    inputs: data.nFeatures,
    features,
    hidden: options.hidden ?? [],
    activation: options.activation ?? 'tanh',
  };
  if (features.length > 0 && data.nFeatures !== 2)
    throw new ModelSpecError(
      'features',
      `extra features need two input features (x, y), the data has ${data.nFeatures}`,
    );
  const spec = checkSpec(specOf(description));
  const optimizer = resolveOptimizer({
    name: options.optimizer?.name ?? 'sgd',
    lr: options.optimizer?.lr ?? 0.1,
    ...options.optimizer,
  });
  const split = options.split === undefined ? null : splitPlan(data, options.split);
  const trainRows = split?.sizes[0] ?? data.nSamples;
  if (trainRows === 0) throw new ModelSpecError('split', 'leaves no samples to train on');
  if (options.patience !== undefined && (split?.sizes[1] ?? 0) === 0)
    throw new ModelSpecError('patience', 'early stopping needs a validation split');
  const initial = options.initialParams ?? Array.from(initialModelParams(spec, options.seed ?? 0));
  if (initial.length !== paramCountOf(spec))
    throw new ModelSpecError(
      'initialParams',
      `the model has ${paramCountOf(spec)} params, ${initial.length} were given`,
    );
  return {
    description,
    optimizer,
    batchSize: Math.min(options.batchSize ?? trainRows, trainRows),
    epochs: options.epochs ?? 1000,
    shuffleSeed: options.shuffleSeed ?? 0,
    patience: options.patience ?? null,
    split,
    initialParams: layerShapes(spec).map((layer) => ({
      weight: Array.from({ length: layer.outputs }, (_, j) =>
        initial.slice(
          layer.weightOffset + j * layer.inputs,
          layer.weightOffset + (j + 1) * layer.inputs,
        ),
      ),
      bias: initial.slice(layer.biasOffset, layer.biasOffset + layer.outputs),
    })),
    precision: options.backend === 'cpu' ? (options.precision ?? 'f32') : 'f32',
  };
}
