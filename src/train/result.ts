import type { Precision } from '../cpu/index.ts';
import type { Backend } from './options.ts';
import type { AdapterSummary, Tuning } from '../gpu/index.ts';

export type { AdapterSummary } from '../gpu/index.ts';

export type Schedule = 'cpu-reference' | 'persistent' | 'multi-workgroup';

export interface TrainTimings {
  /** getting the device, and the tuning pass when one ran (0 on the CPU) */
  readonly deviceMs: number;
  /** device, buffers and pipelines, including shader compilation */
  readonly setupMs: number;
  /** shader compilation alone (part of setupMs) */
  readonly compileMs: number;
  /** the training loop, from the first submit to the last loss read back */
  readonly trainMs: number;
  /** time the GPU spent, from timestamp queries; null where the adapter has none */
  readonly gpuMs: number | null;
}

export interface TrainResult {
  readonly backend: Backend;
  readonly precision: Precision;
  readonly steps: number;
  readonly lr: number;
  /** losses[t] is the mean BCE before update t */
  readonly losses: Float32Array | Float64Array;
  readonly weight: number[];
  readonly bias: number;
  /** fraction of the training samples classified correctly by the final model */
  readonly accuracy: number;
  /** wall time of the whole call */
  readonly elapsedMs: number;
  readonly timings: TrainTimings;
  readonly schedule: Schedule;
  readonly workgroupSize: number | null;
  /** the workgroup shapes the GPU ran with, and whether they were measured here; null on the CPU */
  readonly tuning: Tuning | null;
  readonly dispatchCount: number;
  readonly submitCount: number;
  /** GPU-to-host readbacks (mapAsync calls) */
  readonly readbackCount: number;
  /** the first step whose loss or parameters were not finite (the run stopped there), or null */
  readonly firstBadStep: number | null;
  readonly adapter: AdapterSummary | null;
}
