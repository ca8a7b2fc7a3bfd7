import type { Precision } from '../cpu/index.ts';
import type { Backend } from './options.ts';

/** What the WebGPU adapter is, in the words the CLI and the page show. */
export interface AdapterSummary {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** a fallback (software) adapter such as SwiftShader: a CPU, not a GPU */
  readonly isFallbackAdapter: boolean;
}

export type Schedule = 'cpu-reference' | 'persistent' | 'multi-workgroup';

export interface TrainTimings {
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
  readonly dispatchCount: number;
  readonly submitCount: number;
  readonly adapter: AdapterSummary | null;
}
