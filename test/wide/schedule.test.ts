import { splitRows } from '../../src/core/run.ts';
import { describe, expect } from 'vitest';
import { resolveOptions, type TrainOptions } from '../../src/api/resolve.ts';
import { makeClassification } from '../../src/data/index.ts';
import { runOnGpu } from '../../src/gpu/execute.ts';
import { planRun } from '../../src/gpu/plan.ts';
import { defaultTuning } from '../../src/gpu/tuning.ts';
import type { WideShape } from '../../src/gpu/wide_plan.ts';
import { registerShape } from '../../src/gpu/wide_tuning.ts';
import { trainReference } from '../../src/reference/train.ts';
import { checkClose } from '../helpers/check_close.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';

// The wide schedule against the f32 reference in the plan's own summation order: every sum runs
// in the same order on both, so what differs is the GPU's exp, log and tanh (a few ulp) and any
// fused multiply-add its compiler makes; as for the other schedules (test/engine/sizes.test.ts),
// one sample holds to 5e-6, larger batches to 1e-6 on the losses, the params to 1e-5 relative.
const closeness = (N: number) => ({ rtol: N === 1 ? 5e-6 : 1e-6, atol: 0 });

interface WideCase {
  readonly name: string;
  readonly N: number;
  readonly D: number;
  readonly options: TrainOptions;
  /** a tile shape or block size other than the adapter's default */
  readonly shape?: WideShape;
}

// N = 1, widths off the tile, just past the per-sample schedules' 64, several gradient blocks,
// full batch (its closing pass), splits with early stopping, and a large one
const CASES: WideCase[] = [
  { name: 'N = 1, no hidden layer', N: 1, D: 2, options: { epochs: 20, lr: 0.3 } },
  {
    name: 'widths off the tile, tanh, Adam, mini-batches, L2',
    N: 67,
    D: 5,
    options: {
      hidden: [6, 3],
      activation: 'tanh',
      optimizer: 'adam',
      lr: 0.05,
      batchSize: 16,
      epochs: 4,
      regularization: 'l2',
      regularizationRate: 0.01,
    },
  },
  {
    name: 'a layer of 65, sigmoid, momentum, full batch',
    N: 90,
    D: 3,
    options: { hidden: [65], activation: 'sigmoid', optimizer: 'momentum', lr: 0.3, epochs: 6 },
  },
  {
    name: 'four gradient blocks a step, 8×8 tiles, L1',
    N: 203,
    D: 7,
    options: {
      hidden: [9],
      activation: 'relu',
      optimizer: 'adam',
      lr: 0.02,
      batchSize: 50,
      epochs: 3,
      regularization: 'l1',
      regularizationRate: 0.003,
    },
    shape: registerShape(8, 8, 4),
  },
  {
    name: 'validation and test splits, early stopping',
    N: 300,
    D: 4,
    options: {
      hidden: [12, 12],
      activation: 'relu',
      optimizer: 'adamw',
      lr: 0.01,
      batchSize: 32,
      epochs: 12,
      patience: 2,
      split: { train: 0.6, validation: 0.2, test: 0.2, seed: 0 },
    },
  },
  {
    name: 'inputs of 4096',
    N: 40,
    D: 4096,
    options: {
      hidden: [8],
      activation: 'tanh',
      optimizer: 'sgd',
      lr: 0.05,
      batchSize: 16,
      epochs: 2,
    },
  },
  {
    name: '20 000 × 64, 64-64 relu, Adam',
    N: 20_000,
    D: 64,
    options: {
      hidden: [64, 64],
      activation: 'relu',
      optimizer: 'adam',
      lr: 1e-3,
      batchSize: 128,
      epochs: 1,
    },
  },
];

