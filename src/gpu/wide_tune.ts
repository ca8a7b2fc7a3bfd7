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
import {
  defaultWideShape,
  registerShape,
  SOFTWARE_UPDATE_SPAN,
  wideShapeOfKind,
  workgroupShape,
} from './wide_tuning.ts';

/**
 * The shapes a pass tries, of both kinds on every adapter: register tiles (a software adapter's
 * best) and workgroup tiles (a GPU's), so the timings, not a rule, say which kind this adapter
 * runs faster. On a software adapter the workgroup candidate is the one most like its register
 * default (four invocations of 8 × 8), the least a barrier can cost there; on a GPU one register
 * shape folds the gradient's blocks, so that too is timed rather than ruled out.
 */
export function wideTuneCandidates(software: boolean): WideShape[] {
  return software
    ? [
        registerShape(4, 4, 4, { fold: true, updateSpan: SOFTWARE_UPDATE_SPAN }),
        wideShapeOfKind('registers', true),
        wideShapeOfKind('workgroup', true),
      ]
    : [
        wideShapeOfKind('registers', false),
        registerShape(8, 8, 64),
        registerShape(4, 4, 64, { fold: true }),
        wideShapeOfKind('workgroup', false),
        workgroupShape(2, 4, 8, 32),
        workgroupShape(4, 4, 16, 16),
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

/** A candidate shape and its ns per step of the tuning's workload. */
export interface WideShapeTiming {
  readonly shape: WideShape;
  readonly ns: number;
  /** its kernels' compile, on its first run */
  readonly compileMs: number;
}

/** Timed runs of each candidate after the one that compiles. */
const TIMED_ROUNDS = 3;

/** ns per step of each candidate (the fastest of its timed runs), the fastest kept. */
export async function measureWideShape(
  context: GpuContext,
): Promise<{ shape: WideShape; compileMs: number; nsPerStep: WideShapeTiming[] }> {
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
  const candidates = wideTuneCandidates(context.adapter.isSoftware).map((shape) => ({
    shape,
    plan: planRun({
      run,
      rows: { train: rows, validation: 0, test: 0 },
      limits: context.device.limits,
      tuning: { ...context.tuning, wide: shape },
      schedule: 'wide',
    }),
    compileMs: 0,
    best: Infinity,
  }));
  // each shape's first run compiles; then the shapes take turns, TIMED_ROUNDS rounds, so a busy
  // spell on the machine lands on one run of a shape rather than on all of them
  for (const c of candidates)
    c.compileMs = (await runOnGpu({ context, plan: c.plan, run, data })).compileMs;
  for (let round = 0; round < TIMED_ROUNDS; round++) {
    for (const c of candidates) {
      const outcome = await runOnGpu({ context, plan: c.plan, run, data });
      c.best = Math.min(c.best, outcome.gpuMs ?? outcome.trainMs);
    }
  }
  const measured: WideShapeTiming[] = candidates.map((c) => ({
    shape: c.shape,
    ns: (c.best * 1e6) / STEPS,
    compileMs: c.compileMs,
  }));
  const fastest = measured.reduce((a, b) => (b.ns < a.ns ? b : a), {
    shape: defaultWideShape(context.adapter.isSoftware),
    ns: Infinity,
    compileMs: 0,
  });
  return { shape: fastest.shape, compileMs: fastest.compileMs, nsPerStep: measured };
}
