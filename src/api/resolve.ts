/**
 * From what a caller asks to what both backends run: every option checked against the one table,
 * the extra features appended, the data split, the initial params drawn, all in one place.
 */
import {
  applyStandardization,
  fitStandardization,
  splitDataset,
  type Dataset,
  type SplitOptions,
  type Standardization,
} from '../data/index.ts';
import { compileNetwork } from '../core/network.ts';
import type { Precision } from '../core/arithmetic.ts';
import { stepsPerEpoch } from '../core/batches.ts';
import { withFeatures, type FeatureName } from '../core/features.ts';
import { initialParams } from '../core/init.ts';
import {
  MAX_STEPS,
  optionValue,
  OptionError,
  type Backend,
  type ScheduleChoice,
} from '../core/options.ts';
import {
  resolveOptimizer,
  type OptimizerName,
  type RegularizationName,
} from '../core/optimizers.ts';
import type { RunData, RunDescription } from '../core/run.ts';
import { checkSpec, ModelSpecError, type Activation, type ModelSpec } from '../core/spec.ts';
import { headFor, MAX_CLASSES, outputsOf, type Task } from '../core/heads.ts';
import type { TargetScaling } from '../core/metrics.ts';
import type { Labels } from '../core/dataset.ts';

/** Everything train() takes besides the data; every field has a default (the tutorial's). */
export interface TrainOptions {
  readonly backend?: Backend;
  readonly precision?: Precision;
  /** hidden widths, e.g. [8, 8]; [] (the default) is the tutorial's Linear(D,1) */
  readonly hidden?: readonly number[];
  readonly activation?: Activation;
  readonly features?: readonly FeatureName[];
  /** z-score the raw features, fitted on the training split only */
  readonly standardize?: boolean;
  /** z-score the raw features with this one instead (a loaded model's), whatever `standardize` says */
  readonly standardization?: Standardization;
  readonly optimizer?: OptimizerName;
  readonly lr?: number;
  readonly momentum?: number;
  readonly weightDecay?: number;
  /** a penalty on the weights: l1 rate·Σ|w|, l2 rate·½Σw²; default none */
  readonly regularization?: RegularizationName;
  readonly regularizationRate?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  /** rows per step; default the whole training split */
  readonly batchSize?: number;
  readonly epochs?: number;
  readonly patience?: number;
  readonly seed?: number;
  readonly shuffleSeed?: number;
  readonly schedule?: ScheduleChoice;
  readonly workgroupSize?: number;
  /** start from these params (per layer W then b) instead of drawing them from `seed` */
  readonly initialParams?: ArrayLike<number>;
  /** classification or regression; default: classification for class indices (an Int32Array y), regression for numbers */
  readonly task?: Task;
  /** K, for classification: default the largest class index in the data, plus one (at least 2) */
  readonly classes?: number;
  /** regression: train on the target's z-score, fitted on the training split */
  readonly standardizeTarget?: boolean;
  /** regression: z-score the target with this one instead (a loaded model's), whatever `standardizeTarget` says */
  readonly targetStandardization?: TargetScaling;
  /** train / validation / test fractions (seeded, optionally stratified); default: all rows train */
  readonly split?: SplitOptions;
}

/** The options with every default filled in. */
export interface ResolvedOptions {
  readonly backend: Backend;
  readonly precision: Precision;
  readonly schedule: ScheduleChoice;
  readonly workgroupSize: number | undefined;
  readonly spec: ModelSpec;
  /** the z-score fitted on the training split, when asked for */
  readonly standardization: Standardization | null;
  /** regression: the target's z-score the network predicts in, when asked for */
  readonly target: TargetScaling | null;
  /** the splits with their labels as the user has them (the run's hold the target's z-score) */
  readonly labelled: RunData;
  readonly run: RunDescription;
  readonly data: RunData;
}

