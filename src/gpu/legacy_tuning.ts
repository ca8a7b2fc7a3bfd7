/**
 * The tutorial engine's shapes (src/gpu/engine.ts), kept apart from the one engine's tuning until
 * that engine goes: its own defaults by kind of adapter, so its bits do not move, and the one
 * tuning's measured step costs (a line in W = N·(D + 2)) for its first progress segment and its
 * sleep before the readback.
 */
import type { AdapterSummary } from './adapter.ts';
import type { GpuContext } from './device.ts';
import type { GpuSchedule } from './legacy_plan.ts';
import { sleepBeforeReadbackMs, stepsPerFrame as framesOf, type StepCost } from './tuning.ts';

export interface LegacyTuning {
  /** threads in the persistent kernel's one workgroup */
  readonly persistentWorkgroupSize: number;
  /** threads per workgroup of forward_loss_grad */
  readonly multiWorkgroupSize: number;
  /** the most workgroups one forward_loss_grad dispatch launches per chunk */
  readonly maxWorkgroupsPerChunk: number;
  /** the largest N the automatic choice runs as the persistent schedule */
  readonly persistentMaxSamples: number;
}

/** On a GPU, 256 threads a workgroup and 1024 workgroups; SwiftShader wants tiny ones, and few. */
export function legacyTuning(adapter: AdapterSummary): LegacyTuning {
  return adapter.isSoftware
    ? {
        persistentWorkgroupSize: 4,
        multiWorkgroupSize: 4,
        maxWorkgroupsPerChunk: 8,
        persistentMaxSamples: 16384,
      }
    : {
        persistentWorkgroupSize: 256,
        multiWorkgroupSize: 256,
        maxWorkgroupsPerChunk: 1024,
        persistentMaxSamples: 16384,
      };
}

/** The workgroup size a schedule runs with under a tuning. */
export function workgroupSizeFor(tuning: LegacyTuning, schedule: GpuSchedule): number {
  return schedule === 'persistent' ? tuning.persistentWorkgroupSize : tuning.multiWorkgroupSize;
}

function costOf(context: GpuContext, schedule: GpuSchedule): StepCost | null {
  return context.tuning.stepCost[schedule === 'persistent' ? 'fused' : 'layered'];
}

/** Linear(D,1) sums 1 + (D + 1) quantities per sample. */
const workOf = (N: number, D: number): number => N * (D + 2);

/** How long to sleep before waiting on a run of N samples × steps, from the measured cost. */
export function expectedSleepMs(
  context: GpuContext,
  schedule: GpuSchedule,
  N: number,
  D: number,
  steps: number,
): number {
  return sleepBeforeReadbackMs(
    costOf(context, schedule),
    workOf(N, D),
    steps,
    context.spinsWhileWaiting,
  );
}

/** Steps that take about one frame of GPU time; 1 when the cost is not known. */
export function stepsPerFrame(
  context: GpuContext,
  schedule: GpuSchedule,
  N: number,
  D: number,
): number {
  return framesOf(costOf(context, schedule), workOf(N, D)) ?? 1;
}
