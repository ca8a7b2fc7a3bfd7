/** What the Benchmark tab and its worker say to each other: one sweep per worker, rows as they finish. */
import type { AdapterSummary } from '../gpu/index.ts';

export interface BenchJob {
  readonly sizes: readonly number[];
  readonly steps: number;
  readonly repeats: number;
  readonly budgetMs: number;
  readonly tfjs: boolean;
  /** where TensorFlow.js's wasm backend finds its .wasm files */
  readonly wasmPaths: Readonly<Record<string, string>>;
}

export interface BenchRow {
  readonly N: number;
  readonly what: string;
  readonly stepsRun: number;
  readonly stepsAsked: number;
  readonly trainMs: number;
  readonly msPerStep: number;
  /** 'ok', 'MISMATCH' or 'reference': the check of its losses against the others' */
  readonly check: string;
}

export type BenchReply =
  | {
      readonly kind: 'adapter';
      readonly adapter: AdapterSummary | null;
      readonly problem: string | null;
    }
  | {
      readonly kind: 'start';
      readonly N: number;
      readonly what: string;
      readonly done: number;
      readonly total: number;
    }
  | { readonly kind: 'row'; readonly row: BenchRow }
  | { readonly kind: 'done'; readonly cpuPath: string }
  | { readonly kind: 'error'; readonly message: string };
