/**
 * A labelled data set in the layout every backend shares: N samples of D features.
 * X is N×D row-major float64; y holds N integer class labels (0/1 for training).
 */
export interface Dataset {
  readonly X: Float64Array;
  readonly y: Int32Array;
  readonly nSamples: number;
  readonly nFeatures: number;
}

/** Builds a Dataset, checking that the array lengths agree with the shape. */
export function makeDataset(X: Float64Array, y: Int32Array, nFeatures: number): Dataset {
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
