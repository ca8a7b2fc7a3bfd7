/**
 * Everything a PyTorch script needs to repeat one train() run: the model, the optimizer with
 * every hyperparameter, the batches, the split as webgpu-train draws it, the standardization, the
 * initial params and early stopping. All of it comes from resolveOptions, the step train() itself
 * takes, so no default is written here; the export tests run the script and check that it follows
 * train()'s run step by step.
 */
import type { ResolvedOptimizer } from '../core/optimizers.ts';
import { resolveOptions, type TrainOptions } from '../api/resolve.ts';
import { layerShapes } from '../core/spec.ts';
import { makeDataset, splitDataset, type Dataset, type SplitOptions } from '../data/index.ts';
import { describeModel, type ModelDescription } from '../model/serialize.ts';

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
  /** rows per step; the training split's size is full batch */
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
  // the class counts matter to a stratified split alone (a regression's targets are not classes)
  const labels = options.stratify === true ? [...new Set(data.y)].sort((a, b) => a - b) : [];
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

/** Plans the PyTorch version of `train(data, options)`. */
export function planPytorchRun(data: Dataset, options: TrainOptions): PytorchRunPlan {
  const resolved = resolveOptions(data, options);
  const { spec, run } = resolved;
  const split = options.split === undefined ? null : splitPlan(data, options.split);
  const initial = Array.from(run.initialParams);
  return {
    description: describeModel(spec, resolved.standardization, resolved.target),
    optimizer: run.optimizer,
    batchSize: run.batchSize,
    epochs: run.epochs,
    shuffleSeed: run.shuffleSeed,
    patience: run.patience,
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
    precision: resolved.precision,
  };
}
