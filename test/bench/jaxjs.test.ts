import { describe, expect, it } from 'vitest';
import { runJaxjs } from '../../src/bench/jaxjs.ts';
import { BINARY_HEAD } from '../../src/core/spec.ts';
import { initialParams } from '../../src/core/init.ts';
import { makeClassification } from '../../src/data/index.ts';

// the budget of a jax-js run (bench --wide): it waits for the device every 32 steps and stops
// there once past the budget, with the steps it ran counted and their losses read
describe('jax-js on the wide benchmark', () => {
  it('stops at the first wait past its budget and projects the run from the steps it ran', async () => {
    const data = makeClassification({ nSamples: 200, nFeatures: 4, randomState: 1 });
    const spec = { inputs: 4, features: [], hidden: [8], activation: 'relu' as const };
    const run = await runJaxjs({
      device: 'wasm',
      data,
      hidden: spec.hidden,
      classes: 2,
      lr: 1e-3,
      batchSize: 4,
      // 50 steps an epoch, 100 in all
      epochs: 2,
      shuffleSeed: 0,
      initialParams: initialParams({ ...spec, ...BINARY_HEAD }, 0),
      budgetMs: 0,
    });
    expect(run.available).toBe(true);
    expect(run.stepsRun).toBe(32);
    expect(run.losses).toHaveLength(32);
    expect(run.losses.every(Number.isFinite)).toBe(true);
    // the 29 steps after the 3 that compile, at their rate, over the run's 100
    expect(run.projectedMs).toBeCloseTo((run.trainMs / 29) * 100, 6);
  }, 60_000);
});
