import { describe, expect } from 'vitest';
import { train } from '../../src/train.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';
import { datasetReference, readDataset, splitOf, TRAINING } from './datasets_fixture.ts';

/**
 * The runs of test/data/datasets.test.ts and test/data/digits.test.ts on WebGPU (SwiftShader
 * here and in CI): the same floors, which hold whatever the schedule's order of sums.
 */
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

  // about 10 s on SwiftShader under load: 1350 steps of batch 32 on the wide schedule
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