describe('the wide schedule follows the reference', () => {
  const gpu = useTestGpu();
  for (const c of CASES) {
    testWithDevice(
      c.name,
      gpu,
      async ({ context }) => {
        const data = makeClassification({
          nSamples: Math.max(c.N, 2),
          nFeatures: c.D,
          nInformative: Math.min(c.D, 3),
          nRedundant: 0,
          nClustersPerClass: 1,
          // labels flipped at random keep the loss from nearing 0, where Adam magnifies an ulp
          flipY: 0.2,
          randomState: c.N,
        });
        const one =
          c.N === 1
            ? { ...data, X: data.X.subarray(0, c.D), y: data.y.subarray(0, 1), nSamples: 1 }
            : data;
        const { run, data: parts } = resolveOptions(one, c.options);
        const base = defaultTuning(context.adapter);
        const shape = c.shape ?? base.wide;
        const rows = splitRows(parts);
        const plan = planRun({
          run,
          rows,
          limits: context.device.limits,
          tuning: { ...base, wide: shape },
          schedule: 'wide',
        });
        if (c.shape?.blockRows !== undefined) expect(plan.wide?.blocks).toBeGreaterThan(1);
        const out = await runOnGpu({ context, plan, run, data: parts });
        const ref = trainReference(run, parts, { precision: 'f32', reduction: plan.reduction });
        expect(out.stepsDone).toBe(ref.stepsDone);
        expect(out.bestEpoch).toBe(ref.bestEpoch);
        expect(out.stoppedEarly).toBe(ref.stoppedEarly);
        checkClose(out.stepLosses, ref.stepLosses, { ...closeness(c.N), label: 'step losses' });
        for (const split of ['train', 'validation', 'test'] as const) {
          const runEpochs = Array.from(out.epochLosses[split]).slice(0, out.epochsRun);
          const refEpochs = Array.from(ref.epochLosses[split]).slice(0, ref.epochsRun);
          if (rows[split] === 0) expect(runEpochs.every(Number.isNaN)).toBe(true);
          else checkClose(runEpochs, refEpochs, { ...closeness(c.N), label: `${split} losses` });
        }
        checkClose(out.params, ref.params, { rtol: 1e-5, atol: 1e-6, label: 'params' });
      },
      300_000,
    );
  }
});

describe('the wide kernels are the same for every model of a tile shape', () => {
  const gpu = useTestGpu();
  testWithDevice(
    'a second model compiles nothing (its compile reads 0) and still follows the reference; another optimizer compiles its update',
    gpu,
    async ({ context }) => {
      const base = defaultTuning(context.adapter);
      // a shape no other test here takes, so the first run finds nothing compiled
      const tuning = { ...base, wide: registerShape(4, 8, 8) };
      const runOf = async (D: number, options: TrainOptions) => {
        const data = makeClassification({
          nSamples: 120,
          nFeatures: D,
          nInformative: 2,
          nRedundant: 0,
          flipY: 0.2,
          randomState: D,
        });
        const { run, data: parts } = resolveOptions(data, options);
        const rows = splitRows(parts);
        const plan = planRun({
          run,
          rows,
          limits: context.device.limits,
          tuning,
          schedule: 'wide',
        });
        const out = await runOnGpu({ context, plan, run, data: parts });
        const ref = trainReference(run, parts, { precision: 'f32', reduction: plan.reduction });
        checkClose(out.stepLosses, ref.stepLosses, { ...closeness(120), label: 'step losses' });
        checkClose(out.params, ref.params, { rtol: 1e-5, atol: 1e-6, label: 'params' });
        return out.compileMs;
      };
      const common = { optimizer: 'adam', lr: 0.01, epochs: 2 } as const;
      const first = await runOf(3, { ...common, hidden: [5], activation: 'tanh', batchSize: 32 });
      expect(first).toBeGreaterThan(0);
      // other features, widths, depth, activation, a full batch and a validation split
      const second = await runOf(6, {
        ...common,
        hidden: [17, 9],
        activation: 'relu',
        split: { train: 0.75, validation: 0.25, test: 0, seed: 1 },
      });
      expect(second).toBe(0);
      const otherOptimizer = await runOf(6, { ...common, optimizer: 'momentum', hidden: [17, 9] });
      expect(otherOptimizer).toBeGreaterThan(0);
    },
    300_000,
  );
});
