/**
 * The fastest straightforward single-threaded CPU trainer, for benchmarks: float32 typed arrays
 * for the data and weights, one fused loop per step (logit, stable BCE, gradient), float64
 * accumulators as a JavaScript engine gives them. Same model and update as the reference.
 */
export const FAST_CPU_PATH = 'fused float32 loop, single thread (src/bench/fast_loop.ts)';

/** Trains in place on `params` (D weights, then the bias); returns the loss before each step. */
export function trainCpuFast(
  X: Float32Array,
  y: Float32Array,
  params: Float32Array,
  N: number,
  D: number,
  steps: number,
  lr: number,
): Float32Array {
  const losses = new Float32Array(steps);
  const grad = new Float64Array(D);
  for (let t = 0; t < steps; t++) {
    losses[t] =
      D === 2
        ? stepTwoFeatures(X, y, params, N, lr)
        : stepAnyFeatures(X, y, params, grad, N, D, lr);
  }
  return losses;
}

// the tutorial's shape, written out: what a developer tuning this loop by hand would do
function stepTwoFeatures(
  X: Float32Array,
  y: Float32Array,
  params: Float32Array,
  N: number,
  lr: number,
): number {
  const w0 = params[0] as number;
  const w1 = params[1] as number;
  const b = params[2] as number;
  let loss = 0;
  let g0 = 0;
  let g1 = 0;
  let gb = 0;
  for (let i = 0; i < N; i++) {
    const x0 = X[2 * i] as number;
    const x1 = X[2 * i + 1] as number;
    const label = y[i] as number;
    const z = w0 * x0 + w1 * x1 + b;
    const e = Math.exp(-Math.abs(z));
    loss += Math.max(z, 0) - z * label + Math.log1p(e);
    const r = (z >= 0 ? 1 : e) / (1 + e) - label;
    g0 += r * x0;
    g1 += r * x1;
    gb += r;
  }
  params[0] = w0 - (lr * g0) / N;
  params[1] = w1 - (lr * g1) / N;
  params[2] = b - (lr * gb) / N;
  return loss / N;
}

function stepAnyFeatures(
  X: Float32Array,
  y: Float32Array,
  params: Float32Array,
  grad: Float64Array,
  N: number,
  D: number,
  lr: number,
): number {
  const b = params[D] as number;
  let loss = 0;
  let gb = 0;
  grad.fill(0);
  for (let i = 0; i < N; i++) {
    const row = i * D;
    let z = b;
    for (let k = 0; k < D; k++) z += (params[k] as number) * (X[row + k] as number);
    const label = y[i] as number;
    const e = Math.exp(-Math.abs(z));
    loss += Math.max(z, 0) - z * label + Math.log1p(e);
    const r = (z >= 0 ? 1 : e) / (1 + e) - label;
    for (let k = 0; k < D; k++) grad[k] = (grad[k] as number) + r * (X[row + k] as number);
    gb += r;
  }
  for (let k = 0; k < D; k++) params[k] = (params[k] as number) - (lr * (grad[k] as number)) / N;
  params[D] = b - (lr * gb) / N;
  return loss / N;
}
