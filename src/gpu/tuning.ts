import type { AdapterSummary } from './adapter.ts';
import type { GpuContext } from './device.ts';
import type { GpuSchedule } from './plan.ts';

/**
 * Workgroup sizes by kind of adapter. On a GPU, 256 threads fill a workgroup well. SwiftShader
 * runs a workgroup on one CPU thread and a barrier costs in proportion to its threads, so the
 * persistent kernel (a barrier-heavy loop over every step) wants very few.
 */
export function defaultWorkgroupSize(adapter: AdapterSummary, schedule: GpuSchedule): number {
  if (adapter.isSoftware) return schedule === 'persistent' ? 4 : 64;
  return 256;
}

/** The largest N the automatic choice runs as one persistent workgroup. */
export function persistentMaxSamples(adapter: AdapterSummary): number {
  return adapter.isSoftware ? 4096 : 16384;
}

export async function chooseWorkgroupSize(
  context: GpuContext,
  schedule: GpuSchedule,
): Promise<number> {
  return defaultWorkgroupSize(context.adapter, schedule);
}
