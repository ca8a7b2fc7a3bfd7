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
  const spec = checkSpec({
    inputs: dataset.nFeatures,
    features: get<FeatureName[]>('features'),
    hidden: get<number[]>('hidden'),
    activation: get<Activation>('activation'),
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
  const train = prepare(rawTrain) as Dataset;
  const data: RunData = {
    train,
    validation: prepare(parts?.validation),
    test: prepare(parts?.test),
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
