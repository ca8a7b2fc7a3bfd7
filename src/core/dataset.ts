/**
 * A labelled data set in the layout every backend shares: N samples of D features.
 * X is N×D row-major float64; y holds N labels: class indices 0…K−1 (an Int32Array) for a
 * classifier, numbers to predict (a Float64Array) for a regression.
 */
/** Class indices (Int32Array) or regression targets (Float64Array). */
export type Labels = Int32Array | Float64Array;

export interface Dataset {
  readonly X: Float64Array;
  readonly y: Labels;
  readonly nSamples: number;
  readonly nFeatures: number;
}

/** Builds a Dataset, checking that the array lengths agree with the shape. */
export function makeDataset(X: Float64Array, y: Labels, nFeatures: number): Dataset {
  if (!Number.isInteger(nFeatures) || nFeatures < 1) {
    throw new RangeError(`nFeatures must be a positive integer, got ${nFeatures}`);
  }
  const nSamples = y.length;
  if (X.length !== nSamples * nFeatures) {
    throw new RangeError(
      `X holds ${X.length} numbers but ${nSamples} samples × ${nFeatures} features need ${nSamples * nFeatures}`,
    );
  }
  return { X, y, nSamples, nFeatures };
}
