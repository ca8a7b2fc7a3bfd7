import { describe, expect, it } from 'vitest';
import { train } from '../../src/train.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';
import { datasetReference, readDataset, splitOf, TRAINING } from './datasets_fixture.ts';

/**
 * The slower runs on the data sets: test/data/datasets.test.ts's on WebGPU (SwiftShader here and
 * in CI), with the same floors, which hold whatever the schedule's order of sums, and digits on
 * both backends. Through test/helpers/gpu.ts, so in the gpu tier: digits alone is about 10 s on
 * the CPU reference and 3.5 s on SwiftShader.
 */

/**
 * scikit-learn's digits (1797 rows of 8 × 8 pixels, 10 classes) as the target sets it:
 * 64-32-10 relu, Adam lr 1e-3, batch 32, 30 epochs (1350 steps), stratified 80 / 20.
 */
describe('digits on the CPU reference', () => {
  it('reaches at least 95 % test accuracy (scikit-learn: LogisticRegression 96.9 %)', async () => {
    const { dataset } = readDataset('digits');
    const result = await train(dataset, {
      ...TRAINING.digits,
      backend: 'cpu',
      split: splitOf('digits'),
    });
    expect(result.model.outputs).toBe(10);
    expect(result.splitSizes).toEqual({ train: 1438, validation: 0, test: 359 });
    expect(result.totalSteps).toBe(30 * Math.ceil(1438 / 32));
    const test = result.metrics.test;
    expect(test?.head).toBe('multiclass');
    expect(test?.head === 'multiclass' ? test.accuracy : null).toBeGreaterThanOrEqual(0.95);
  });
});

describe('training on the data sets on WebGPU', () => {
  const gpu = useTestGpu();

  for (const name of ['iris', 'wine'] as const) {
    testWithDevice(`${name}: at least 90 % test accuracy`, gpu, async ({ context }) => {
      const { dataset } = readDataset(name);
      const result = await train(dataset, {
        ...TRAINING[name],
        backend: 'webgpu',
        context,
        split: splitOf(name),
      });
      expect(result.model.outputs).toBe(3);
      const test = result.metrics.test;
      expect(test?.head === 'multiclass' ? test.accuracy : null).toBeGreaterThanOrEqual(0.9);
    });
  }

  testWithDevice(
    "diabetes: a linear model's test R² within 0.05 of LinearRegression's",
    gpu,
    async ({ context }) => {
      const { dataset } = readDataset('diabetes');
      const reference = datasetReference('diabetes').linearRegression?.testR2 ?? Infinity;
      const result = await train(dataset, {
        ...TRAINING.diabetes,
        backend: 'webgpu',
        context,
        split: splitOf('diabetes'),
      });
      const test = result.metrics.test;
      expect(test?.head === 'regression' ? test.r2 : null).toBeGreaterThan(reference - 0.05);
    },
  );

  // 1350 steps of batch 32 on the wide schedule: about 3.5 s on SwiftShader under load 9
  testWithDevice(
    'digits, 64-32-10 relu: at least 95 % test accuracy',
    gpu,
    async ({ context }) => {
      const { dataset } = readDataset('digits');
      const result = await train(dataset, {
        ...TRAINING.digits,
        backend: 'webgpu',
        context,
        split: splitOf('digits'),
      });
      expect(result.model.outputs).toBe(10);
      const test = result.metrics.test;
      expect(test?.head === 'multiclass' ? test.accuracy : null).toBeGreaterThanOrEqual(0.95);
    },
    120_000,
  );
});
