/**
 * Standardization (a z-score per feature), as scikit-learn's StandardScaler does it: fitted on the
 * training rows only, then applied to every split and at prediction; saved with the model.
 */
import { makeDataset, type Dataset } from '../core/dataset.ts';

/** x' = (x − mean) / scale, per feature. */
export interface Standardization {
  readonly mean: readonly number[];
  /** the population standard deviation (ddof 0); 1 for a constant feature, which is only centred */
  readonly scale: readonly number[];
}

/**
 * Each feature's mean and standard deviation over the rows of `data`, in float64 (two passes).
 *
 * @example
 * const s = fitStandardization(splits.train);
 * const test = applyStandardization(s, splits.test);
 */
export function fitStandardization(data: Dataset): Standardization {
  const { X, nSamples: N, nFeatures: D } = data;
  if (N === 0) throw new RangeError('standardization needs at least one row to fit');
  const mean = new Float64Array(D);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < D; j++) mean[j] = (mean[j] as number) + (X[i * D + j] as number);
  for (let j = 0; j < D; j++) mean[j] = (mean[j] as number) / N;
  const variance = new Float64Array(D);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < D; j++) {
      const d = (X[i * D + j] as number) - (mean[j] as number);
      variance[j] = (variance[j] as number) + d * d;
    }
  }
  const scale = Array.from(variance, (sum, j) => {
    const v = sum / N;
    const m = mean[j] as number;
    // scikit-learn's test for a constant feature (_is_constant_feature): the variance is rounding error
    const eps = Number.EPSILON;
    const constant = v <= N * eps * v + (N * m * eps) ** 2;
    return constant ? 1 : Math.sqrt(v);
  });
  return { mean: Array.from(mean), scale };
}

/** Standardizes the rows of X (N×D) where they lie. */
export function standardizeInPlace(s: Standardization, X: Float64Array, D: number): void {
  checkWidth(s, D);
  for (let i = 0; i < X.length; i += D) {
    for (let j = 0; j < D; j++) {
      X[i + j] = ((X[i + j] as number) - (s.mean[j] as number)) / (s.scale[j] as number);
    }
  }
}

/** A standardized copy of a data set (labels shared). */
export function applyStandardization(s: Standardization, data: Dataset): Dataset {
  const X = Float64Array.from(data.X);
  standardizeInPlace(s, X, data.nFeatures);
  return makeDataset(X, data.y, data.nFeatures);
}

function checkWidth(s: Standardization, D: number): void {
  if (s.mean.length !== D || s.scale.length !== D)
    throw new RangeError(`the standardization has ${s.mean.length} features, the data ${D}`);
}

/**
 * A standardization read back from a model file: `{ mean: [...], scale: [...] }` with one finite
 * number per feature, every scale above 0. Returns a sentence saying what is wrong instead.
 */
export function standardizationFrom(value: unknown, nFeatures: number): Standardization | string {
  if (typeof value !== 'object' || value === null) return 'must be an object {mean, scale}';
  const { mean, scale } = value as Record<string, unknown>;
  for (const [name, list] of [
    ['mean', mean],
    ['scale', scale],
  ] as const) {
    if (!Array.isArray(list) || list.length !== nFeatures)
      return `${name} must list ${nFeatures} numbers, one per feature`;
    const bad = list.findIndex(
      (x: unknown) => typeof x !== 'number' || !Number.isFinite(x) || (name === 'scale' && x <= 0),
    );
    if (bad !== -1)
      return `${name}[${bad}] must be a finite number${name === 'scale' ? ' above 0' : ''}, got ${JSON.stringify(list[bad])}`;
  }
  return { mean: mean as number[], scale: scale as number[] };
}
