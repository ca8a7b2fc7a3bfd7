/**
 * How the kernels are shaped on one adapter: the workgroup sizes of both schedules, how many
 * blocks the layered schedule spreads a batch over, and where the automatic choice moves from
 * fused to layered. Defaults by kind of adapter; a tuning pass (src/gpu/tune.ts) measures them.
 */
import type { AdapterSummary } from './adapter.ts';

/** One step's GPU time as a line in the step's work W = B·S: fixedNs + perWorkNs · W. */
export interface StepCost {
  readonly fixedNs: number;
  readonly perWorkNs: number;
}

export interface Tuning {
  /** threads in the fused schedule's one workgroup */
  readonly fusedWorkgroupSize: number;
  /** threads per workgroup of the layered schedule's per-block kernels */
  readonly layeredWorkgroupSize: number;
  /** the most blocks (workgroups) one layered step spreads its batch over */
  readonly layeredMaxBlocks: number;
  /** threads per workgroup that add the blocks' partial sums */
  readonly reduceWorkgroupSize: number;
  /** the most work per step (batch × (1 + params)) that the automatic choice runs fused */
  readonly fusedMaxWork: number;
  /** measured step costs, by schedule; null when not measured */
  readonly stepCost: { readonly fused: StepCost | null; readonly layered: StepCost | null };
  /** 'measured' by a tuning pass on this adapter, or the 'default' for its kind */
  readonly source: 'measured' | 'default';
}

/**
 * A GPU fills a workgroup with 64–256 threads and the chip with hundreds of workgroups.
 * SwiftShader runs a workgroup on one CPU thread and a barrier costs about one pass over its
 * threads, so it wants tiny workgroups, and only as many blocks as it has cores to share.
 */
export function defaultTuning(adapter: AdapterSummary): Tuning {
  const unmeasured = { fused: null, layered: null };
  if (adapter.isSoftware) {
    return {
      fusedWorkgroupSize: 4,
      layeredWorkgroupSize: 16,
      layeredMaxBlocks: 8,
      reduceWorkgroupSize: 64,
      fusedMaxWork: 65_536,
      stepCost: unmeasured,
      source: 'default',
    };
  }
  return {
    fusedWorkgroupSize: 256,
    layeredWorkgroupSize: 256,
    layeredMaxBlocks: 1024,
    reduceWorkgroupSize: 256,
    fusedMaxWork: 65_536,
    stepCost: unmeasured,
    source: 'default',
  };
}

export function stepNs(cost: StepCost, work: number): number {
  return Math.max(0, cost.fixedNs + cost.perWorkNs * work);
}
