import { describe, expect, it } from 'vitest';
import { RunControl } from '../../src/core/control.ts';
import { makeDataset, makeMoons } from '../../src/data/index.ts';
import { crossChecks } from '../../src/page/cross_checks.ts';
import { plannedSteps, trainRowsOf } from '../../src/page/estimate.ts';
import { DEFAULT_STATE } from '../../src/page/fields.ts';
import { train } from '../../src/train.ts';

describe('checks across fields, before a run', () => {
  it("puts a run past the engine's step limit at Epochs, and says how many steps it would be", () => {
    const spiral = makeDataset(new Float64Array(200_000), new Int32Array(100_000), 2);
    const errors = crossChecks({ ...DEFAULT_STATE, batch: 1, epochs: 1000 }, spiral);
    expect(errors.epochs).toBe(
      '1 000 epochs of 100 000 steps are 100 000 000 steps; a run takes at most 10 000 000: lower Epochs or raise Batch size',
    );
    // exactly at the limit: 100 epochs of 100 000 steps
    expect(crossChecks({ ...DEFAULT_STATE, batch: 1, epochs: 100 }, spiral)).toEqual({});
  });

  it('puts early stopping without a validation split at Patience, and extra inputs on 3-D data at Extra inputs', () => {
    const threeD = makeDataset(new Float64Array(30), new Int32Array(10), 3);
    const errors = crossChecks({ ...DEFAULT_STATE, patience: 5, features: ['x2'] }, threeD);
    expect(Object.keys(errors).sort()).toEqual(['features', 'patience']);
    expect(crossChecks({ ...DEFAULT_STATE, patience: 5, split: [0.6, 0.2, 0.2] }, null)).toEqual(
      {},
    );
  });

  it("plans the steps train() takes, within one step an epoch where a split's rounding differs", async () => {
    const data = makeMoons({ nSamples: 1037, noise: 0.1, randomState: 1 });
    for (const split of [
      [1, 0, 0],
      [0.6, 0.2, 0.2],
      [0.7, 0, 0.3],
      [0.33, 0.33, 0.34],
    ])
      for (const batch of [null, 1, 10, 64, 5000]) {
        const epochs = 7;
        const [trainShare = 1, validation = 0, test = 0] = split;
        // the engine's own count: train() on the CPU, finished before its first step
        const control = new RunControl();
        control.finish();
        const { totalSteps: engine } = await train(data, {
          backend: 'cpu',
          control,
          epochs,
          ...(batch === null ? {} : { batchSize: batch }),
          ...(trainShare === 1
            ? {}
            : { split: { train: trainShare, validation, test, stratify: true } }),
        });
        const planned = plannedSteps(trainRowsOf(data.nSamples, split), batch, epochs);
        // with no split there is no rounding to differ by: the same count
        const slack = trainShare === 1 ? 0 : epochs;
        expect(Math.abs(planned - engine), `${split.join(',')} batch ${batch}`).toBeLessThanOrEqual(
          slack,
        );
      }
  });
});
