/**
 * scikit-learn 1.2.1's make_low_rank_matrix: U·diag(s)·Vᵀ for random orthonormal U and V (the
 * Q of a QR of Gaussian draws) and a bell-shaped singular profile with a fat tail.
 */
import type { RandomState } from '../core/random_state.ts';
import { thinQ } from './householder_qr.ts';

export interface LowRankShape {
  readonly nSamples: number;
  readonly nFeatures: number;
  /** about how many singular vectors explain most of the data */
  readonly effectiveRank: number;
  /** the share of the fat noisy tail in the singular profile, 0 … 1 */
  readonly tailStrength: number;
}

/**
 * The singular values: (1 - tail)·exp(-(k / rank)²) + tail·exp(-0.1·k / rank), k = 0 … n-1,
 * in numpy's order of operations.
 */
export function singularProfile(n: number, effectiveRank: number, tailStrength: number) {
  const s = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const ratio = k / effectiveRank;
    const lowRank = (1 - tailStrength) * Math.exp(-1.0 * (ratio * ratio));
    const tail = tailStrength * Math.exp((-0.1 * k) / effectiveRank);
    s[k] = lowRank + tail;
  }
  return s;
}

/**
 * X (nSamples × nFeatures, row-major) as `make_low_rank_matrix(..., random_state=rng)` returns
 * it: U's Gaussian draws first, then V's, from the same stream.
 */
export function lowRankMatrix(
  { nSamples: N, nFeatures: D, effectiveRank, tailStrength }: LowRankShape,
  rng: RandomState,
): Float64Array {
  const n = Math.min(N, D);
  const U = thinQ(rng.standardNormalArray(N * n), N, n);
  const V = thinQ(rng.standardNormalArray(D * n), D, n);
  const s = singularProfile(n, effectiveRank, tailStrength);
  // np.dot(np.dot(u, s), v.T): each column of U scaled by its singular value, then times Vᵀ
  const Us = U.map((u, i) => u * (s[i % n] as number));
  const X = new Float64Array(N * D);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < D; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += (Us[i * n + k] as number) * (V[j * n + k] as number);
      X[i * D + j] = sum;
    }
  }
  return X;
}
