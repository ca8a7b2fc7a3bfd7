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
 * One update of every param, in place. `step` counts from 1. `state` holds stateSlots floats per
 * param, [slot][param]. `round` is the precision's rounding (Math.fround in f32).
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
  const { lr, momentum: mu, weightDecay: wd, beta1, beta2, eps } = opt;
  // in float64, rounded once to the working precision, as PyTorch passes these scalars
  const bc2sqrt = round(Math.sqrt(1 - beta2 ** step));
  const stepSize = round(lr / (1 - beta1 ** step));
  for (let k = 0; k < P; k++) {
    let p = params[k] as number;
    let g = grads[k] as number;
    if (opt.name === 'adamw') p = round(p * round(1 - round(lr * wd)));
    else if (wd !== 0) g = round(g + round(wd * p));
    if (opt.name === 'sgd') {
      p = round(p - round(lr * g));
    } else if (opt.name === 'momentum' || opt.name === 'nesterov') {
      const b = step === 1 ? g : round(round(mu * (state[k] as number)) + g);
      state[k] = b;
      const d = opt.name === 'nesterov' ? round(g + round(mu * b)) : b;
      p = round(p - round(lr * d));
    } else {
      const m = round(round(beta1 * (state[k] as number)) + round((1 - beta1) * g));
      const v = round(round(beta2 * (state[P + k] as number)) + round(round((1 - beta2) * g) * g));
      state[k] = m;
      state[P + k] = v;
      const denom = round(round(Math.sqrt(v) / bc2sqrt) + eps);
      p = round(p - round(stepSize * round(m / denom)));
    }
    params[k] = p;
  }
}
