import { describe, expect, it } from 'vitest';
import { resolveOptions, type TrainOptions } from '../../src/api/resolve.ts';
import { makeBlobs, makeClassification, type Dataset } from '../../src/data/index.ts';
import { trainReference } from '../../src/reference/train.ts';
import { train } from '../../src/train.ts';

/** The worst relative distance of a's losses from b's. */
const worst = (a: ArrayLike<number>, b: ArrayLike<number>): number =>
  Array.from(a).reduce((w, x, i) => Math.max(w, Math.abs(x - b[i]!) / Math.abs(b[i]!)), 0);

// The CPU backend sums a long batch in blocks of 128 and fixed trees (CPU_BACKEND in
// src/core/reduction.ts), not in one sequence. Measured here: the tutorial on 200 000 rows, 5 steps,
// float32 in one sequence ends 1.2e-5 from float64 (each add rounds against a growing total);
// in blocks, 6.5e-8. The bound, 5e-7, holds the blocked order with room and fails the sequential one.
const FROM_F64 = 5e-7;

describe("the CPU backend's float32 sums over long batches", () => {
  const cases: [string, () => Dataset, TrainOptions][] = [
    [
      'the tutorial, 200 000 rows, full batch',
      () =>
        makeClassification({
          nSamples: 200_000,
          nFeatures: 2,
          nRedundant: 0,
          nClustersPerClass: 1,
          randomState: 0,
        }),
      { epochs: 5 },
    ],
    [
      'a 3-class softmax, 100 000 rows, full batch',
      () => makeBlobs({ nSamples: 100_000, nFeatures: 2, centers: 3, randomState: 1 }),
      { epochs: 3, lr: 0.05 },
    ],
    [
      'a regression, 100 000 rows, full batch',
      () => {
        const blobs = makeBlobs({ nSamples: 100_000, nFeatures: 2, centers: 2, randomState: 2 });
        return { ...blobs, y: Float64Array.from(blobs.y, (c, i) => c + 0.1 * blobs.X[2 * i]!) };
      },
      { epochs: 3, lr: 0.01 },
    ],
  ];
  for (const [name, data, options] of cases) {
    it(`${name}: float32 within ${FROM_F64} of float64 at every step`, async () => {
      const d = data();
      const f32 = await train(d, { ...options, backend: 'cpu', precision: 'f32' });
      const { run, data: parts } = resolveOptions(d, options);
      const f64 = trainReference(run, parts, { precision: 'f64' });
      expect(worst(f32.stepLosses, f64.stepLosses)).toBeLessThan(FROM_F64);
    });
  }
});
