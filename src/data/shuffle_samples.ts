import { makeDataset, type Dataset, type Labels } from '../core/dataset.ts';
import type { RandomState } from '../core/random_state.ts';

/** The rows of X (row-major, nFeatures wide) in the order `indices` gives. */
export function takeRows(
  X: Float64Array,
  nFeatures: number,
  indices: ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(indices.length * nFeatures);
  for (let i = 0; i < indices.length; i++) {
    const from = (indices[i] as number) * nFeatures;
    const to = i * nFeatures;
    for (let j = 0; j < nFeatures; j++) out[to + j] = X[from + j] as number;
  }
  return out;
}

/** The labels in the order `indices` gives. */
export function takeLabels<T extends Labels>(y: T, indices: ArrayLike<number>): T {
  const out = (
    y instanceof Float64Array ? new Float64Array(indices.length) : new Int32Array(indices.length)
  ) as T;
  for (let i = 0; i < indices.length; i++) out[i] = y[indices[i] as number] as number;
  return out;
}

/**
 * scikit-learn's utils.shuffle(X, y, random_state=rng): one permutation of the sample
 * indices (rng.shuffle(arange(n))) applied to the rows of X and to y alike.
 */
export function shuffleSamples(dataset: Dataset, rng: RandomState): Dataset {
  const order = rng.permutation(dataset.nSamples);
  return makeDataset(
    takeRows(dataset.X, dataset.nFeatures, order),
    takeLabels(dataset.y, order),
    dataset.nFeatures,
  );
}
