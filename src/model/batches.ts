import { RandomState } from '../data/index.ts';

/**
 * The rows of every step of every epoch. Full batch (B ≥ N): every step takes rows 0…N−1 in order,
 * as the tutorial does. Mini-batches: each epoch draws a permutation of 0…N−1 from one RandomState
 * seeded once, and takes B rows at a time; the last batch of an epoch may be shorter.
 */
export function epochBatches(
  N: number,
  batchSize: number,
  epochs: number,
  seed: number,
): Int32Array[][] {
  const B = Math.min(batchSize, N);
  const all = Int32Array.from({ length: N }, (_, i) => i);
  if (B === N) return Array.from({ length: epochs }, () => [all]);
  const rng = new RandomState(seed);
  const out: Int32Array[][] = [];
  for (let e = 0; e < epochs; e++) {
    const order = rng.permutation(N);
    const batches: Int32Array[] = [];
    for (let start = 0; start < N; start += B)
      batches.push(order.slice(start, Math.min(N, start + B)));
    out.push(batches);
  }
  return out;
}

/** Steps in one epoch: ⌈N / B⌉. */
export function stepsPerEpoch(N: number, batchSize: number): number {
  return Math.ceil(N / Math.min(batchSize, N));
}
