/**
 * The wide schedule's part of a tuning pass: its candidate tile shapes (src/gpu/wide_tuning.ts)
 * timed on a step of 64-64-64-1 at batch 128, the fastest kept for the adapter. Each shape is a
 * set of kernels to compile (seconds each on a software adapter), so the candidates are few.
 */
import { initialParams } from '../core/init.ts';
import { compileNetwork } from '../core/network.ts';
import { resolveOptimizer } from '../core/optimizers.ts';
import { BINARY_HEAD, type ModelSpec } from '../core/spec.ts';
import { makeDataset } from '../data/index.ts';
import type { GpuContext } from './device.ts';
import { runOnGpu } from './execute.ts';
import { planRun } from './plan.ts';
import type { WideShape } from './wide_plan.ts';
import { defaultWideShape, WIDE_BLOCK_ROWS } from './wide_tuning.ts';

/** The shapes a pass tries: a software adapter's tiles, a GPU's workgroup sizes. */
export function wideTuneCandidates(software: boolean): WideShape[] {
  const blockRows = WIDE_BLOCK_ROWS;
  return software
    ? [
        { tile: { rows: 4, units: 4 }, workgroupSize: 4, blockRows },
        { tile: { rows: 8, units: 8 }, workgroupSize: 4, blockRows },
      ]
    : [
        { tile: { rows: 4, units: 4 }, workgroupSize: 64, blockRows },
        { tile: { rows: 8, units: 8 }, workgroupSize: 64, blockRows },
        { tile: { rows: 4, units: 4 }, workgroupSize: 128, blockRows },
      ];
}

const MODEL: ModelSpec = {
  inputs: 64,
  features: [],
  hidden: [64, 64],
  activation: 'relu',
  ...BINARY_HEAD,
};
const BATCH = 128;
const STEPS = 16;

/** ns per step of each candidate (the faster of two runs after one that compiles), the fastest kept. */
export async function measureWideShape(
  context: GpuContext,
): Promise<{ shape: WideShape; nsPerStep: { shape: WideShape; ns: number }[] }> {
  const rows = BATCH * STEPS;
  const X = new Float64Array(rows * MODEL.inputs).map((_, i) => Math.sin(i));
  const y = Int32Array.from({ length: rows }, (_, i) => i % 2);
  const data = { train: makeDataset(X, y, MODEL.inputs), validation: null, test: null };
  const run = {
    net: compileNetwork(MODEL),
    optimizer: resolveOptimizer({ name: 'adam', lr: 1e-3 }),
    batchSize: BATCH,
    epochs: 1,
    shuffleSeed: 0,
    patience: null,
    initialParams: initialParams(MODEL, 0),
  };
  const measured: { shape: WideShape; ns: number }[] = [];
  for (const shape of wideTuneCandidates(context.adapter.isSoftware)) {
    const plan = planRun({
      run,
      rows: { train: rows, validation: 0, test: 0 },
      limits: context.device.limits,
      tuning: { ...context.tuning, wide: shape },
      schedule: 'wide',
    });
    let best = Infinity;
    for (let repeat = 0; repeat < 3; repeat++) {
      const outcome = await runOnGpu({ context, plan, run, data });
      if (repeat > 0) best = Math.min(best, outcome.gpuMs ?? outcome.trainMs);
    }
    measured.push({ shape, ns: (best * 1e6) / STEPS });
  }
  const fastest = measured.reduce((a, b) => (b.ns < a.ns ? b : a), {
    shape: defaultWideShape(context.adapter.isSoftware),
    ns: Infinity,
  });
  return { shape: fastest.shape, nsPerStep: measured };
}
