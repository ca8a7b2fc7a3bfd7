/**
 * Seeded train / validation / test splits of a data set, optionally stratified so that
 * every split keeps the class proportions.
 */
import { booleanOption, checkOptionNames, integerOption, numberOption } from './checks.ts';
import { makeDataset, type Dataset } from '../core/dataset.ts';
import { ParameterError } from './parameter_error.ts';
import { RandomState } from '../core/random_state.ts';
import { takeLabels, takeRows } from './shuffle_samples.ts';

export interface SplitOptions {
  /** fraction for training; default 0.8, or what validation and test leave */
  readonly train?: number;
  /** default 0 */
  readonly validation?: number;
  /** default what train and validation leave, or 0.2 when train is omitted too */
  readonly test?: number;
  /** RandomState seed, 0 … 2**32-1; default 0, so a split is the same every run */
  readonly seed?: number;
  /** keep each class's share in every split */
  readonly stratify?: boolean;
}

export interface Splits {
  readonly train: Dataset;
  readonly validation: Dataset;
  readonly test: Dataset;
}

const SPLIT_NAMES = ['train', 'validation', 'test'] as const;
const SUM_TOLERANCE = 1e-9;

/**
 * Splits the samples into three disjoint data sets that together hold every sample once.
 * Split sizes are the fractions of N rounded by largest remainder, so they sum to N; a
 * stratified split gives each class its share of every split the same way.
 *
 * @example
 * const { train, test } = splitDataset(data, { train: 0.75, test: 0.25, seed: 1, stratify: true });
 */
export function splitDataset(dataset: Dataset, options: SplitOptions = {}): Splits {
  checkOptionNames('splitDataset', options, [...SPLIT_NAMES, 'seed', 'stratify']);
  const fractions = splitFractions(options);
  const rng = new RandomState(integerOption('seed', options.seed ?? 0, 0, 0xffffffff));
  const sizes = splitSizes(fractions, dataset.nSamples);
  const stratify = booleanOption('stratify', options.stratify ?? false);
  if (stratify && dataset.y instanceof Float64Array)
    throw new ParameterError(
      'stratify',
      'keeps the classes in proportion; a regression target has no classes: leave stratify out',
    );
  const parts = stratify
    ? stratifiedIndices(dataset.y as Int32Array, sizes, rng)
    : cut(rng.permutation(dataset.nSamples), sizes);
  const [train, validation, test] = parts.map((indices) =>
    makeDataset(
      takeRows(dataset.X, dataset.nFeatures, indices),
      takeLabels(dataset.y, indices),
      dataset.nFeatures,
    ),
  ) as [Dataset, Dataset, Dataset];
  return { train, validation, test };
}

/** The three fractions, defaults filled in, each in [0, 1] and summing to 1. */
export function splitFractions(options: SplitOptions): number[] {
  const given = (name: (typeof SPLIT_NAMES)[number]): number | undefined =>
    options[name] === undefined ? undefined : numberOption(name, options[name], { min: 0, max: 1 });
  const validation = given('validation') ?? 0;
  const testGiven = given('test');
  const train =
    given('train') ?? (testGiven === undefined ? 0.8 - validation : 1 - validation - testGiven);
  const test = testGiven ?? 1 - train - validation;
  const fractions = [train, validation, test];
  const sum = train + validation + test;
  if (train < -SUM_TOLERANCE || test < -SUM_TOLERANCE || Math.abs(sum - 1) > SUM_TOLERANCE) {
    throw new ParameterError(
      'train',
      `train + validation + test must be 1, got ${train} + ${validation} + ${test} = ${sum}`,
    );
  }
  // a default computed as 1 - the others may come out a rounding error below zero
  return fractions.map((f) => Math.max(f, 0));
}

/** Adds one to the entries with the largest remainders (ties to the earlier) until the floors sum to `total`. */
function largestRemainder(
  floors: number[],
  remainders: readonly number[],
  total: number,
): number[] {
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = remainders
    .map((_, k) => k)
    .sort((a, b) => (remainders[b] as number) - (remainders[a] as number) || a - b);
  for (const k of order) {
    if (left <= 0) break;
    floors[k] = (floors[k] as number) + 1;
    left--;
  }
  return floors;
}

/** Split sizes: N shared by the fractions, rounded by largest remainder so they sum to N. */
function splitSizes(fractions: readonly number[], N: number): number[] {
  const fractionSum = fractions.reduce((a, b) => a + b, 0);
  const exact = fractions.map((f) => (f / fractionSum) * N);
  const floors = exact.map(Math.floor);
  return largestRemainder(
    floors,
    exact.map((e, k) => e - (floors[k] as number)),
    N,
  );
}

/**
 * `total` shared among classes in proportion to their counts, in exact integer arithmetic
 * (count * total stays below 2**53), so no class is given more than it has.
 */
function classShares(counts: readonly number[], total: number): number[] {
  const countSum = counts.reduce((a, b) => a + b, 0);
  if (countSum === 0) return counts.map(() => 0);
  const floors = counts.map((count) => Math.floor((count * total) / countSum));
  const remainders = counts.map((count, c) => count * total - (floors[c] as number) * countSum);
  return largestRemainder(floors, remainders, total);
}

/** Cuts `order` into consecutive pieces of the given sizes. */
function cut(order: Int32Array, sizes: readonly number[]): Int32Array[] {
  let start = 0;
  return sizes.map((size) => order.slice(start, (start += size)));
}

/**
 * Split indices with each class spread in proportion: classes in label order, each shuffled;
 * train takes its share of every class first, then validation, test gets the rest.
 * Every split is shuffled at the end so the classes are mixed.
 */
function stratifiedIndices(
  y: Int32Array,
  sizes: readonly number[],
  rng: RandomState,
): Int32Array[] {
  const labels = [...new Set(y)].sort((a, b) => a - b);
  const classOf = new Map(labels.map((label, c) => [label, c]));
  // each class's rows in ascending order: counted, then filled in one pass each
  const classSizes = new Int32Array(labels.length);
  for (const label of y) {
    const c = classOf.get(label) as number;
    classSizes[c] = (classSizes[c] as number) + 1;
  }
  const byClass = Array.from(classSizes, (size) => new Int32Array(size));
  const filled = new Int32Array(labels.length);
  for (let i = 0; i < y.length; i++) {
    const c = classOf.get(y[i] as number) as number;
    const at = filled[c] as number;
    (byClass[c] as Int32Array)[at] = i;
    filled[c] = at + 1;
  }
  const remaining = byClass.map((members) => members.length);
  const perClass = sizes.map((size, s) => {
    // the last split takes what is left, so every class is used up exactly
    const counts = s === sizes.length - 1 ? [...remaining] : classShares(remaining, size);
    counts.forEach((count, c) => (remaining[c] = (remaining[c] as number) - count));
    return counts;
  });
  byClass.forEach((members) => rng.shuffle(members));
  const taken = byClass.map(() => 0);
  return perClass.map((counts) => {
    const indices = new Int32Array(counts.reduce((a, b) => a + b, 0));
    let at = 0;
    counts.forEach((count, c) => {
      const start = taken[c] as number;
      taken[c] = start + count;
      indices.set((byClass[c] as Int32Array).subarray(start, start + count), at);
      at += count;
    });
    rng.shuffle(indices);
    return indices;
  });
}
