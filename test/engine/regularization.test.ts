import { describe, expect, it } from 'vitest';
import { resolveOptions, type TrainOptions } from '../../src/api/resolve.ts';
import { layerShapes } from '../../src/core/spec.ts';
import { makeMoons } from '../../src/data/index.ts';
import { runOnGpu } from '../../src/gpu/execute.ts';
import { planRun, type Schedule } from '../../src/gpu/plan.ts';
import { defaultTuning } from '../../src/gpu/tuning.ts';
import { trainReference } from '../../src/reference/train.ts';
import { checkClose } from '../helpers/check_close.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';

/**
 * L1 and L2 regularization: TensorFlow Playground's penalties on the weights (not the biases).
 * PyTorch's own run of the same penalty is checked in test/cli/export_pytorch.test.ts; here, the
 * reference against a hand derivation of one step, and the kernels against the reference.
 */
const data = makeMoons({ nSamples: 90, noise: 0.2, randomState: 4 });
const MODEL: TrainOptions = { hidden: [5], activation: 'tanh', seed: 3 };

describe('regularization on the CPU reference', () => {
  it('one SGD step moves each weight by lr·rate·sign(w) (l1) or lr·rate·w (l2) more than without, and each bias by nothing more', () => {
    const lr = 0.5;
    const rate = 0.04;
    const step = (extra: TrainOptions) => {
      const { run, data: parts } = resolveOptions(data, { ...MODEL, lr, epochs: 1, ...extra });
      return {
        initial: run.initialParams,
        params: trainReference(run, parts, { precision: 'f64' }).params,
        layers: layerShapes(run.net.spec),
      };
    };
    const plain = step({});
    for (const kind of ['l1', 'l2'] as const) {
      const penalized = step({ regularization: kind, regularizationRate: rate });
      const expected = Array.from(plain.params, (p, k) => {
        const w = plain.initial[k] as number;
        const isWeight = plain.layers.some((l) => k >= l.weightOffset && k < l.biasOffset);
        if (!isWeight) return p;
        return p - lr * rate * (kind === 'l1' ? Math.sign(w) : w);
      });
      // f64 on both sides: the same sums, the penalty's term added once (one rounding each way)
      checkClose(penalized.params, expected, { rtol: 1e-12, atol: 1e-15, label: `${kind} step` });
    }
  });

  it('refuses a rate without a regularization, and a rate below 0, naming the option', () => {
    expect(() => resolveOptions(data, { regularizationRate: 0.1 })).toThrow(
      /^regularizationRate: takes effect only with a regularization/,
    );
    expect(() => resolveOptions(data, { regularization: 'l2', regularizationRate: -1 })).toThrow(
      /^regularizationRate: must be a number/,
    );
  });
});

// What differs from the f32 reference in the plan's own summation order: the GPU's exp, log and
// tanh (a few ulp) and fused multiply-adds, as in test/engine/vs_torch.test.ts (worst 5.3e-7 there).
const VS_REFERENCE = { rtol: 1e-6, atol: 0 };
// params carried through 150 steps from those losses' differences: absolute, as some pass near 0
const PARAMS_VS_REFERENCE = { rtol: 0, atol: 2e-6 };

describe('regularization in the kernels', () => {
  const gpu = useTestGpu();
  // each case: the run, and its penalty
  const cases: [string, TrainOptions, TrainOptions][] = [
    ['l1, SGD, full batch', { lr: 0.3 }, { regularization: 'l1', regularizationRate: 0.01 }],
    [
      'l2, Adam, mini-batches',
      { optimizer: 'adam', lr: 0.02, batchSize: 32 },
      { regularization: 'l2', regularizationRate: 0.05 },
    ],
  ];
  const schedules: Schedule[] = ['fused', 'layered', 'wide'];
  for (const [name, options, penalty] of cases)
    for (const schedule of schedules)
      testWithDevice(`${name}, ${schedule}: every step as the reference's`, gpu, async (g) => {
        const { context } = g;
        const settings = { ...MODEL, epochs: 50, ...options };
        const { run, data: parts } = resolveOptions(data, { ...settings, ...penalty });
        const plan = planRun({
          run,
          rows: { train: parts.train.nSamples, validation: 0, test: 0 },
          limits: context.device.limits,
          tuning: defaultTuning(context.adapter),
          schedule,
        });
        const out = await runOnGpu({ context, plan, run, data: parts });
        const ref = trainReference(run, parts, { precision: 'f32', reduction: plan.reduction });
        checkClose(out.stepLosses, ref.stepLosses, { ...VS_REFERENCE, label: 'step losses' });
        checkClose(out.params, ref.params, { ...PARAMS_VS_REFERENCE, label: 'params' });
        // and the penalty did act: without it the same run ends elsewhere
        const { run: plainRun } = resolveOptions(data, settings);
        const plain = trainReference(plainRun, parts, { precision: 'f32' });
        const moved = Array.from(out.params, (p, k) => Math.abs(p - (plain.params[k] as number)));
        expect(Math.max(...moved)).toBeGreaterThan(1e-3);
      });
});
