import { describe, expect, it } from 'vitest';
import { train } from '../../src/train.ts';
import { readDataset, splitOf, TRAINING } from './datasets_fixture.ts';

/**
 * scikit-learn's digits (1797 rows of 8 × 8 pixels, 10 classes) as the target sets it:
 * 64-32-10 relu, Adam lr 1e-3, batch 32, 30 epochs (1350 steps), stratified 80 / 20. On the CPU
 * reference here (about 5 s); test/data/datasets_webgpu.test.ts runs it on WebGPU.
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
    if (test?.head !== 'multiclass') return;
    expect(test.accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
