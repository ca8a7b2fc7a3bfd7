import { expect } from 'vitest';
import { compareClose } from '../../src/check/compare.ts';

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
 * Asserts |actual[i] - expected[i]| <= atol + rtol * |expected[i]| for every i (NaN fails), as
 * `webgpu-train check` measures it (src/check/compare.ts). On failure it names the worst index,
 * the largest difference and the first pairs that fail.
 */
export function checkClose(
  actual: Numbers | number,
  expected: Numbers | number,
  opts: CloseOptions,
): void {
  const a = typeof actual === 'number' ? [actual] : actual;
  const e = typeof expected === 'number' ? [expected] : expected;
  expect(a.length, `${opts.label}: length`).toBe(e.length);
  const agreement = compareClose(a, e, opts);
  if (agreement.ok) return;
  const failures: string[] = [];
  for (let i = 0; i < e.length && failures.length < 5; i++) {
    const [ai, ei] = [a[i] as number, e[i] as number];
    const diff = Math.abs(ai - ei);
    if (!(diff <= opts.atol + opts.rtol * Math.abs(ei)))
      failures.push(`  [${i}] actual ${ai} expected ${ei} diff ${diff}`);
  }
  expect.fail(
    `${opts.label}: ${agreement.failures} of ${e.length} values outside atol=${opts.atol} rtol=${opts.rtol}; ` +
      `worst index ${agreement.worstIndex} (${agreement.worstRatio.toPrecision(3)}× the bound), max |diff| ${agreement.maxAbsDiff}\n` +
      failures.join('\n'),
  );
}
