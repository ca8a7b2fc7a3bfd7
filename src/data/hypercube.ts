/**
 * scikit-learn's _generate_hypercube and the sample_without_replacement it uses:
 * distinct vertices of the unit hypercube, drawn in scikit-learn's order.
 */
import type { RandomState } from '../core/random_state.ts';

/** Above this many dimensions scikit-learn fills the extra columns with independent bits. */
const MAX_PACKED_DIMENSIONS = 30;

/**
 * scikit-learn's sample_without_replacement(n_population, n_samples, method='auto'):
 * a permutation prefix for mid-range ratios, else tracking selection or reservoir sampling.
 */
export function sampleWithoutReplacement(
  nPopulation: number,
  nSamples: number,
  rng: RandomState,
): number[] {
  if (nSamples > nPopulation) {
    throw new RangeError(`cannot sample ${nSamples} distinct values from ${nPopulation}`);
  }
  const ratio = nPopulation !== 0 ? nSamples / nPopulation : 1;
  if (ratio > 0.01 && ratio < 0.99)
    return Array.from(rng.permutation(nPopulation).subarray(0, nSamples));
  return ratio < 0.2
    ? trackingSelection(nPopulation, nSamples, rng)
    : reservoirSampling(nPopulation, nSamples, rng);
}

function trackingSelection(nPopulation: number, nSamples: number, rng: RandomState): number[] {
  const selected = new Set<number>();
  const out: number[] = [];
  for (let i = 0; i < nSamples; i++) {
    let j = rng.randint(nPopulation);
    while (selected.has(j)) j = rng.randint(nPopulation);
    selected.add(j);
    out.push(j);
  }
  return out;
}

function reservoirSampling(nPopulation: number, nSamples: number, rng: RandomState): number[] {
  const out = Array.from({ length: nSamples }, (_, i) => i);
  for (let i = nSamples; i < nPopulation; i++) {
    const j = rng.randint(0, i + 1);
    if (j < nSamples) out[j] = i;
  }
  return out;
}

/**
 * `samples` distinct vertices of the `dimensions`-cube as 0/1 rows (samples × dimensions,
 * row-major): each sampled integer's bits, most significant first.
 */
export function generateHypercube(
  samples: number,
  dimensions: number,
  rng: RandomState,
): Float64Array {
  if (dimensions > MAX_PACKED_DIMENSIONS) {
    const extra = dimensions - MAX_PACKED_DIMENSIONS;
    const left = rng.randintArray(samples * extra, 2); // drawn before the recursion, as np.hstack's list is built
    const right = generateHypercube(samples, MAX_PACKED_DIMENSIONS, rng);
    const out = new Float64Array(samples * dimensions);
    for (let i = 0; i < samples; i++) {
      out.set(left.subarray(i * extra, (i + 1) * extra), i * dimensions);
      out.set(
        right.subarray(i * MAX_PACKED_DIMENSIONS, (i + 1) * MAX_PACKED_DIMENSIONS),
        i * dimensions + extra,
      );
    }
    return out;
  }
  const vertices = sampleWithoutReplacement(2 ** dimensions, samples, rng);
  const out = new Float64Array(samples * dimensions);
  vertices.forEach((vertex, i) => {
    for (let j = 0; j < dimensions; j++)
      out[i * dimensions + j] = (vertex >>> (dimensions - 1 - j)) & 1;
  });
  return out;
}
