import { describe, expect } from 'vitest';
import { generators } from '../../src/data/index.ts';
import { train, type TrainCallOptions } from '../../src/train.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';

// TensorFlow Playground's defaults: 500 points, noise 0, half of them for training; its page trains
// tanh networks with batches of 10. A small MLP on WebGPU must reach 97 % on the held-out half.
const SPLIT = { train: 0.5, test: 0.5, stratify: true, seed: 0 };
const SMALL: TrainCallOptions = {
  hidden: [8, 8],
  activation: 'tanh',
  optimizer: 'adam',
  lr: 0.03,
  batchSize: 10,
  epochs: 100,
  split: SPLIT,
};
// the spiral needs the Playground's extra inputs, as its page suggests, and more units
const SPIRAL: TrainCallOptions = {
  ...SMALL,
  hidden: [16, 16],
  features: ['x2', 'y2', 'xy', 'sinx', 'siny'],
  lr: 0.01,
  epochs: 200,
};

describe('a small MLP on WebGPU, on TensorFlow Playground-style data', () => {
  const gpu = useTestGpu();
  const cases = [
    ['make-moons', {}, SMALL],
    ['make-circles', { factor: 0.5 }, SMALL],
    ['xor', {}, SMALL],
    ['spiral', {}, SPIRAL],
  ] as const;
  for (const [name, extra, options] of cases) {
    testWithDevice(
      `${name}: at least 97 % test accuracy (${options.hidden?.join('-')} ${options.activation}, Adam, batch 10)`,
      gpu,
      async ({ context }) => {
        const data = generators[name]({ nSamples: 500, noise: 0, randomState: 1, ...extra });
        const result = await train(data, { ...options, context });
        expect(result.splitSizes).toEqual({ train: 250, validation: 0, test: 250 });
        const test = result.metrics.test;
        expect(test?.head === 'binary' ? test.accuracy : NaN).toBeGreaterThanOrEqual(0.97);
      },
      120_000,
    );
  }
});
