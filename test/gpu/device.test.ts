import { describe, expect, it } from 'vitest';
import type { PlanLimits } from '../../src/gpu/plan.ts';
import { installNodeWebGpu } from '../../src/node/index.ts';
import { useTestGpu } from '../helpers/gpu.ts';

// Every limit the planner reads, typed against PlanLimits so that a limit it comes to read is
// listed here too (TypeScript refuses the record otherwise).
const PLANNER_READS: Record<keyof PlanLimits, true> = {
  maxStorageBufferBindingSize: true,
  maxBufferSize: true,
  maxComputeWorkgroupStorageSize: true,
  maxComputeInvocationsPerWorkgroup: true,
  maxComputeWorkgroupSizeX: true,
  maxComputeWorkgroupsPerDimension: true,
};

describe('the device the engine gets (src/gpu/device.ts, which the GPU tests use too)', () => {
  const gpu = useTestGpu();
  it("has each limit the planner reads at the adapter's own value, not WebGPU's lower default", async () => {
    const adapter = await (
      await installNodeWebGpu()
    ).requestAdapter({ powerPreference: 'high-performance' });
    expect(adapter).not.toBeNull();
    const { limits } = gpu().context.device;
    for (const name of Object.keys(PLANNER_READS) as (keyof PlanLimits)[])
      expect(limits[name], name).toBe(adapter?.limits[name]);
  });
});
