/** How close two series must be: |actual − expected| ≤ atol + rtol·|expected| at every index. */
export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** How close two series came, measured against a tolerance. */
export interface Agreement extends Tolerance {
  readonly ok: boolean;
  readonly count: number;
  /** values outside the tolerance (NaN counts as outside) */
  readonly failures: number;
  readonly maxAbsDiff: number;
  /** the largest |a − e| / |e| over the pairs with e ≠ 0 */
  readonly maxRelDiff: number;
  /** the index that came nearest to its bound, or furthest past it; -1 for empty series */
  readonly worstIndex: number;
  /** |a − e| / bound at worstIndex: under 1 passes */
  readonly worstRatio: number;
}

/** Compares two series element by element; a length mismatch is a failure at index -1. */
export function compareClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Tolerance,
): Agreement {
  const count = expected.length;
  const result = {
    ...tolerance,
    count,
    failures: 0,
    maxAbsDiff: 0,
    maxRelDiff: 0,
    worstIndex: -1,
    worstRatio: 0,
  };
  if (actual.length !== count) {
    return { ...result, ok: false, failures: count, worstRatio: Infinity };
  }
  for (let i = 0; i < count; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    const diff = Math.abs(a - e);
    const bound = tolerance.atol + tolerance.rtol * Math.abs(e);
    const ratio = Number.isNaN(diff)
      ? Infinity
      : bound > 0
        ? diff / bound
        : diff > 0
          ? Infinity
          : 0;
    if (!(diff <= bound)) result.failures++;
    if (Number.isFinite(diff)) {
      result.maxAbsDiff = Math.max(result.maxAbsDiff, diff);
      if (e !== 0) result.maxRelDiff = Math.max(result.maxRelDiff, diff / Math.abs(e));
    }
    if (result.worstIndex < 0 || ratio > result.worstRatio) {
      result.worstIndex = i;
      result.worstRatio = ratio;
    }
  }
  return { ...result, ok: result.failures === 0 };
}

/** Whether two runs gave the same bits, and where they first differ. */
export interface BitsAgreement {
  readonly identical: boolean;
  readonly firstDifference: {
    readonly index: number;
    readonly a: number;
    readonly b: number;
  } | null;
}

/**
 * Compares two series bit for bit: an f32 widens to a number exactly, and Object.is tells -0 from 0
 * (NaN equals NaN here: a run that diverged fails its tolerance check instead).
 */
export function compareBits(a: ArrayLike<number>, b: ArrayLike<number>): BitsAgreement {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined || !Object.is(x, y)) {
      return { identical: false, firstDifference: { index: i, a: x ?? NaN, b: y ?? NaN } };
    }
  }
  return { identical: true, firstDifference: null };
}
