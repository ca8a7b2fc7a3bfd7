import { beforeAll, describe, expect, it } from 'vitest';
import { runTfjs, sweepData, type TfjsBackend, type TfjsVariant } from '../../src/bench/index.ts';
import { resolveOptions } from '../../src/api/resolve.ts';
import { trainReference } from '../../src/reference/train.ts';
import { installNodeWebGpu } from '../../src/node/index.ts';

// a benchmark is not a test: this checks that TensorFlow.js runs the same tutorial and that its
// losses follow webgpu-train's reference, so the page's comparison times the same work
describe('TensorFlow.js, the library users would pick instead', () => {
  const data = sweepData(100, 2);
  const initialParams = [0.1, -0.2, 0.05];
  const resolved = resolveOptions(data, { epochs: 20, lr: 0.1, initialParams });
  const reference = trainReference(resolved.run, resolved.data, { precision: 'f64' });
  beforeAll(async () => {
    await installNodeWebGpu();
  });
  const cases: [TfjsBackend, TfjsVariant][] = [
    ['cpu', 'as-taught'],
    ['cpu', 'read-at-end'],
    ['wasm', 'as-taught'],
    ['webgpu', 'as-taught'],
    ['webgpu', 'read-at-end'],
  ];
  for (const [backend, variant] of cases) {
    it(`${backend}, ${variant}: 20 steps follow the reference`, async () => {
      const figures = await runTfjs({
        backend,
        variant,
        data,
        steps: 20,
        lr: 0.1,
        initialParams,
        budgetMs: 20_000,
        expectedFirstLoss: reference.stepLosses[0]!,
      });
      expect(figures.stepsRun).toBe(20);
      expect(figures.firstLossOk).toBe(true);
      // σ then logs with an epsilon of 1e-7, in f32: agreement to 1e-4 relative
      expect(
        Math.abs(figures.finalLoss - reference.stepLosses[19]!) / reference.stepLosses[19]!,
      ).toBeLessThan(1e-4);
    }, 60_000);
  }
});
