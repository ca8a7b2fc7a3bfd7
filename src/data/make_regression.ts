/**
 * scikit-learn 1.2.1's make_regression, drawing from RandomState in exactly its order: X
 * (Gaussian, or make_low_rank_matrix's), a linear model on n_informative features, Gaussian
 * noise on the target, then the sample and feature shuffles.
 */
import {
  booleanOption,
  checkOptionNames,
  integerOption,
  numberOption,
  randomStateOption,
} from './checks.ts';
import { makeDataset, type Dataset } from '../core/dataset.ts';
import { GAUSSIAN_NOISE_BOUND, SAMPLES_BOUND } from './generator_bounds.ts';
import { lowRankMatrix } from './low_rank_matrix.ts';
import { ParameterError, describeValue } from './parameter_error.ts';
import type { RandomState } from '../core/random_state.ts';
import { shuffleSamples, takeRows } from './shuffle_samples.ts';

export interface MakeRegressionOptions {
  readonly nSamples?: number;
  readonly nFeatures?: number;
  /** features the target depends on (the first ones, before the shuffle); more than n_features means all */
  readonly nInformative?: number;
  /** 1: a data set holds one target a row */
  readonly nTargets?: number;
  /** added to every target */
  readonly bias?: number;
  /** null: X is standard Gaussian; a rank: X is make_low_rank_matrix's, of about that rank */
  readonly effectiveRank?: number | null;
  /** with an effective rank: the share of the singular profile's fat tail, 0 … 1 */
  readonly tailStrength?: number;
  /** standard deviation of the Gaussian noise added to the target */
  readonly noise?: number;
  readonly shuffle?: boolean;
  /** a seed 0 … 2**32-1, or a RandomState to draw from; omitted: a random seed */
  readonly randomState?: number | RandomState;
}

const OPTION_NAMES = [
  'nSamples',
  'nFeatures',
  'nInformative',
  'nTargets',
  'bias',
  'effectiveRank',
  'tailStrength',
  'noise',
  'shuffle',
  'randomState',
];

/** The data set and the model that made it, as make_regression(..., coef=True) returns them. */
export interface RegressionWithCoef {
  /** X (N × n_features) and the targets y (a Float64Array) */
  readonly data: Dataset;
  /** each feature's coefficient, in the columns' (shuffled) order; 0 for the uninformative ones */
  readonly coef: Float64Array;
}

/**
 * X (N × n_features) and the targets, as `sklearn.datasets.make_regression(**options)` returns
 * them for the same random_state.
 *
 * @example
 * makeRegression({ nSamples: 200, nFeatures: 5, nInformative: 3, noise: 10, randomState: 0 });
 */
export function makeRegression(options: MakeRegressionOptions = {}): Dataset {
  return makeRegressionWithCoef(options).data;
}

/** makeRegression and its coefficients: y = X·coef + bias + noise. */
export function makeRegressionWithCoef(options: MakeRegressionOptions = {}): RegressionWithCoef {
  checkOptionNames('make_regression', options, OPTION_NAMES);
  const N = integerOption('n_samples', options.nSamples ?? 100, SAMPLES_BOUND.interval.min);
  const D = integerOption('n_features', options.nFeatures ?? 100, 1);
  const nInformative = Math.min(D, integerOption('n_informative', options.nInformative ?? 10, 0));
  checkTargets(options.nTargets ?? 1);
  const bias = numberOption('bias', options.bias ?? 0.0);
  const effectiveRank = rankOption(options.effectiveRank ?? null);
  const tailStrength = numberOption('tail_strength', options.tailStrength ?? 0.5, {
    min: 0,
    max: 1,
  });
  const noise = numberOption('noise', options.noise ?? 0.0, GAUSSIAN_NOISE_BOUND.interval);
  const shuffle = booleanOption('shuffle', options.shuffle ?? true);
  const rng = randomStateOption(options.randomState);

  const X =
    effectiveRank === null
      ? rng.standardNormalArray(N * D)
      : lowRankMatrix({ nSamples: N, nFeatures: D, effectiveRank, tailStrength }, rng);
  const coef = new Float64Array(D);
  coef.set(rng.uniformArray(nInformative).map((u) => 100 * u));
  const y = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let sum = 0;
    for (let j = 0; j < nInformative; j++) sum += (X[i * D + j] as number) * (coef[j] as number);
    y[i] = sum + bias;
  }
  // numpy draws the noise only when noise > 0
  if (noise > 0) for (let i = 0; i < N; i++) y[i] = (y[i] as number) + rng.normal(0, noise);
  if (!shuffle) return { data: makeDataset(X, y, D), coef };
  const rows = shuffleSamples(makeDataset(X, y, D), rng);
  const order = rng.permutation(D);
  const columns = new Float64Array(N * D);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < D; j++) columns[i * D + j] = rows.X[i * D + (order[j] as number)] as number;
  return {
    data: makeDataset(columns, rows.y, D),
    coef: takeRows(coef, 1, order),
  };
}

/** n_targets: scikit-learn allows several; a Dataset holds one target a row. */
function checkTargets(value: unknown): void {
  integerOption('n_targets', value, 1);
  if (value !== 1) {
    throw new ParameterError(
      'n_targets',
      `n_targets must be 1: a data set here holds one target a row (a regression model has one output), got ${describeValue(value)}`,
    );
  }
}

/** effective_rank: null (scikit-learn's None) or a rank of at least 1. */
function rankOption(value: unknown): number | null {
  return value === null ? null : integerOption('effective_rank', value, 1);
}
