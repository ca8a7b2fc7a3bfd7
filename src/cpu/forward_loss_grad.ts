import type { Arithmetic } from './arithmetic.ts';
import { PARTIAL_GRAD_W, PARTIAL_LOSS, partialGradB, partialStride } from '../layout/index.ts';

type Floats = Float32Array | Float64Array;

/** How the GPU splits the sum: G workgroups of WG threads, thread t of workgroup g owning samples gid, gid+G·WG, … */
export interface ReductionLayout {
  readonly workgroupSize: number;
  readonly numWorkgroups: number;
}

/** The sequential sum: one thread, samples in order. */
export const SEQUENTIAL: ReductionLayout = { workgroupSize: 1, numWorkgroups: 1 };

/**
 * One sample's logit, stable BCE and gradient factor, shared by the reference and the fast path.
 * loss = max(z,0) - z·y + log1p(e^-|z|);  p = σ(z) from the same e^-|z|;  r = p - y.
 */
export function sampleLossAndResidual(z: number, label: number, a: Arithmetic): [number, number] {
  const { round } = a;
  const e = a.exp(-Math.abs(z));
  const loss = round(round(Math.max(z, 0) - round(z * label)) + a.log1p(e));
  const onePlusE = round(1 + e);
  const p = z >= 0 ? round(1 / onePlusE) : round(e / onePlusE);
  return [loss, round(p - label)];
}

/**
 * CPU twin of shaders/forward_loss_grad.wgsl. For the current params, writes into
 * partials[g·(D+2) + …] each workgroup's sums of the per-sample loss and gradient
 * (loss, ∂/∂w[0..D-1], ∂/∂b), reduced in the kernel's order: each thread sums its samples
 * in turn, then the workgroup adds pairs in a tree (stride WG/2, WG/4, …, 1).
 *
 * X: N×D row-major, y: N, params: D+1 (weights then bias), partials: G×(D+2).
 */
export function forwardLossGradCpu(
  X: Floats,
  y: Floats,
  params: Floats,
  partials: Floats,
  N: number,
  D: number,
  layout: ReductionLayout,
  a: Arithmetic,
): void {
  const { workgroupSize: WG, numWorkgroups: G } = layout;
  const S = partialStride(D);
  const threads = G * WG;
  const bias = params[D] as number;
  const scratch = new Float64Array(WG * S);
  const { round } = a;
  for (let g = 0; g < G; g++) {
    scratch.fill(0);
    for (let t = 0; t < WG; t++) {
      const acc = t * S;
      for (let i = g * WG + t; i < N; i += threads) {
        let dot = 0;
        for (let k = 0; k < D; k++)
          dot = round(dot + round((params[k] as number) * (X[i * D + k] as number)));
        const z = round(dot + bias);
        const [loss, r] = sampleLossAndResidual(z, y[i] as number, a);
        scratch[acc + PARTIAL_LOSS] = round((scratch[acc + PARTIAL_LOSS] as number) + loss);
        for (let k = 0; k < D; k++) {
          const j = acc + PARTIAL_GRAD_W + k;
          scratch[j] = round((scratch[j] as number) + round(r * (X[i * D + k] as number)));
        }
        const jb = acc + partialGradB(D);
        scratch[jb] = round((scratch[jb] as number) + r);
      }
    }
    treeReduce(scratch, WG, S, a);
    for (let q = 0; q < S; q++) partials[g * S + q] = scratch[q] as number;
  }
}

/** The workgroup tree: at stride s, slot t += slot t+s for t < s; the total ends in slot 0. */
export function treeReduce(scratch: Float64Array, WG: number, S: number, a: Arithmetic): void {
  for (let s = WG >> 1; s > 0; s >>= 1) {
    for (let t = 0; t < s; t++) {
      for (let q = 0; q < S; q++) {
        scratch[t * S + q] = a.round(
          (scratch[t * S + q] as number) + (scratch[(t + s) * S + q] as number),
        );
      }
    }
  }
}
