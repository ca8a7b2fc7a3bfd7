import { expect } from 'vitest';

export interface CloseOptions {
  /** relative tolerance, scaled by |expected| */
  rtol: number;
  /** absolute tolerance */
  atol: number;
  /** what is being compared, printed on failure */
  label: string;
}

type Numbers = ArrayLike<number>;

/**
 * Asserts |actual[i] - expected[i]| <= atol + rtol * |expected[i]| for every i.
 * On failure it names the worst index, the largest difference and the first pairs that fail.
 */
export function checkClose(
  actual: Numbers | number,
  expected: Numbers | number,
  opts: CloseOptions,
): void {
  const a = typeof actual === 'number' ? [actual] : actual;
  const e = typeof expected === 'number' ? [expected] : expected;
  expect(a.length, `${opts.label}: length`).toBe(e.length);
  let worst = -1;
  let worstExcess = 0;
  let maxAbsDiff = 0;
  let failCount = 0;
  const failures: string[] = [];
  for (let i = 0; i < e.length; i++) {
    const ai = a[i] as number;
    const ei = e[i] as number;
    const diff = Math.abs(ai - ei);
    const bound = opts.atol + opts.rtol * Math.abs(ei);
    const bad = !(diff <= bound); // NaN fails too
    if (Number.isFinite(diff)) maxAbsDiff = Math.max(maxAbsDiff, diff);
    if (bad) {
      failCount++;
      const excess = Number.isFinite(diff) ? diff / bound : Infinity;
      if (worst < 0 || excess > worstExcess) {
        worst = i;
        worstExcess = excess;
      }
      if (failures.length < 5) failures.push(`  [${i}] actual ${ai} expected ${ei} diff ${diff}`);
    }
  }
  if (worst >= 0) {
    const message =
      `${opts.label}: ${failCount} of ${e.length} values outside atol=${opts.atol} rtol=${opts.rtol}; ` +
      `worst index ${worst} (${worstExcess.toPrecision(3)}× the bound), max |diff| ${maxAbsDiff}\n` +
      failures.join('\n');
    expect.fail(message);
  }
}

/** Largest relative difference |a-e|/|e| over all pairs (for measuring tolerances). */
export function maxRelDiff(actual: Numbers, expected: Numbers): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    worst = Math.max(worst, Math.abs((actual[i] as number) - e) / Math.abs(e));
  }
  return worst;
}
