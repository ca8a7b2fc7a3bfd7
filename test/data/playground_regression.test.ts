import { describe, expect, it } from 'vitest';
import {
  regressGaussian,
  regressPlane,
  type Dataset,
  type PlaygroundOptions,
} from '../../src/data/index.ts';
import { expectParameterError } from './expect_parameter_error.ts';

/**
 * The Playground draws from Math.random, so there is no fixture to match; these tests check
 * what defines each set (TensorFlow Playground's src/dataset.ts, regressPlane and
 * regressGaussian) on the rows the generators make, without the generators' own formulas.
 */

function column(data: Dataset, j: number): number[] {
  return Array.from({ length: data.nSamples }, (_, i) => data.X[i * data.nFeatures + j] as number);
}

/** Least squares t ≈ a·x + b·y + c by the normal equations (Cramer's rule on the 3 × 3 system). */
function fitPlane(x: number[], y: number[], t: number[]): { a: number; b: number; c: number } {
  const s = (f: (i: number) => number) => x.reduce((sum, _, i) => sum + f(i), 0);
  const [xx, xy, x1, yy, y1, n] = [
    s((i) => x[i]! * x[i]!),
    s((i) => x[i]! * y[i]!),
    s((i) => x[i]!),
    s((i) => y[i]! * y[i]!),
    s((i) => y[i]!),
    x.length,
  ];
  const [xt, yt, t1] = [s((i) => x[i]! * t[i]!), s((i) => y[i]! * t[i]!), s((i) => t[i]!)];
  const det3 = (m: number[]) =>
    m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) -
    m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) +
    m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
  const A = [xx, xy, x1, xy, yy, y1, x1, y1, n];
  const d = det3(A);
  return {
    a: det3([xt, xy, x1, yt, yy, y1, t1, y1, n]) / d,
    b: det3([xx, xt, x1, xy, yt, y1, x1, t1, n]) / d,
    c: det3([xx, xy, xt, xy, yy, yt, x1, y1, t1]) / d,
  };
}

describe('regressPlane (TensorFlow Playground)', () => {
  it('without noise, the target is an exact affine function of the point: (x + y) / 10', () => {
    const data = regressPlane({ nSamples: 500, randomState: 1 });
    expect(data.y).toBeInstanceOf(Float64Array);
    const [x, y, t] = [column(data, 0), column(data, 1), Array.from(data.y)];
    const { a, b, c } = fitPlane(x, y, t);
    // a least-squares fit over 500 rows: rounding of sums of about 500 terms below 36
    expect(Math.abs(a - 0.1)).toBeLessThan(1e-12);
    expect(Math.abs(b - 0.1)).toBeLessThan(1e-12);
    expect(Math.abs(c)).toBeLessThan(1e-12);
    // every row on the plane: the targets are rounded once or twice, below 2 ulps of 1.2
    const residual = Math.max(...t.map((ti, i) => Math.abs(ti - (a * x[i]! + b * y[i]! + c))));
    expect(residual).toBeLessThan(1e-12);
  });

  it('spreads the points uniformly over the square ±6', () => {
    const data = regressPlane({ nSamples: 4000, randomState: 2 });
    for (const values of [column(data, 0), column(data, 1)]) {
      expect(Math.min(...values)).toBeGreaterThanOrEqual(-6);
      expect(Math.max(...values)).toBeLessThan(6);
      // 4000 uniform draws: the extremes lie within 0.05 of the edges (miss chance e^-16 each)
      expect(Math.min(...values)).toBeLessThan(-5.95);
      expect(Math.max(...values)).toBeGreaterThan(5.95);
      // a quarter of the points in each quarter of the range, within 5 standard deviations
      const share = values.filter((v) => v < -3).length / values.length;
      expect(Math.abs(share - 0.25)).toBeLessThan(5 * Math.sqrt((0.25 * 0.75) / values.length));
    }
  });

  it('noise moves the target by up to 1.2·noise and leaves the points where they are', () => {
    const noise = 0.3;
    const clean = regressPlane({ nSamples: 2000, randomState: 3 });
    const noisy = regressPlane({ nSamples: 2000, noise, randomState: 3 });
    expect(Array.from(noisy.X)).toEqual(Array.from(clean.X));
    // the point moves by up to 6·noise in x and in y; the target takes a tenth of the sum
    const bound = (2 * 6 * noise) / 10;
    const moved = Array.from(noisy.y, (t, i) => Math.abs(t - (clean.y[i] as number)));
    expect(Math.max(...moved)).toBeLessThanOrEqual(bound + 1e-12);
    // the sum of two uniform offsets reaches past 70 % of its bound 9 % of the time
    expect(moved.filter((m) => m > 0.7 * bound).length).toBeGreaterThan(0.05 * moved.length);
  });
});

