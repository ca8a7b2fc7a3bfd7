/**
 * PyTorch on the same MLP workload (tools/bench_torch.py --mlp): what the benchmark sends it and
 * what comes back. The same rows, initial params, optimizer and batch order (numpy's
 * RandomState(seed).permutation per epoch, as webgpu-train draws it), so every step's loss can
 * be compared. Running Python is the command line's part (src/cli/torch_runner.ts).
 */
import type { Dataset } from '../data/index.ts';
import type { Spread } from './stats.ts';

export interface TorchRequest {
  readonly X: number[][];
  /** class indices */
  readonly y: number[];
  /** 2: one logit and BCEWithLogitsLoss; K > 2: K logits and CrossEntropyLoss */
  readonly classes: number;
  readonly hidden: readonly number[];
  readonly activation: string;
  readonly optimizer: { readonly name: 'adam'; readonly lr: number };
  readonly batchSize: number;
  readonly epochs: number;
  readonly shuffleSeed: number;
  /** per layer W row-major (outputs × inputs), then b */
  readonly initialParams: number[];
  readonly repeats: number;
}

export interface TorchFigures {
  readonly available: boolean;
  /** why not, when not available */
  readonly reason: string | null;
  readonly version: string | null;
  readonly threads: number | null;
  /** the training loop (loss.item() each step, as a user's loop does), after one warm-up run */
  readonly trainMs: Spread | null;
  readonly losses: number[];
}

export function torchRequest(
  data: Dataset,
  run: Omit<TorchRequest, 'X' | 'y' | 'initialParams'> & { initialParams: ArrayLike<number> },
): TorchRequest {
  const D = data.nFeatures;
  return {
    ...run,
    X: Array.from({ length: data.nSamples }, (_, i) =>
      Array.from(data.X.subarray(i * D, (i + 1) * D)),
    ),
    y: Array.from(data.y),
    initialParams: Array.from(run.initialParams),
  };
}

export const torchUnavailable = (reason: string): TorchFigures => ({
  available: false,
  reason,
  version: null,
  threads: null,
  trainMs: null,
  losses: [],
});