/** Checks and fills in the options, expands and splits the data, and draws the initial params. */
export function resolveOptions(dataset: Dataset, options: TrainOptions): ResolvedOptions {
  const get = <T>(key: Parameters<typeof optionValue>[0]): T =>
    optionValue(key, options[key as keyof TrainOptions]) as T;
  const backend = get<Backend>('backend');
  const precision = get<Precision>('precision');
  if (backend === 'webgpu' && precision !== 'f32')
    throw new OptionError(
      'precision',
      `the webgpu backend computes in f32 only, got '${precision}'`,
    );
  const task =
    get<Task | null>('task') ??
    (dataset.y instanceof Float64Array ? 'regression' : 'classification');
  const classes = task === 'classification' ? classCount(dataset, options.classes) : 1;
  const head = headFor(task, classes);
  const spec = checkSpec({
    inputs: dataset.nFeatures,
    features: get<FeatureName[]>('features'),
    hidden: get<number[]>('hidden'),
    activation: get<Activation>('activation'),
    head,
    outputs: outputsOf(head, classes),
  });
  const net = compileNetwork(spec);
  const weightDecay = get<number | null>('weightDecay');
  const regularization = get<RegularizationName>('regularization');
  const regularizationRate = get<number>('regularizationRate');
  if (regularization === 'none' && options.regularizationRate !== undefined)
    throw new OptionError(
      'regularizationRate',
      'takes effect only with a regularization (l1 or l2); choose one, or leave the rate out',
    );
  const optimizer = resolveOptimizer({
    name: get<OptimizerName>('optimizer'),
    lr: get<number>('lr'),
    momentum: get<number>('momentum'),
    ...(weightDecay === null ? {} : { weightDecay }),
    beta1: get<number>('beta1'),
    beta2: get<number>('beta2'),
    eps: get<number>('eps'),
    regularization,
    regularizationRate,
  });
  // split the raw rows, fit the z-score on the training split alone, then add the extra features
  // (the split depends on the labels only, so this gives the rows features-then-split would)
  const parts = options.split ? splitDataset(dataset, options.split) : null;
  const rawTrain = parts?.train ?? dataset;
  if (rawTrain.nSamples === 0) throw new OptionError('split', 'leaves no rows to train on');
  const standardization =
    options.standardization ?? (get<boolean>('standardize') ? fitStandardization(rawTrain) : null);
  if (standardization !== null && standardization.mean.length !== dataset.nFeatures)
    throw new OptionError(
      'standardization',
      `holds ${standardization.mean.length} features' means; the data has ${dataset.nFeatures} features`,
    );
  const prepare = (d: Dataset | undefined): Dataset | null => {
    if (d === undefined || d.nSamples === 0) return null;
    const scaled = standardization === null ? d : applyStandardization(standardization, d);
    return withFeatures(scaled, spec.features);
  };
  const target =
    task !== 'regression'
      ? null
      : (options.targetStandardization ??
        (get<boolean>('standardizeTarget') ? fitTargetScaling(rawTrain.y) : null));
  if (task !== 'regression') {
    for (const key of ['standardizeTarget', 'targetStandardization'] as const)
      if (options[key] !== undefined && options[key] !== false)
        throw new OptionError(key, 'applies to a regression (task: regression)');
  }
  const labelled: RunData = {
    train: prepare(rawTrain) as Dataset,
    validation: prepare(parts?.validation),
    test: prepare(parts?.test),
  };
  const withTarget = (d: Dataset | null): Dataset | null =>
    d === null || target === null ? d : { ...d, y: scaleTargets(d.y, target) };
  const train = withTarget(labelled.train) as Dataset;
  const data: RunData = {
    train,
    validation: withTarget(labelled.validation),
    test: withTarget(labelled.test),
  };
  const batchSize = Math.min(get<number | null>('batchSize') ?? train.nSamples, train.nSamples);
  const epochs = get<number>('epochs');
  const perEpoch = stepsPerEpoch(train.nSamples, batchSize);
  const steps = perEpoch * epochs;
  if (steps > MAX_STEPS)
    throw new OptionError(
      'epochs',
      `${epochs} epochs of ${perEpoch} steps are ${steps} steps; a run takes at most ${MAX_STEPS}`,
    );
  const patience = get<number | null>('patience');
  if (patience !== null && data.validation === null)
    throw new OptionError(
      'patience',
      'early stopping needs a validation split (split: { validation: … })',
    );
  const initial =
    options.initialParams !== undefined
      ? Float64Array.from(options.initialParams)
      : initialParams(spec, get<number>('seed'));
  if (initial.length !== net.P)
    throw new ModelSpecError(
      'initialParams',
      `the model has ${net.P} params, ${initial.length} were given`,
    );
  if (!initial.every(Number.isFinite))
    throw new ModelSpecError('initialParams', 'must all be finite numbers');
  const workgroupSize = get<number | null>('workgroupSize') ?? undefined;
  if (workgroupSize !== undefined && (workgroupSize & (workgroupSize - 1)) !== 0)
    throw new OptionError('workgroupSize', `must be a power of two, got ${workgroupSize}`);
  return {
    backend,
    precision,
    schedule: get<ScheduleChoice>('schedule'),
    workgroupSize,
    spec,
    standardization,
    target,
    labelled,
    run: {
      net,
      optimizer,
      batchSize,
      epochs,
      shuffleSeed: get<number>('shuffleSeed'),
      patience,
      initialParams: initial,
    },
    data,
  };
}

/**
 * K for a classification: the `classes` asked for, else the largest class index plus one (at
 * least 2). Every label must be a class index below K.
 */
function classCount(dataset: Dataset, asked: number | undefined): number {
  const { y } = dataset;
  let largest = 0;
  for (let i = 0; i < y.length; i++) {
    const label = y[i] as number;
    if (!Number.isInteger(label) || label < 0)
      throw new OptionError(
        'task',
        `a classification takes class indices 0, 1, …; row ${i + 1}'s label is ${label} (task: regression learns numbers)`,
      );
    if (label > largest) largest = label;
  }
  if (asked !== undefined && (!Number.isInteger(asked) || asked < 2 || asked > MAX_CLASSES))
    throw new OptionError(
      'classes',
      `must be a whole number from 2 to ${MAX_CLASSES}, got ${asked}`,
    );
  const K = asked ?? Math.max(2, largest + 1);
  if (largest >= K)
    throw new OptionError('classes', `is ${K}, but the data holds class ${largest}`);
  if (K > MAX_CLASSES)
    throw new OptionError(
      'task',
      `the labels hold ${K} classes; a classifier takes at most ${MAX_CLASSES} (task: regression learns numbers)`,
    );
  return K;
}

/** The training split's target mean and spread (population, as StandardScaler; a constant target keeps scale 1). */
export function fitTargetScaling(y: Labels): TargetScaling {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i] as number;
  mean /= n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((y[i] as number) - mean) ** 2;
  const scale = Math.sqrt(squares / n);
  return { mean, scale: scale > 0 && Number.isFinite(scale) ? scale : 1 };
}

function scaleTargets(y: Labels, target: TargetScaling): Float64Array {
  return Float64Array.from(y, (v) => (v - target.mean) / target.scale);
}
