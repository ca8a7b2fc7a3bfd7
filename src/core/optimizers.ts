/**
 * The optimizers, with PyTorch 1.13's update rules (torch.optim, single-tensor path):
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
}

export interface ResolvedOptimizer {
  readonly name: OptimizerName;
  readonly lr: number;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
}

export function resolveOptimizer(spec: OptimizerSpec): ResolvedOptimizer {
  return {
    name: spec.name,
    lr: spec.lr,
    momentum: spec.momentum ?? 0.9,
    weightDecay: spec.weightDecay ?? (spec.name === 'adamw' ? 0.01 : 0),
    beta1: spec.beta1 ?? 0.9,
    beta2: spec.beta2 ?? 0.999,
    eps: spec.eps ?? 1e-8,
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

/**
 * One update of every param, in place, in the working precision (`round`). `step` counts from 1.
 * `grads` are the means (sum / B). `state` holds stateSlots floats per param, [slot][param].
 */
export function optimizerStepCpu(
  opt: ResolvedOptimizer,
  params: Float32Array | Float64Array,
  grads: Float32Array | Float64Array,
  state: Float32Array | Float64Array,
  step: number,
  round: (x: number) => number,
): void {
  const P = params.length;
  const c = optimizerScalars(opt, round);
  const [stepSize, bc2sqrt] = adamCorrections(opt, step, round);
  const adam = opt.name === 'adam' || opt.name === 'adamw';
  for (let k = 0; k < P; k++) {
    let p = params[k] as number;
    let g = grads[k] as number;
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
