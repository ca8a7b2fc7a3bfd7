import { RandomState } from '../data/index.ts';
import { paramCount } from '../layout/index.ts';
import { TrainOptionError } from './options.ts';

/** Where the initial weights come from: given outright, or drawn from a seed. */
export type Init =
  { readonly weight: readonly number[]; readonly bias: number } | { readonly seed: number };

/**
 * The initial params (D weights, then the bias). A seed draws them as PyTorch's nn.Linear
 * default does, every one uniform in ±1/√D (kaiming_uniform with a=√5 gives that bound for
 * the weight, and the bias uses it too), from webgpu-train's RandomState: the distribution
 * is PyTorch's, the bits are not torch.manual_seed's.
 */
export function initialParams(D: number, init: Init): Float64Array {
  const params = new Float64Array(paramCount(D));
  if ('seed' in init) {
    const rng = new RandomState(init.seed);
    const bound = 1 / Math.sqrt(D);
    for (let k = 0; k <= D; k++) params[k] = rng.uniform(-bound, bound);
    return params;
  }
  if (init.weight.length !== D) {
    throw new TrainOptionError(
      'init.weight',
      `the initial weight needs ${D} numbers (one per feature), got ${init.weight.length}`,
    );
  }
  params.set(init.weight);
  params[D] = init.bias;
  return params;
}
