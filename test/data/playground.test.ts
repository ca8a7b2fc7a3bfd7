import { describe, expect, it } from 'vitest';
import { RandomState, spiral, xor } from '../../src/data/index.ts';
import { expectParameterError } from './expect_parameter_error.ts';

/**
 * The Playground draws from Math.random, so there is no fixture to match; these tests
 * replay its dataset.ts formulas with RandomState draws and check the shapes they make.
 */
describe('xor (TensorFlow Playground)', () => {
  it('replays the Playground formula draw by draw, storing the clean point', () => {
    const noise = 0.3;
    const data = xor({ nSamples: 50, noise, randomState: 4 });
    const rng = new RandomState(4);
    for (let i = 0; i < 50; i++) {
      let x = rng.uniform(-5, 5);
      x += x > 0 ? 0.3 : -0.3;
      let y = rng.uniform(-5, 5);
      y += y > 0 ? 0.3 : -0.3;
      const noiseX = rng.uniform(-5, 5) * noise;
      const noiseY = rng.uniform(-5, 5) * noise;
      expect([data.X[2 * i], data.X[2 * i + 1]]).toEqual([x, y]);
      expect(data.y[i]).toBe((x + noiseX) * (y + noiseY) >= 0 ? 1 : 0);
    }
  });

  it('without noise, labels by quadrant and keeps points 0.3 off the axes', () => {
    const data = xor({ nSamples: 500, randomState: 1 });
    expect(data.nSamples).toBe(500);
    expect(data.nFeatures).toBe(2);
    for (let i = 0; i < 500; i++) {
      const x = data.X[2 * i]!;
      const y = data.X[2 * i + 1]!;
      expect(Math.abs(x)).toBeGreaterThanOrEqual(0.3);
      expect(Math.abs(x)).toBeLessThanOrEqual(5.3);
      expect(Math.abs(y)).toBeGreaterThanOrEqual(0.3);
      expect(data.y[i]).toBe(x * y >= 0 ? 1 : 0);
    }
  });

  it('defaults to 200 samples and is the same for the same seed', () => {
    expect(Array.from(xor({ randomState: 9 }).X)).toEqual(Array.from(xor({ randomState: 9 }).X));
    expect(xor({ randomState: 9 }).nSamples).toBe(200);
  });
});

describe('spiral (TensorFlow Playground)', () => {
  it('without noise, puts point i of each arm at radius 5i/n, angle 3.5πi/n (+π for label 0)', () => {
    const data = spiral({ nSamples: 200, randomState: 0 });
    const n = 100;
    for (let i = 0; i < n; i++) {
      for (const [row, deltaT, label] of [
        [i, 0, 1],
        [n + i, Math.PI, 0],
      ] as const) {
        const r = (i / n) * 5;
        const t = ((1.75 * i) / n) * 2 * Math.PI + deltaT;
        // the noise term uniform(-1, 1) * 0 is ±0; adding +0 folds -0 into 0 on both sides
        expect(data.X[2 * row]! + 0).toBe(r * Math.sin(t) + 0);
        expect(data.X[2 * row + 1]! + 0).toBe(r * Math.cos(t) + 0);
        expect(data.y[row]).toBe(label);
      }
    }
  });

  it('replays the Playground formula with noise, x draw before y draw', () => {
    const noise = 0.5;
    const data = spiral({ nSamples: 6, noise, randomState: 2 });
    const rng = new RandomState(2);
    const n = 3;
    for (let row = 0; row < 6; row++) {
      const i = row % n;
      const t = ((1.75 * i) / n) * 2 * Math.PI + (row < n ? 0 : Math.PI);
      const r = (i / n) * 5;
      expect(data.X[2 * row]).toBe(r * Math.sin(t) + rng.uniform(-1, 1) * noise);
      expect(data.X[2 * row + 1]).toBe(r * Math.cos(t) + rng.uniform(-1, 1) * noise);
    }
  });

  it('gives the first arm the extra point when N is odd, on the same curve', () => {
    const odd = spiral({ nSamples: 7, randomState: 0 });
    expect(Array.from(odd.y)).toEqual([1, 1, 1, 1, 0, 0, 0]);
    // the curve uses n = N / 2 = 3.5 for both arms: point 3 of arm 1 sits at radius 5·3/3.5
    expect(Math.hypot(odd.X[6]!, odd.X[7]!)).toBeCloseTo((3 / 3.5) * 5, 12);
  });

  it('handles a single sample', () => {
    const one = spiral({ nSamples: 1, randomState: 0 });
    expect(Array.from(one.y)).toEqual([1]);
    expect(Array.from(one.X)).toEqual([0, 0]);
  });
});

describe('xor and spiral refuse bad parameters', () => {
  for (const [name, make] of [
    ['xor', xor],
    ['spiral', spiral],
  ] as const) {
    it(`${name}: noise outside 0 … 0.5, n_samples < 1, unknown option`, () => {
      expectParameterError(
        () => make({ noise: 0.6 }),
        'noise',
        'noise must be a finite number in [0, 0.5], got 0.6',
      );
      expectParameterError(
        () => make({ noise: -0.1 }),
        'noise',
        'noise must be a finite number in [0, 0.5], got -0.1',
      );
      expectParameterError(
        () => make({ nSamples: 0 }),
        'n_samples',
        'n_samples must be an integer >= 1, got 0',
      );
      expectParameterError(
        () => make({ factor: 1 } as Record<string, unknown>),
        'factor',
        `${name} has no option "factor" (it takes nSamples, noise, randomState)`,
      );
    });
  }
});
