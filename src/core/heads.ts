/**
 * The heads: what a network's outputs mean and which loss trains them, each registered once with
 * its CPU form (in either precision), its WGSL file, its PyTorch loss, how it reads labels and
 * what a row predicts. Metrics per head are in src/core/metrics.ts.
 *
 *   binary      one logit z; σ(z) is P(class 1); BCE from the logit (PyTorch's BCEWithLogitsLoss)
 *   multiclass  K logits; softmax; cross-entropy by log-sum-exp (PyTorch's CrossEntropyLoss on
 *               class indices)
 *   regression  one linear output; squared error (PyTorch's MSELoss)
 *
 * Every loss is a mean over the batch's rows of a per-row loss; the residual is ∂(per-row loss)/∂z,
 * before the batch's 1/B (src/reference/stages.ts, meanOf).
 *
 * Adding a head: an entry here, its WGSL in shaders/heads/<name>.wgsl (registered in
 * src/gpu/kernels.ts), its metrics in src/core/metrics.ts, and its name in HEADS.
 */
import type { Arithmetic } from './arithmetic.ts';

export const HEADS = ['binary', 'multiclass', 'regression'] as const;
export type HeadName = (typeof HEADS)[number];

/** What a label column holds: classes, or numbers to predict. */
export const TASKS = ['classification', 'regression'] as const;
export type Task = (typeof TASKS)[number];

/** The most classes a multiclass head takes. */
export const MAX_CLASSES = 1000;

export interface Head {
  readonly name: HeadName;
  readonly task: Task;
  /**
   * One row's loss from its outputs z[0…K), with ∂loss/∂z written to residual[at…at+K) when a
   * residual is given. `label` is a class index (classification) or the target (regression).
   */
  lossAndResidual(
    z: Float64Array,
    K: number,
    label: number,
    residual: Float64Array | null,
    at: number,
    a: Arithmetic,
  ): number;
  /**
   * What a row predicts from its outputs, in float64, into out[at…): binary P(class 1); multiclass
   * each class's probability (K values); regression the value.
   */
  predict(z: Float64Array, K: number, out: Float64Array, at: number): void;
  /** values predict() writes per row, for K outputs */
  predictionWidth(K: number): number;
  /**
   * The WGSL file that defines head_loss_residual: 'scalar' for one output,
   * `fn head_loss_residual(z: f32, label: f32) -> vec2<f32>` (loss, residual); 'vector' for K,
   * `fn head_loss_residual(z: ptr<function, array<f32, OUT>>, label: f32) -> f32`, which returns
   * the loss and leaves the residuals in z.
   */
  readonly wgsl: { readonly file: string; readonly form: 'scalar' | 'vector' };
  /** PyTorch's loss module, its functional form, and the dtype its target takes */
  readonly torch: {
    readonly module: string;
    readonly functional: string;
    readonly target: 'float' | 'long';
  };
  /** a label the head cannot take (a class index out of range, a non-finite target), or null */
  labelProblem(label: number, K: number): string | null;
  /** a few words for summaries: "softmax over 3 classes, cross-entropy" */
  describe(K: number): string;
}

/** σ(z) from e = e^−|z|, as the kernels compute it. */
const sigmoidOf = (z: number, e: number, a: Arithmetic): number => {
  const onePlusE = a.round(1 + e);
  return z >= 0 ? a.round(1 / onePlusE) : a.round(e / onePlusE);
};

const classProblem = (label: number, K: number): string | null =>
  Number.isInteger(label) && label >= 0 && label < K
    ? null
    : `a class label must be a whole number from 0 to ${K - 1}, got ${label}`;

/**
 * Stable BCE from the logit and r = σ(z) − y, from a single e^−|z|:
 * loss = max(z,0) − z·y + log1p(e^−|z|), finite for every finite z (shaders/heads/binary.wgsl).
 */
