import { describe, expect, it } from 'vitest';
import { resolveOptimizer } from '../../src/core/optimizers.ts';
import type { RunDescription } from '../../src/core/run.ts';
import { countSegments } from '../../src/gpu/execute.ts';
import { MODE } from '../../src/gpu/layout.ts';
import {
  GpuCapacityError,
  ORDER_BUDGET_WORDS,
  planRun,
  type PlanLimits,
  type PlanRequest,
} from '../../src/gpu/plan.ts';
import type { Tuning } from '../../src/gpu/tuning.ts';
import { compileNetwork } from '../../src/core/network.ts';

// WebGPU's default limits: what any adapter guarantees when nothing is raised
const DEFAULT_LIMITS: PlanLimits = {
  maxStorageBufferBindingSize: 134_217_728,
  maxBufferSize: 268_435_456,
  maxComputeWorkgroupStorageSize: 16_384,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupsPerDimension: 65_535,
};
const GPU_TUNING: Tuning = {
  fusedWorkgroupSize: 256,
  layeredWorkgroupSize: 256,
  layeredMaxBlocks: 1024,
  reduceWorkgroupSize: 256,
  fusedMaxWork: 65_536,
  stepCost: { fused: null, layered: null },
  source: 'default',
};

function request(
  D: number,
  hidden: number[],
  rows: number,
  run: Partial<RunDescription> = {},
  extra: Partial<PlanRequest> = {},
): PlanRequest {
  const net = compileNetwork({ inputs: D, features: [], hidden, activation: 'tanh' });
  return {
    run: {
      net,
      optimizer: resolveOptimizer({ name: 'sgd', lr: 0.1 }),
      batchSize: rows,
      epochs: 1000,
      shuffleSeed: 0,
      patience: null,
      initialParams: new Float64Array(net.P),
      ...run,
    },
    rows: { train: rows, validation: 0, test: 0 },
    limits: DEFAULT_LIMITS,
    tuning: GPU_TUNING,
    schedule: 'auto',
    ...extra,
  };
}

describe('the planner (no GPU needed)', () => {
  it('runs the tutorial fused: one segment, one workgroup summing in registers', () => {
    const plan = planRun(request(2, [], 100));
    expect(plan.schedule).toBe('fused');
    expect(plan.mode).toBe(MODE.RECORD);
    expect(plan.paramsShared).toBe(true);
    expect(countSegments(plan)).toBe(1);
    expect(plan.orderEpochs).toBe(0);
  });

  it('runs the Playground MLP (2-8-8-1, Adam, batches of 10 of 250 rows, 50 epochs) fused, in one segment', () => {
    const plan = planRun(
      request(2, [8, 8], 250, {
        batchSize: 10,
        epochs: 50,
        optimizer: resolveOptimizer({ name: 'adam', lr: 0.03 }),
      }),
    );
    expect(plan.schedule).toBe('fused');
    expect(plan.totalSteps).toBe(1250);
    expect(countSegments(plan)).toBe(1);
    // the whole batch order of the run fits the GPU at once
    expect(plan.orderEpochs).toBe(50);
  });

  it('takes large batches layered: 2-16-16-1 on 100 000 rows in batches of 1000', () => {
    const plan = planRun(request(2, [16, 16], 100_000, { batchSize: 1000, epochs: 3 }));
    expect(plan.schedule).toBe('layered');
    expect(plan.blocks * plan.blockSize).toBeGreaterThanOrEqual(1000);
    expect(plan.blocks).toBeGreaterThan(1);
  });

  it('honours a forced schedule, and refuses a fused run whose data needs two bindings', () => {
    expect(planRun(request(2, [], 100, {}, { schedule: 'layered' })).schedule).toBe('layered');
    expect(planRun(request(2, [], 100_000, {}, { schedule: 'fused' })).schedule).toBe('fused');
    expect(() => planRun(request(8, [], 10_000_000, { epochs: 1 }, { schedule: 'fused' }))).toThrow(
      GpuCapacityError,
    );
  });

  it('spreads 10⁷ rows of 8 features over bindings that each fit, and refuses what four cannot hold', () => {
    const plan = planRun(request(8, [], 10_000_000, { epochs: 2 }));
    expect(plan.schedule).toBe('layered');
    expect(plan.chunks).toBeGreaterThan(1);
    expect(plan.chunks).toBeLessThanOrEqual(4);
    expect(plan.rowsPerChunk * 9 * 4).toBeLessThanOrEqual(
      DEFAULT_LIMITS.maxStorageBufferBindingSize,
    );
    expect(plan.rowsPerChunk * plan.chunks).toBeGreaterThanOrEqual(10_000_000);
    expect(() => planRun(request(20, [], 10_000_000, { epochs: 2 }))).toThrow(/storage bindings/);
  });

  it('holds the batch order of a few epochs at a time, never an epochs × N table', () => {
    const plan = planRun(request(2, [8], 1_000_000, { batchSize: 100, epochs: 1000 }));
    expect(plan.orderEpochs * 1_000_000).toBeLessThanOrEqual(ORDER_BUDGET_WORDS);
    expect(plan.orderEpochs).toBeGreaterThanOrEqual(1);
    // memory is the data, the params and the losses: far under an epochs × N table of u32
    expect(plan.deviceBytes).toBeLessThan(1000 * 1_000_000 * 4 * 0.1);
  });

  it("keeps Adam's corrections only until they stop changing in f32", () => {
    const adam = resolveOptimizer({ name: 'adam', lr: 0.01 });
    const plan = planRun(request(2, [], 1000, { epochs: 1_000_000, optimizer: adam }));
    expect(plan.work.tableEntries).toBeGreaterThan(100);
    expect(plan.work.tableEntries).toBeLessThan(50_000);
  });

  it('falls back to per-quantity sums where the per-thread records do not fit workgroup memory', () => {
    const plan = planRun(request(2, [64, 64], 100, {}, { schedule: 'fused' }));
    expect(plan.mode).toBe(MODE.PARAM);
    const small = planRun(request(2, [8, 8], 100, {}, { schedule: 'fused' }));
    expect(small.mode).toBe(MODE.RECORD);
  });

  it("keeps Adam's state in workgroup memory beside the params where both fit, and in storage where only the params do", () => {
    const adam = { batchSize: 10, optimizer: resolveOptimizer({ name: 'adam', lr: 0.03 }) };
    const playground = planRun(request(2, [8, 8], 250, adam, { schedule: 'fused' }));
    expect([playground.paramsShared, playground.stateShared]).toEqual([true, true]);
    // SGD has no state to keep
    expect(planRun(request(2, [8, 8], 250, { batchSize: 10 })).stateShared).toBe(false);
    // 2-32-32-1 (1185 params, Adam's 2370 floats of state) on 8 kB: the params fit, the state not
    const tight = { ...DEFAULT_LIMITS, maxComputeWorkgroupStorageSize: 8192 };
    const wide = planRun(request(2, [32, 32], 250, adam, { schedule: 'fused', limits: tight }));
    expect([wide.paramsShared, wide.stateShared]).toEqual([true, false]);
  });

  it('refuses a workgroup size that is not a power of two, or too large for the device', () => {
    expect(() => planRun(request(2, [], 100, {}, { workgroupSize: 48 }))).toThrow(GpuCapacityError);
    expect(() => planRun(request(2, [], 100, {}, { workgroupSize: 512 }))).toThrow(
      GpuCapacityError,
    );
  });
});
