/**
 * The optimizers, with PyTorch 1.13's update rules (torch.optim, single-tensor path), after the
 * regularization's gradient is added to each weight's (TensorFlow Playground's penalties, on the
 * weights and not the biases: l1 rate·Σ|w| gives rate·sign(w), l2 rate·½Σw² gives rate·w):
 *   sgd       p -= lr·(g + wd·p)
 *   momentum  b = μ·b + (g + wd·p)  (b = g on the first step);  p -= lr·b
 *   nesterov  as momentum, then p -= lr·(g + wd·p + μ·b)
 *   adam      g += wd·p; m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²;
 *             p -= (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε)
 *   adamw     p *= 1 − lr·wd, then adam without the wd in g
 */
export type OptimizerName = 'sgd' | 'momentum' | 'nesterov' | 'adam' | 'adamw';
export const OPTIMIZERS: readonly OptimizerName[] = [
  'sgd',
  'momentum',
  'nesterov',
  'adam',
  'adamw',
];

/** A penalty on the weights added to the loss that the gradient descends (the loss shown is the data's alone). */
export const REGULARIZATIONS = ['none', 'l1', 'l2'] as const;
export type RegularizationName = (typeof REGULARIZATIONS)[number];

export interface OptimizerSpec {
  readonly name: OptimizerName;
  readonly lr: number;
  /** momentum μ (momentum, nesterov); default 0.9 */
  readonly momentum?: number;
  /** L2 weight decay (decoupled for adamw); default 0, 0.01 for adamw as in PyTorch */
  readonly weightDecay?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  /** default none */
  readonly regularization?: RegularizationName;
  /** the penalty's rate λ; default 0 */
  readonly regularizationRate?: number;
}

export interface ResolvedOptimizer {
  readonly name: OptimizerName;
  readonly lr: number;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly regularization: RegularizationName;
  readonly regularizationRate: number;
}

export function resolveOptimizer(spec: OptimizerSpec): ResolvedOptimizer {
  const regularization = spec.regularization ?? 'none';
  return {
    name: spec.name,
    lr: spec.lr,
    momentum: spec.momentum ?? 0.9,
    weightDecay: spec.weightDecay ?? (spec.name === 'adamw' ? 0.01 : 0),
    beta1: spec.beta1 ?? 0.9,
    beta2: spec.beta2 ?? 0.999,
    eps: spec.eps ?? 1e-8,
    regularization,
    regularizationRate: regularization === 'none' ? 0 : (spec.regularizationRate ?? 0),
  };
}

/** Floats of optimizer state per param: a momentum buffer, or Adam's two moments. */
export function stateSlots(name: OptimizerName): number {
  return name === 'sgd' ? 0 : name === 'momentum' || name === 'nesterov' ? 1 : 2;
}

/**
 * The scalars an update uses, each computed in float64 and then rounded once to the working
 * precision, as PyTorch turns a Python float into a tensor's scalar type. The GPU receives the
 * same f32 values in its uniform, so kernel and reference start from the same bits.
 */
export interface OptimizerScalars {
  readonly lr: number;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly beta1: number;
  readonly oneMinusBeta1: number;
  readonly beta2: number;
  readonly oneMinusBeta2: number;
  readonly eps: number;
  /** adamw's decoupled decay factor 1 − lr·wd */
  readonly decay: number;
  /** the l1 and l2 rates: the one the regularization names, the other 0 */
  readonly l1: number;
  readonly l2: number;
}

export function optimizerScalars(
  opt: ResolvedOptimizer,
  round: (x: number) => number,
): OptimizerScalars {
  return {
    lr: round(opt.lr),
    momentum: round(opt.momentum),
    weightDecay: round(opt.weightDecay),
    beta1: round(opt.beta1),
    oneMinusBeta1: round(1 - opt.beta1),
    beta2: round(opt.beta2),
    oneMinusBeta2: round(1 - opt.beta2),
    eps: round(opt.eps),
    decay: round(1 - opt.lr * opt.weightDecay),
    l1: opt.regularization === 'l1' ? round(opt.regularizationRate) : 0,
    l2: opt.regularization === 'l2' ? round(opt.regularizationRate) : 0,
  };
}