/** The Playground's six centres and the sign of the bump on each (its dataset.ts). */
const CENTRES = [
  [-4, 2.5, 1],
  [0, 2.5, -1],
  [4, 2.5, 1],
  [-4, -2.5, -1],
  [0, -2.5, 1],
  [4, -2.5, -1],
] as const;

function nearestCentre(x: number, y: number): { distance: number; sign: number } {
  let best = { distance: Infinity, sign: 0 };
  for (const [cx, cy, sign] of CENTRES) {
    const distance = Math.hypot(x - cx, y - cy);
    if (distance < best.distance) best = { distance, sign };
  }
  return best;
}

describe('regressGaussian (TensorFlow Playground)', () => {
  const data = regressGaussian({ nSamples: 20_000, randomState: 4 });
  const rows = Array.from({ length: data.nSamples }, (_, i) => {
    const x = data.X[2 * i] as number;
    const y = data.X[2 * i + 1] as number;
    return { ...nearestCentre(x, y), target: data.y[i] as number };
  });

  it('is 0 two or more from every centre, and takes the sign of the nearest centre within 2', () => {
    expect(data.y).toBeInstanceOf(Float64Array);
    const far = rows.filter((r) => r.distance >= 2);
    const near = rows.filter((r) => r.distance < 2);
    // the six discs of radius 2 cover 6·4π of the 144 square units: about half the points
    expect(near.length).toBeGreaterThan(0.45 * rows.length);
    expect(far.every((r) => r.target === 0)).toBe(true);
    expect(near.every((r) => Math.sign(r.target) === r.sign)).toBe(true);
  });

  it('peaks at ±1 on each centre and falls linearly to half at distance 1', () => {
    for (const [cx, cy, sign] of CENTRES) {
      // the row nearest the centre: 20 000 points put one within about 0.1
      const around = rows.filter((r) => r.sign === sign);
      const closest = around.reduce((a, b) => (a.distance <= b.distance ? a : b));
      expect(closest.distance, `centre (${cx}, ${cy})`).toBeLessThan(0.15);
      expect(closest.target * sign, `centre (${cx}, ${cy})`).toBeGreaterThan(0.92);
    }
    const ring = rows.filter((r) => Math.abs(r.distance - 1) < 0.02);
    expect(ring.length).toBeGreaterThan(50);
    for (const r of ring) expect(Math.abs(Math.abs(r.target) - 0.5)).toBeLessThanOrEqual(0.01);
  });

  it('falls with the distance to the nearest centre, never above 1 in magnitude', () => {
    const byDistance = rows.filter((r) => r.distance < 2).sort((a, b) => a.distance - b.distance);
    const rises = byDistance.filter(
      (r, i) => i > 0 && Math.abs(r.target) > Math.abs(byDistance[i - 1]!.target),
    );
    expect(rises).toEqual([]);
    expect(Math.max(...byDistance.map((r) => Math.abs(r.target)))).toBeLessThanOrEqual(1);
  });

  it('noise leaves the points and moves each target by at most half the offset, 3·√2·noise', () => {
    const noise = 0.2;
    const clean = regressGaussian({ nSamples: 3000, randomState: 5 });
    const noisy = regressGaussian({ nSamples: 3000, noise, randomState: 5 });
    expect(Array.from(noisy.X)).toEqual(Array.from(clean.X));
    // the bumps are disjoint cones of slope 1/2, and the offset is at most 6·noise each way
    const bound = 0.5 * 6 * noise * Math.SQRT2;
    const moved = Array.from(noisy.y, (t, i) => Math.abs(t - (clean.y[i] as number)));
    expect(Math.max(...moved)).toBeLessThanOrEqual(bound + 1e-12);
    expect(moved.filter((m) => m > 0).length).toBeGreaterThan(0.4 * moved.length);
  });
});

describe('the Playground regression sets', () => {
  for (const [name, make] of [
    ['regress-plane', regressPlane],
    ['regress-gaussian', regressGaussian],
  ] as const) {
    it(`${name}: the same seed gives the same rows, another seed others, 200 by default`, () => {
      const a = make({ noise: 0.1, randomState: 9 });
      const b = make({ noise: 0.1, randomState: 9 });
      const c = make({ noise: 0.1, randomState: 10 });
      expect(a.nSamples).toBe(200);
      expect(a.nFeatures).toBe(2);
      expect(Array.from(b.X)).toEqual(Array.from(a.X));
      expect(Array.from(b.y)).toEqual(Array.from(a.y));
      expect(Array.from(c.X)).not.toEqual(Array.from(a.X));
    });

    it(`${name}: refuses noise above the Playground's 0.5 and unknown options`, () => {
      expectParameterError(
        () => make({ noise: 0.6 }),
        'noise',
        'noise must be a finite number in [0, 0.5], got 0.6',
      );
      expectParameterError(
        () => make({ centers: 3 } as PlaygroundOptions),
        'centers',
        /has no option "centers"/,
      );
    });
  }
});
