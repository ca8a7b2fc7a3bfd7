import { describe, expect, it } from 'vitest';
import { resolveOptions, type TrainOptions } from '../../src/api/resolve.ts';
import { F32, F64 } from '../../src/core/arithmetic.ts';
import { HEAD } from '../../src/core/heads.ts';
import { makeBlobs, makeDataset, type Dataset } from '../../src/data/index.ts';
import { runOnGpu } from '../../src/gpu/execute.ts';
import { planRun, type Schedule } from '../../src/gpu/plan.ts';
import { defaultTuning } from '../../src/gpu/tuning.ts';
import { trainReference } from '../../src/reference/train.ts';
import { checkClose } from '../helpers/check_close.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';

/** y = 2x₀ − x₁ + 0.5 + noise, 60 rows: a regression target of numbers (a Float64Array). */
function plane(): Dataset {
  const n = 60;
  const X = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.sin(1.7 * i);
    const b = Math.cos(0.9 * i);
    X[2 * i] = a;
    X[2 * i + 1] = b;
    y[i] = 2 * a - b + 0.5 + 0.05 * Math.sin(13 * i);
  }
  return makeDataset(X, y, 2);
}

const blobs = () =>
  makeBlobs({ nSamples: 90, nFeatures: 3, centers: 4, clusterStd: 1.5, randomState: 7 });

describe('the heads, by hand', () => {
  // values worked out by hand in float64 (no code of the engine's): softmax of [1, 2, 3]
  it('multiclass: cross-entropy log Σe^z − z_y and residuals softmax − one-hot', () => {
    const z = Float64Array.of(1, 2, 3);
    const r = new Float64Array(3);
    const loss = HEAD.multiclass.lossAndResidual(z, 3, 0, r, 0, F64);
    const s = Math.exp(1) + Math.exp(2) + Math.exp(3);
    expect(loss).toBeCloseTo(Math.log(s) - 1, 14);
    expect(Array.from(r)).toEqual([
      expect.closeTo(Math.exp(1) / s - 1, 14),
      expect.closeTo(Math.exp(2) / s, 14),
      expect.closeTo(Math.exp(3) / s, 14),
    ]);
  });

  it('multiclass: finite at logits that overflow exp (log-sum-exp), in f32', () => {
    const z = Float64Array.of(1000, -1000, 999);
    const r = new Float64Array(3);
    const loss = HEAD.multiclass.lossAndResidual(z, 3, 2, r, 0, F32);
    // log(1 + e^−1 + e^−2000) − (999 − 1000) = log(1 + e^−1) + 1
    expect(loss).toBeCloseTo(Math.log(1 + Math.exp(-1)) + 1, 6);
    expect(r.every(Number.isFinite)).toBe(true);
    expect(r[0]! + r[1]! + r[2]!).toBeCloseTo(0, 6);
  });

  it('regression: (z − y)² and 2(z − y)', () => {
    const r = new Float64Array(1);
    expect(HEAD.regression.lossAndResidual(Float64Array.of(3.5), 1, 1, r, 0, F64)).toBe(6.25);
    expect(r[0]).toBe(5);
  });
});

describe('every head on every schedule follows the f32 reference', () => {
  const gpu = useTestGpu();
  const cases: { name: string; data: () => Dataset; options: TrainOptions; head: string }[] = [
    {
      name: 'multiclass, 4 classes, Adam, mini-batches',
      data: blobs,
      options: {
        hidden: [6],
        activation: 'tanh',
        optimizer: 'adam',
        lr: 0.05,
        batchSize: 16,
        epochs: 4,
      },
      head: 'multiclass',
    },
    {
      name: 'multiclass, two relu layers, full batch (222 params: looped sample code, sums per quantity)',
      data: blobs,
      options: { hidden: [12, 10], activation: 'relu', lr: 0.1, epochs: 12 },
      head: 'multiclass',
    },
    {
      name: 'regression, full batch SGD',
      data: plane,
      options: { hidden: [], lr: 0.1, epochs: 30 },
      head: 'regression',
    },
    {
      name: 'regression, standardized target, an MLP with mini-batches',
      data: plane,
      options: {
        hidden: [5],
        activation: 'tanh',
        optimizer: 'momentum',
        lr: 0.05,
        batchSize: 8,
        epochs: 5,
        standardizeTarget: true,
      },
      head: 'regression',
    },
  ];
  for (const c of cases) {
    for (const schedule of ['fused', 'layered', 'wide'] as Schedule[]) {
      testWithDevice(`${c.name}, ${schedule}`, gpu, async ({ context }) => {
        const resolved = resolveOptions(c.data(), c.options);
        expect(resolved.spec.head).toBe(c.head);
        const { run, data } = resolved;
        const plan = planRun({
          run,
          rows: { train: data.train.nSamples, validation: 0, test: 0 },
          limits: context.device.limits,
          tuning: defaultTuning(context.adapter),
          schedule,
        });
        const ours = await runOnGpu({ context, plan, run, data });
        const ref = trainReference(run, data, { precision: 'f32', reduction: plan.reduction });
        expect(ours.firstBadStep).toBeNull();
        // the kernels' exp and log may differ from V8's by an ulp or two; over a few dozen steps
        // that stays within 1e-5 relative (test/engine/vs_torch.test.ts holds binary runs to 1e-6)
        checkClose(ours.stepLosses, ref.stepLosses, { rtol: 1e-5, atol: 1e-7, label: 'losses' });
        checkClose(ours.params, ref.params, { rtol: 1e-4, atol: 1e-5, label: 'params' });
        // it learns: the last loss is below the first
        expect(ours.stepLosses.at(-1)!).toBeLessThan(ours.stepLosses[0]!);
      });
    }
  }
});
