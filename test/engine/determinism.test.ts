import { describe, expect } from 'vitest';
import { makeMoons } from '../../src/data/index.ts';
import { train, type TrainCallOptions } from '../../src/train.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';

// Every sum runs in a fixed order (per-thread in order, then a fixed tree; no float atomics),
// so the same input gives the same bits, whichever schedule runs and however it is segmented.
describe('the same run twice gives the same bits', () => {
  const gpu = useTestGpu();
  const data = makeMoons({ nSamples: 3000, noise: 0.2, randomState: 8 });
  const runs: [string, TrainCallOptions][] = [
    ['the tutorial, full batch', { epochs: 40 }],
    [
      'an MLP with mini-batches, split and early stopping',
      {
        hidden: [6, 6],
        optimizer: 'adam',
        lr: 0.02,
        batchSize: 64,
        epochs: 6,
        split: { train: 0.6, validation: 0.2, test: 0.2, seed: 2 },
        patience: 3,
      },
    ],
  ];
  for (const [name, options] of runs) {
    for (const schedule of ['fused', 'layered', 'wide'] as const) {
      testWithDevice(`${name}, ${schedule}; a watched run too`, gpu, async ({ context }) => {
        const first = await train(data, { ...options, schedule, context });
        const again = await train(data, { ...options, schedule, context });
        const watched = await train(data, {
          ...options,
          schedule,
          context,
          onProgress: () => undefined,
        });
        for (const other of [again, watched]) {
          expect(Array.from(other.stepLosses)).toEqual(Array.from(first.stepLosses));
          expect(Array.from(other.params)).toEqual(Array.from(first.params));
          expect(Array.from(other.epochLosses.validation)).toEqual(
            Array.from(first.epochLosses.validation),
          );
        }
        expect(first.run.schedule).toBe(schedule);
      });
    }
  }
});