/**
 * Adam's bias corrections for step t (from 1), in float64 and rounded once, as PyTorch computes
 * them: the step size lr / (1 − β₁ᵗ) and √(1 − β₂ᵗ).
 */
export function adamCorrections(
  opt: ResolvedOptimizer,
  t: number,
  round: (x: number) => number,
): [stepSize: number, bc2sqrt: number] {
  return [round(opt.lr / (1 - opt.beta1 ** t)), round(Math.sqrt(1 - opt.beta2 ** t))];
}

/**
 * The corrections for steps 1, 2, … in f32, up to the first step from which both have reached
 * their limits (lr and 1) in f32 and stay there, since both move monotonically towards them. The
 * kernels read entry min(t, length) − 1; a run of any length needs at most this table.
 */
export function adamCorrectionTable(opt: ResolvedOptimizer, steps: number): Float32Array {
  const f32 = Math.fround;
  const limit = [f32(opt.lr), 1];
  const values: number[] = [];
  for (let t = 1; t <= steps; t++) {
    const [stepSize, bc2sqrt] = adamCorrections(opt, t, f32);
    values.push(stepSize, bc2sqrt);
    if (stepSize === limit[0] && bc2sqrt === limit[1]) break;
  }
  return Float32Array.from(values);
}

/** Which params are weights (1) and which biases (0): the regularization penalizes the weights. */
export function weightMask(
  layers: readonly { readonly weightOffset: number; readonly biasOffset: number }[],
  P: number,
): Uint8Array {
  const mask = new Uint8Array(P);
  for (const layer of layers) mask.fill(1, layer.weightOffset, layer.biasOffset);
  return mask;
}

/** A weight's mean gradient with the penalty's added: rate·sign(w) for l1 (0 at w = 0, as PyTorch's abs), rate·w for l2. */
export function regularizedGradCpu(
  c: Pick<OptimizerScalars, 'l1' | 'l2'>,
  p: number,
  g: number,
  round: (x: number) => number,
): number {
  let out = g;
  if (c.l1 !== 0) out = round(out + round(c.l1 * Math.sign(p)));
  if (c.l2 !== 0) out = round(out + round(c.l2 * p));
  return out;
}

/**
 * One update of every param, in place, in the working precision (`round`). `step` counts from 1.
 * `grads` are the means (sum / B). `state` holds stateSlots floats per param, [slot][param].
 * `weights` marks the params the regularization penalizes (weightMask).
 */
export function optimizerStepCpu(
  opt: ResolvedOptimizer,
  params: Float32Array | Float64Array,
  grads: Float32Array | Float64Array,
  state: Float32Array | Float64Array,
  step: number,
  round: (x: number) => number,
  weights: Uint8Array,
): void {
  const P = params.length;
  const c = optimizerScalars(opt, round);
  const [stepSize, bc2sqrt] = adamCorrections(opt, step, round);
  const adam = opt.name === 'adam' || opt.name === 'adamw';
  for (let k = 0; k < P; k++) {
    let p = params[k] as number;
    let g = grads[k] as number;
    if (weights[k] === 1) g = regularizedGradCpu(c, p, g, round);
    if (opt.name === 'adamw') p = round(p * c.decay);
    else if (c.weightDecay !== 0) g = round(g + round(c.weightDecay * p));
    if (opt.name === 'sgd') {
      p = round(p - round(c.lr * g));
    } else if (!adam) {
      const b = step === 1 ? g : round(round(c.momentum * (state[k] as number)) + g);
      state[k] = b;
      const d = opt.name === 'nesterov' ? round(g + round(c.momentum * b)) : b;
      p = round(p - round(c.lr * d));
    } else {
      const m = round(round(c.beta1 * (state[k] as number)) + round(c.oneMinusBeta1 * g));
      const v = round(
        round(c.beta2 * (state[P + k] as number)) + round(round(c.oneMinusBeta2 * g) * g),
      );
      state[k] = m;
      state[P + k] = v;
      const denom = round(round(Math.sqrt(v) / bc2sqrt) + c.eps);
      p = round(p - round(stepSize * round(m / denom)));
    }
    params[k] = p;
  }
}
