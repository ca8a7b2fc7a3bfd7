import { splitRows } from '../../src/core/run.ts';
import { describe, expect } from 'vitest';
import { resolveOptions, type TrainOptions } from '../../src/api/resolve.ts';
import {
  makeBlobs,
  makeClassification,
  makeRegression,
  type Dataset,
} from '../../src/data/index.ts';
import { runOnGpu, type GpuRunOutcome } from '../../src/gpu/execute.ts';
import { planRun } from '../../src/gpu/plan.ts';
import { defaultTuning } from '../../src/gpu/tuning.ts';
import type { WideShape } from '../../src/gpu/wide_plan.ts';
import { GPU_WORKGROUP_SHAPE, registerShape, workgroupShape } from '../../src/gpu/wide_tuning.ts';
import { trainReference } from '../../src/reference/train.ts';
import { checkClose } from '../helpers/check_close.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';

// Workgroup tiles add every output's terms in the order register tiles do (k, j or the block's
// batch positions from the first, one at a time; then the bias), so a run on either kind gives
// the same bits, and where a run has no exp, log or tanh (relu layers, the regression head, SGD)
// the same bits as the f32 reference in the plan's order. Small shapes and few steps: SwiftShader
// runs a barrier as a pass over the workgroup's invocations.

interface KindCase {
  readonly name: string;
  readonly data: () => Dataset;
  readonly options: TrainOptions;
  /** no transcendental anywhere in the run: the reference's bits too */
  readonly exact: boolean;
}

const CASES: KindCase[] = [
  {
    name: 'widths off every tile (5-6-3-1), tanh, Adam, a batch of 20 (blocks of 16 and 4), three splits',
    data: () =>
      makeClassification({
        nSamples: 67,
        nFeatures: 5,
        nInformative: 3,
        nRedundant: 0,
        flipY: 0.2,
        randomState: 3,
      }),
    options: {
      hidden: [6, 3],
      activation: 'tanh',
      optimizer: 'adam',
      lr: 0.05,
      batchSize: 20,
      epochs: 2,
      split: { train: 0.6, validation: 0.2, test: 0.2, seed: 0 },
    },
    exact: false,
  },
  {
    name: '10-64-64-1 relu, regression, SGD, a batch of 20',
    data: () => makeRegression({ nSamples: 50, nFeatures: 10, noise: 1, randomState: 4 }),
    options: {
      hidden: [64, 64],
      activation: 'relu',
      optimizer: 'sgd',
      lr: 0.001,
      batchSize: 20,
      epochs: 1,
    },
    exact: true,
  },
  {
    name: '3-256-10 relu, multiclass, momentum, a batch of 24',
    data: () => makeBlobs({ nSamples: 60, nFeatures: 3, centers: 10, randomState: 5 }),
    options: {
      hidden: [256],
      activation: 'relu',
      optimizer: 'momentum',
      lr: 0.01,
      batchSize: 24,
      epochs: 1,
    },
    exact: false,
  },
  {
    name: '7-256-1 relu, regression, momentum, full batch of 37',
    data: () => makeRegression({ nSamples: 37, nFeatures: 7, noise: 1, randomState: 6 }),
    options: { hidden: [256], activation: 'relu', optimizer: 'momentum', lr: 0.001, epochs: 2 },
    exact: true,
  },
];

// a GPU's default (32 × 32, 8 × 8 invocations of 4 × 4, slabs of 32) in every case, and by turns
// four invocations of 4 × 4 with slabs of 8 (many slabs a sum) and 8 × 8 invocations of 2 × 4
// (rows and units apart)
const SHAPES: readonly WideShape[] = [workgroupShape(4, 4, 2, 8), workgroupShape(2, 4, 8, 32)];
// and register tiles that fold the gradient's blocks into each invocation (blocks of 16 and 4, 16
// and 8, 16, 16 and 5 in the cases above), whose additions are the update's in the same order, with
// an update whose invocations take 3 vec4s of params each (strided, a short last stride)
const shapesOf = (i: number): WideShape[] => [
  GPU_WORKGROUP_SHAPE,
  SHAPES[i % SHAPES.length] as WideShape,
  registerShape(4, 4, 4, { fold: true, updateSpan: 3 }),
];

describe('workgroup tiles, and register tiles that fold the blocks, give the register tiles’ bits', () => {
  const gpu = useTestGpu();
  for (const [i, c] of CASES.entries()) {
    testWithDevice(
      c.name,
      gpu,
      async ({ context }) => {
        const { run, data } = resolveOptions(c.data(), c.options);
        const rows = splitRows(data);
        const base = defaultTuning(context.adapter);
        const train = async (wide: WideShape): Promise<GpuRunOutcome> => {
          const plan = planRun({
            run,
            rows,
            limits: context.device.limits,
            tuning: { ...base, wide },
            schedule: 'wide',
          });
          expect(plan.wide?.shape).toEqual(wide);
          return runOnGpu({ context, plan, run, data });
        };
        const registers = await train(registerShape(4, 4, 4));
        for (const shape of shapesOf(i)) {
          const out = await train(shape);
          const label = `${shape.kind} ${JSON.stringify(shape)}`;
          expect(Array.from(out.stepLosses), label).toEqual(Array.from(registers.stepLosses));
          expect(Array.from(out.params), label).toEqual(Array.from(registers.params));
          for (const split of ['train', 'validation', 'test'] as const)
            expect(Array.from(out.epochLosses[split]), `${label}: ${split}`).toEqual(
              Array.from(registers.epochLosses[split]),
            );
        }
        // the reference in the plan's summation order (blocks of 16 positions, then the blocks)
        const plan = planRun({
          run,
          rows,
          limits: context.device.limits,
          tuning: { ...base, wide: GPU_WORKGROUP_SHAPE },
          schedule: 'wide',
        });
        const ref = trainReference(run, data, { precision: 'f32', reduction: plan.reduction });
        if (c.exact) {
          expect(Array.from(registers.stepLosses)).toEqual(Array.from(ref.stepLosses));
          expect(Array.from(registers.params)).toEqual(Array.from(ref.params));
        } else {
          // exp, log and tanh differ from JavaScript's by a few ulp: test/wide/schedule.test.ts's bounds
          checkClose(registers.stepLosses, ref.stepLosses, {
            rtol: 1e-6,
            atol: 0,
            label: 'step losses',
          });
          checkClose(registers.params, ref.params, { rtol: 1e-5, atol: 1e-6, label: 'params' });
        }
      },
      120_000,
    );
  }
});
