import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyStandardization,
  fitStandardization,
  makeDataset,
  standardizationFrom,
  standardizeInPlace,
  type Dataset,
} from '../../src/data/index.ts';

const datasets = fc.integer({ min: 1, max: 5 }).chain((D) =>
  fc
    .array(
      fc.array(
        // magnitudes whose squares do not underflow, as features have
        fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => (Math.abs(x) < 1e-100 ? 0 : x)),
        { minLength: D, maxLength: D },
      ),
      { minLength: 2, maxLength: 40 },
    )
    .map((rows) => makeDataset(Float64Array.from(rows.flat()), new Int32Array(rows.length), D)),
);

function column(data: Dataset, j: number): number[] {
  return Array.from({ length: data.nSamples }, (_, i) => data.X[i * data.nFeatures + j]!);
}

function meanAndSd(values: number[]): [number, number] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return [mean, Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length)];
}

describe('standardization', () => {
  it('gives every feature of the rows it was fitted on mean 0 and standard deviation 1, or leaves a constant one centred (fast-check)', () => {
    fc.assert(
      fc.property(datasets, (data) => {
        const s = fitStandardization(data);
        const z = applyStandardization(s, data);
        for (let j = 0; j < data.nFeatures; j++) {
          const raw = column(data, j);
          const [rawMean, rawSd] = meanAndSd(raw);
          const [mean, sd] = meanAndSd(column(z, j));
          // A float64 mean of N values is off by up to about N·eps·max|x| (summation's rounding),
          // and no float64 number may lie nearer: where the spread is a few ulps of the values
          // (1e6 ± 5e-10), that error is a visible fraction of the spread, for scikit-learn as here.
          const centring =
            (4 * data.nSamples * Number.EPSILON * Math.max(...raw.map(Math.abs))) / s.scale[j]!;
          expect(Math.abs(mean)).toBeLessThan(1e-9 + centring);
          if (s.scale[j] === 1 && Math.abs(rawSd - 1) > 1e-12) {
            // taken as constant: its spread is rounding error next to its size
            expect(rawSd).toBeLessThan(1e-7 * Math.max(1, Math.abs(rawMean)));
          } else {
            expect(Math.abs(sd - 1)).toBeLessThan(1e-9 + centring);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('centres a feature whose spread is a few ulps of its size as closely as float64 allows', () => {
    // two values 9 ulps apart near 1e6 (a case property testing found): their mean lies between two
    // float64 numbers, so the centred pair cannot be exactly opposite: the mean lands within an ulp, the pair within two
    const data = makeDataset(
      Float64Array.from([999999.998140789, 0, 999999.99814079, 0]),
      new Int32Array(2),
      2,
    );
    const s = fitStandardization(data);
    const ulp = 2 ** -33; // spacing of float64 numbers in [2^19, 2^20)
    expect(Math.abs(s.mean[0]! - (999999.998140789 + 999999.99814079) / 2)).toBeLessThanOrEqual(
      ulp,
    );
    expect(s.scale[0]).toBeGreaterThan(4 * ulp);
    expect(s.scale[0]).toBeLessThan(5 * ulp);
    const z = applyStandardization(s, data);
    expect(Math.abs(z.X[0]! + z.X[2]!)).toBeLessThanOrEqual((2 * ulp) / s.scale[0]!);
  });

  it("treats a feature whose variance is rounding error as constant, by scikit-learn's rule (scale 1)", () => {
    const data = makeDataset(Float64Array.from([5, 1, 5, 2, 5, 3]), new Int32Array(3), 2);
    const s = fitStandardization(data);
    expect(s.mean).toEqual([5, 2]);
    expect(s.scale[0]).toBe(1);
    expect(s.scale[1]).toBeCloseTo(Math.sqrt(2 / 3), 15);
  });

  it('applies in place as it applies to a copy, and leaves the original alone', () => {
    const data = makeDataset(Float64Array.from([1, 10, 2, 20, 4, 40]), new Int32Array(3), 2);
    const s = fitStandardization(data);
    const copy = applyStandardization(s, data);
    expect(Array.from(data.X)).toEqual([1, 10, 2, 20, 4, 40]);
    const X = Float64Array.from(data.X);
    standardizeInPlace(s, X, 2);
    expect(Array.from(X)).toEqual(Array.from(copy.X));
    expect(() => standardizeInPlace(s, X, 3)).toThrow(/has 2 features, the data 3/);
  });

  it('reads back from JSON, refusing a wrong shape or a scale that is not above 0', () => {
    const s = { mean: [1, -2.5], scale: [0.5, 3] };
    expect(standardizationFrom(JSON.parse(JSON.stringify(s)), 2)).toEqual(s);
    expect(standardizationFrom(s, 3)).toBe('mean must list 3 numbers, one per feature');
    expect(standardizationFrom({ mean: [1, 2], scale: [1, 0] }, 2)).toBe(
      'scale[1] must be a finite number above 0, got 0',
    );
    expect(standardizationFrom({ mean: [1, null], scale: [1, 1] }, 2)).toBe(
      'mean[1] must be a finite number, got null',
    );
    expect(standardizationFrom('z', 2)).toBe('must be an object {mean, scale}');
  });
});
