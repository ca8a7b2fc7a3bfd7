import type { Dataset } from '../data/index.ts';
import { predictProbabilities as predictWithSpec } from '../core/metrics.ts';
import type { ModelSpec } from './spec.ts';

/** σ(logit) of every sample for a spec whose inputs already count the extra features. */
export function predictProbabilities(
  spec: ModelSpec,
  params: ArrayLike<number>,
  data: Dataset,
): Float64Array {
  return predictWithSpec({ ...spec, features: [] }, params, data);
}