const binary: Head = {
  name: 'binary',
  task: 'classification',
  lossAndResidual(z, _K, label, residual, at, a) {
    const { round } = a;
    const x = z[0] as number;
    const e = a.exp(-Math.abs(x));
    const loss = round(round(Math.max(x, 0) - round(x * label)) + a.log1p(e));
    if (residual !== null) residual[at] = round(sigmoidOf(x, e, a) - label);
    return loss;
  },
  predict(z, _K, out, at) {
    out[at] = 1 / (1 + Math.exp(-(z[0] as number)));
  },
  predictionWidth: () => 1,
  wgsl: { file: 'heads/binary.wgsl', form: 'scalar' },
  torch: {
    module: 'nn.BCEWithLogitsLoss',
    functional: 'binary_cross_entropy_with_logits',
    target: 'float',
  },
  labelProblem: (label) => classProblem(label, 2),
  describe: () => 'sigmoid, binary cross-entropy',
};

/**
 * Softmax cross-entropy through log-sum-exp, as PyTorch's log_softmax: with m = max z and
 * s = Σ e^(z_j − m) (j in order), loss = log s − (z_y − m) and r_j = e^(z_j − m)/s − [j = y]
 * (shaders/heads/multiclass.wgsl).
 */
const multiclass: Head = {
  name: 'multiclass',
  task: 'classification',
  lossAndResidual(z, K, label, residual, at, a) {
    const { round } = a;
    let m = z[0] as number;
    for (let j = 1; j < K; j++) m = Math.max(m, z[j] as number);
    let s = 0;
    for (let j = 0; j < K; j++) {
      const e = a.exp(round((z[j] as number) - m));
      if (residual !== null) residual[at + j] = e;
      s = round(s + e);
    }
    const loss = round(a.log(s) - round((z[label] as number) - m));
    if (residual !== null) {
      for (let j = 0; j < K; j++)
        residual[at + j] = round(round((residual[at + j] as number) / s) - (j === label ? 1 : 0));
    }
    return loss;
  },
  predict(z, K, out, at) {
    let m = z[0] as number;
    for (let j = 1; j < K; j++) m = Math.max(m, z[j] as number);
    let s = 0;
    for (let j = 0; j < K; j++) s += Math.exp((z[j] as number) - m);
    for (let j = 0; j < K; j++) out[at + j] = Math.exp((z[j] as number) - m) / s;
  },
  predictionWidth: (K) => K,
  wgsl: { file: 'heads/multiclass.wgsl', form: 'vector' },
  torch: { module: 'nn.CrossEntropyLoss', functional: 'cross_entropy', target: 'long' },
  labelProblem: classProblem,
  describe: (K) => `softmax over ${K} classes, cross-entropy`,
};

/** Squared error (z − y)² and its derivative 2(z − y) (shaders/heads/regression.wgsl). */
const regression: Head = {
  name: 'regression',
  task: 'regression',
  lossAndResidual(z, _K, label, residual, at, a) {
    const d = a.round((z[0] as number) - label);
    if (residual !== null) residual[at] = 2 * d;
    return a.round(d * d);
  },
  predict(z, _K, out, at) {
    out[at] = z[0] as number;
  },
  predictionWidth: () => 1,
  wgsl: { file: 'heads/regression.wgsl', form: 'scalar' },
  torch: { module: 'nn.MSELoss', functional: 'mse_loss', target: 'float' },
  labelProblem: (label) =>
    Number.isFinite(label) ? null : `a target must be finite, got ${label}`,
  describe: () => 'linear output, mean squared error',
};

export const HEAD: Readonly<Record<HeadName, Head>> = { binary, multiclass, regression };

/** The head for a task with K classes: two classes take the binary head, more the softmax. */
export function headFor(task: Task, classes: number): HeadName {
  if (task === 'regression') return 'regression';
  return classes <= 2 ? 'binary' : 'multiclass';
}

/** Outputs of the network for a head: K logits for multiclass, one otherwise. */
export function outputsOf(head: HeadName, classes: number): number {
  return head === 'multiclass' ? classes : 1;
}
