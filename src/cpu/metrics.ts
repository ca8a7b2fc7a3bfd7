import type { Dataset } from '../data/index.ts';

/** The model's logit for sample i: w·x_i + b. */
export function logit(data: Dataset, params: ArrayLike<number>, i: number): number {
  const D = data.nFeatures;
  let z = 0;
  for (let k = 0; k < D; k++) z += (params[k] as number) * (data.X[i * D + k] as number);
  return z + (params[D] as number);
}

/** Fraction of samples whose predicted class (σ(z) ≥ 0.5, that is z ≥ 0) equals the label. */
export function accuracy(data: Dataset, params: ArrayLike<number>): number {
  if (data.nSamples === 0) return NaN;
  let correct = 0;
  for (let i = 0; i < data.nSamples; i++) {
    const predicted = logit(data, params, i) >= 0 ? 1 : 0;
    if (predicted === data.y[i]) correct++;
  }
  return correct / data.nSamples;
}
