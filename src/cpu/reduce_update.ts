import type { Arithmetic } from './arithmetic.ts';
import { PARTIAL_LOSS, partialStride } from '../layout/index.ts';
import { treeReduce } from './forward_loss_grad.ts';

type Floats = Float32Array | Float64Array;

/**
 * CPU twin of shaders/reduce_update.wgsl. Sums the G partial records in the kernel's order
 * (thread t of WG adds records t, t+WG, … in turn, then the tree), records the mean loss as
 * losses[step], and takes one gradient-descent step: w -= lr · (Σ∂w / N), b -= lr · (Σ∂b / N).
 * Returns the mean loss.
 */
export function reduceUpdateCpu(
  partials: Floats,
  params: Floats,
  losses: Floats,
  step: number,
  N: number,
  D: number,
  G: number,
  workgroupSize: number,
  lr: number,
  a: Arithmetic,
): number {
  const S = partialStride(D);
  const { round } = a;
  const scratch = new Float64Array(workgroupSize * S);
  for (let t = 0; t < workgroupSize; t++) {
    for (let g = t; g < G; g += workgroupSize) {
      for (let q = 0; q < S; q++) {
        scratch[t * S + q] = round(
          (scratch[t * S + q] as number) + (partials[g * S + q] as number),
        );
      }
    }
  }
  treeReduce(scratch, workgroupSize, S, a);
  const n = round(N);
  const rate = round(lr);
  const meanLoss = round((scratch[PARTIAL_LOSS] as number) / n);
  losses[step] = meanLoss;
  for (let k = 0; k <= D; k++) {
    const grad = round((scratch[k + 1] as number) / n);
    params[k] = round((params[k] as number) - round(rate * grad));
  }
  return meanLoss;
}
