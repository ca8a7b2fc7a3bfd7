import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/api/resolve.ts';
import { makeDataset } from '../../src/data/index.ts';
import { train } from '../../src/train.ts';

/** Rows on very different scales: feature 0 around 1e4, feature 1 around 1e-3. */
function skewed(n: number, shift = 0) {
  const X = new Float64Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    X[2 * i] = 1e4 + 300 * Math.sin(i) + shift;
    X[2 * i + 1] = 1e-3 * Math.cos(3 * i);
    y[i] = i % 2;
  }
  return makeDataset(X, y, 2);
}

describe('standardization in the one engine', () => {
  it('fits on the training split only: its rows come out with mean 0 and spread 1, whatever the other splits hold', () => {
    const split = { train: 0.6, validation: 0.2, test: 0.2, seed: 3 };
    const a = resolveOptions(skewed(200), { standardize: true, split });
    const { X, nSamples: n } = a.data.train;
    for (let j = 0; j < 2; j++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += X[2 * i + j] as number;
      mean /= n;
      let variance = 0;
      for (let i = 0; i < n; i++) variance += ((X[2 * i + j] as number) - mean) ** 2;
      expect(Math.abs(mean)).toBeLessThan(1e-12);
      expect(Math.abs(Math.sqrt(variance / n) - 1)).toBeLessThan(1e-12);
    }
    expect(a.standardization).not.toBeNull();
  });

  it('a standardized run keeps its z-score in the model, and the run without one has none', async () => {
    const data = skewed(100);
    const withZ = await train(data, { backend: 'cpu', standardize: true, epochs: 5 });
    const without = await train(data, { backend: 'cpu', epochs: 5 });
    expect(withZ.model.standardization?.mean.length).toBe(2);
    expect(without.model.standardization).toBeUndefined();
    // from the same initial params, raw features put logits in the thousands; standardized ones near 0
    expect(without.stepLosses[0]).toBeGreaterThan(100);
    expect(withZ.stepLosses[0]).toBeLessThan(2);
  });
});

describe('a given standardization', () => {
  it("is applied as it is (a loaded model's), not fitted again, and must match the data's width", () => {
    const given = { mean: [1e4, 0], scale: [100, 1e-3] };
    const r = resolveOptions(skewed(50), { standardization: given });
    expect(r.standardization).toBe(given);
    const row0 = skewed(50).X;
    expect(r.data.train.X[0]).toBeCloseTo(((row0[0] as number) - 1e4) / 100, 12);
    expect(() =>
      resolveOptions(skewed(50), { standardization: { mean: [0], scale: [1] } }),
    ).toThrow(/features/);
  });
});
