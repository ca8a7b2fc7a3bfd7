import { describe, expect, it } from 'vitest';
import { compareBits, compareClose } from '../../src/check/index.ts';

describe('compareClose: how far two series are, against a tolerance', () => {
  it('passes within the bound and reports the largest differences', () => {
    const a = compareClose([1, 2.000002, 4], [1, 2, 4.000001], { rtol: 2e-6, atol: 0 });
    expect(a.ok).toBe(true);
    expect(a.failures).toBe(0);
    expect(a.maxAbsDiff).toBeCloseTo(2e-6, 12);
    expect(a.maxRelDiff).toBeCloseTo(1e-6, 12);
    // 2e-6 of the bound 4e-6 at index 1; 1e-6 of 8e-6 at index 2
    expect(a.worstIndex).toBe(1);
    expect(a.worstRatio).toBeCloseTo(0.5, 6);
  });

  it('fails just past the bound, and counts each value outside it', () => {
    const a = compareClose([1.0000031, 2, 3.00001], [1, 2, 3], { rtol: 1e-6, atol: 2e-6 });
    expect(a.ok).toBe(false);
    expect(a.failures).toBe(2);
    expect(a.worstIndex).toBe(2);
    expect(a.worstRatio).toBeCloseTo(1e-5 / 5e-6, 3);
  });

  it('fails on NaN and on a length mismatch', () => {
    expect(compareClose([NaN], [1], { rtol: 1, atol: 1 }).ok).toBe(false);
    const short = compareClose([1], [1, 2], { rtol: 1, atol: 1 });
    expect(short.ok).toBe(false);
    expect(short.worstIndex).toBe(-1);
  });

  it('with no tolerance, only equal values pass', () => {
    expect(compareClose([0, 5], [0, 5], { rtol: 0, atol: 0 }).ok).toBe(true);
    expect(compareClose([0, 5], [0, 5 + 2 ** -50], { rtol: 0, atol: 0 }).ok).toBe(false);
  });
});

describe('compareBits: the same run twice', () => {
  it('says identical only for the same bits, and names the first difference', () => {
    const losses = Float32Array.of(0.5, 0.25, 0.125);
    expect(compareBits(losses, Float32Array.from(losses))).toEqual({
      identical: true,
      firstDifference: null,
    });
    const other = Float32Array.from(losses);
    other[1] = Math.fround(0.25 + 2 ** -24);
    expect(compareBits(losses, other)).toEqual({
      identical: false,
      firstDifference: { index: 1, a: 0.25, b: other[1] },
    });
  });

  it('tells -0 from 0, and a shorter run from a longer one', () => {
    expect(compareBits([0], [-0]).identical).toBe(false);
    expect(compareBits([1, 2], [1]).firstDifference?.index).toBe(1);
  });
});
