/**
 * The one place that fixes what the WGSL kernels, their CPU twins and the host code share:
 * dimension letters, buffer layouts, binding indices and workgroup-size bounds.
 *
 * Dimension letters: N samples, D features, G workgroups (partial sums), T steps.
 *
 * Buffers (all f32):
 *   X        N×D row-major features
 *   y        N labels, 0 or 1
 *   params   D+1: weight[0..D-1] then bias                       (PARAMS_BIAS_OFFSET = D)
 *   partials G×(D+2): per workgroup [loss sum, grad w[0..D-1] sums, grad b sum]
 *   losses   T: mean loss before update t
 */

/** Bytes in one f32, the only element type on the GPU. */
export const F32_BYTES = Float32Array.BYTES_PER_ELEMENT;

/** Floats per partial-sum record: the loss, D weight gradients, the bias gradient. */
export function partialStride(D: number): number {
  return D + 2;
}

/** Index of each quantity inside one partial-sum record. */
export const PARTIAL_LOSS = 0;
export const PARTIAL_GRAD_W = 1;
export function partialGradB(D: number): number {
  return D + 1;
}

/** Floats in the params buffer: D weights then the bias. */
export function paramCount(D: number): number {
  return D + 1;
}

/** Binding indices, group 0, shared by every kernel that touches them. */
export const BINDING = {
  X: 0,
  y: 1,
  params: 2,
  partials: 3,
  losses: 4,
  control: 5,
  chunk: 6,
  hyper: 7,
} as const;

/**
 * control buffer (u32 words): the step counter the kernels advance, so many steps can be
 * queued in one submit without the host writing anything between them.
 */
export const CONTROL_STEP = 0;
/** first step whose loss or parameters were not finite, or NO_FAULT */
export const CONTROL_FIRST_BAD_STEP = 1;
export const CONTROL_WORDS = 4;
export const NO_FAULT = 0xffffffff;

/** Workgroup sizes the engine will choose between (powers of two: the reduction tree needs it). */
export const WORKGROUP_SIZES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] as const;
export type WorkgroupSize = (typeof WORKGROUP_SIZES)[number];

/** How often training reports progress, in milliseconds: about one animation frame. */
export const PROGRESS_INTERVAL_MS = 16;

/** What a run reports while it trains, on either backend. */
export interface TrainProgress {
  readonly stepsDone: number;
  readonly steps: number;
  /** the losses of the steps done so far (a view; copy it to keep it) */
  readonly losses: Float32Array | Float64Array;
  /** the weights then the bias after those steps (a view; copy it to keep it) */
  readonly params: Float32Array | Float64Array;
}
