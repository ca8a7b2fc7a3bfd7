import { BINARY_HEAD } from '../../src/core/spec.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTfjsFit } from '../../src/bench/index.ts';
import { initialParams } from '../../src/core/init.ts';
import { makeMoons } from '../../src/data/index.ts';
import { installNodeWebGpu } from '../../src/node/index.ts';
import { train } from '../../src/train.ts';

// a benchmark is not a test: this checks that TensorFlow.js's model.fit builds the same MLP from
// webgpu-train's initial params (its loss on the rows before training is ours, computed its own
// way), and that it trains the epochs asked for
describe("TensorFlow.js's model.fit on webgpu-train's MLP", () => {
  beforeAll(async () => {
    await installNodeWebGpu();
  });

  it('starts from the same weights and runs every epoch within its budget', async () => {
    const data = makeMoons({ nSamples: 60, noise: 0.1, randomState: 0 });
    const spec = {
      inputs: 2,
      features: [],
      hidden: [4, 3],
      activation: 'tanh' as const,
      ...BINARY_HEAD,
    };
    const params = initialParams(spec, 5);
    const before = await train(data, {
      hidden: spec.hidden,
      activation: spec.activation,
      backend: 'cpu',
      precision: 'f64',
      epochs: 1,
      initialParams: params,
    });
    const fit = await runTfjsFit({
      backend: 'cpu',
      data,
      hidden: spec.hidden,
      activation: 'tanh',
      classes: 2,
      lr: 0.03,
      batchSize: 10,
      epochs: 3,
      shuffleSeed: 0,
      initialParams: params,
      budgetMs: 60_000,
    });
    // TensorFlow.js: σ then logs with an ε of 1e-7, in f32
    expect(Math.abs(fit.initialLoss - before.stepLosses[0]!) / before.stepLosses[0]!).toBeLessThan(
      1e-5,
    );
    expect(fit).toMatchObject({ epochsRun: 3, stepsRun: 18 });
    expect(fit.epochLosses).toHaveLength(3);
    for (const loss of fit.epochLosses) expect(Number.isFinite(loss)).toBe(true);
  }, 60_000);

  it('stops after the batch that passes its budget, with no loss for an epoch cut short', async () => {
    const data = makeMoons({ nSamples: 60, noise: 0.1, randomState: 0 });
    const params = initialParams(
      { inputs: 2, features: [], hidden: [4], activation: 'tanh', ...BINARY_HEAD },
      5,
    );
    const fit = await runTfjsFit({
      backend: 'cpu',
      data,
      hidden: [4],
      activation: 'tanh',
      classes: 2,
      lr: 0.03,
      batchSize: 10,
      epochs: 3,
      shuffleSeed: 0,
      initialParams: params,
      // past at the first batch's end
      budgetMs: 0,
    });
    expect(fit).toMatchObject({ epochsRun: 0, stepsRun: 1, epochLosses: [] });
    expect(fit.projectedMs).toBeCloseTo(fit.msPerStep * 18, 6);
  }, 60_000);
});
