import { describe, expect, it } from 'vitest';
import {
  chunkSamples,
  fitWorkgroupSize,
  GpuCapacityError,
  MAX_STEPS_PER_SUBMIT,
  planRun,
  type PlanLimits,
} from '../../src/gpu/index.ts';

// WebGPU's default limits: what an adapter guarantees when nothing is raised
const DEFAULT_LIMITS: PlanLimits = {
  maxStorageBufferBindingSize: 134_217_728,
  maxBufferSize: 268_435_456,
  maxComputeWorkgroupStorageSize: 16_384,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupsPerDimension: 65_535,
};

const base = {
  D: 2,
  steps: 1000,
  limits: DEFAULT_LIMITS,
  schedule: 'auto' as const,
  workgroupSize: 64,
  persistentMaxSamples: 4096,
};

describe('planRun (no GPU needed)', () => {
  it('runs the tutorial (N=100, 1000 steps) as one persistent dispatch, one submit', () => {
    const plan = planRun({ ...base, N: 100 });
    expect(plan.schedule).toBe('persistent');
    expect(plan.dispatchCount).toBe(1);
    expect(plan.submitCount).toBe(1);
  });

  it('switches to multi-workgroup above the persistent limit: chunks + 1 dispatches a step', () => {
    const plan = planRun({ ...base, N: 4097 });
    expect(plan.schedule).toBe('multi-workgroup');
    expect(plan.chunks).toHaveLength(1);
    expect(plan.dispatchCount).toBe(2 * 1000);
    expect(plan.submitCount).toBe(Math.ceil(1000 / MAX_STEPS_PER_SUBMIT));
    expect(plan.numPartials).toBe(Math.ceil(4097 / 64));
  });

  it('honours a forced schedule', () => {
    expect(planRun({ ...base, N: 100, schedule: 'multi-workgroup' }).schedule).toBe(
      'multi-workgroup',
    );
    expect(planRun({ ...base, N: 100_000, schedule: 'persistent' }).schedule).toBe('persistent');
  });

  it('splits 10 million samples of D=8 across bindings at default limits, each chunk within one binding', () => {
    const N = 10_000_000;
    const D = 8;
    const chunks = chunkSamples(N, D, 256, DEFAULT_LIMITS);
    expect(chunks.length).toBe(Math.ceil((N * D * 4) / DEFAULT_LIMITS.maxStorageBufferBindingSize));
    expect(chunks.reduce((sum, c) => sum + c.count, 0)).toBe(N);
    for (const c of chunks)
      expect(c.count * D * 4).toBeLessThanOrEqual(DEFAULT_LIMITS.maxStorageBufferBindingSize);
    const plan = planRun({ ...base, N, D, workgroupSize: 256 });
    expect(plan.schedule).toBe('multi-workgroup');
    expect(plan.dispatchCount).toBe(1000 * (chunks.length + 1));
  });

  it('keeps 10 million samples of D=2 in one binding at default limits (80 MB < 128 MiB)', () => {
    expect(chunkSamples(10_000_000, 2, 256, DEFAULT_LIMITS)).toHaveLength(1);
  });

  it('refuses the persistent schedule when the data needs more than one binding', () => {
    expect(() => planRun({ ...base, N: 10_000_000, D: 8, schedule: 'persistent' })).toThrow(
      GpuCapacityError,
    );
  });

  it('shrinks the workgroup until its scratch fits workgroup memory', () => {
    // 256 threads × (D+2) floats: D=14 needs exactly 16 KiB for the scratch alone, plus the params
    expect(fitWorkgroupSize(256, 2, DEFAULT_LIMITS)).toBe(256);
    expect(fitWorkgroupSize(256, 14, DEFAULT_LIMITS)).toBe(128);
    expect(fitWorkgroupSize(256, 1100, DEFAULT_LIMITS)).toBe(2);
    expect(() => fitWorkgroupSize(256, 4000, DEFAULT_LIMITS)).toThrow(
      /4000 features need 32016 bytes/,
    );
  });

  it('refuses a workgroup size that is not a power of two', () => {
    expect(() => planRun({ ...base, N: 100, workgroupSize: 48 })).toThrow(/power of two/);
  });

  it('covers N = 1 with one chunk of one workgroup', () => {
    const plan = planRun({ ...base, N: 1, schedule: 'multi-workgroup' });
    expect(plan.chunks).toEqual([{ first: 0, count: 1, numWorkgroups: 1, partialBase: 0 }]);
  });
});
