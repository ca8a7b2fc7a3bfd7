import { RandomState } from './random_state.ts';
import { layerShapes, paramCount, type ModelSpec } from './spec.ts';

/**
 * Initial params as PyTorch's nn.Linear draws them by default — every weight and bias of a layer
 * uniform in ±1/√fan_in (kaiming_uniform with a = √5 gives that bound for the weight, and the
 * bias uses it too) — layer by layer, weight then bias, from webgpu-train's RandomState: the
 * distribution is PyTorch's, the bits are not torch.manual_seed's.
 */
export function initialParams(spec: ModelSpec, seed: number): Float64Array {
  const rng = new RandomState(seed);
  const params = new Float64Array(paramCount(spec));
  for (const layer of layerShapes(spec)) {
    const bound = 1 / Math.sqrt(layer.inputs);
    for (let k = 0; k < layer.inputs * layer.outputs; k++)
      params[layer.weightOffset + k] = rng.uniform(-bound, bound);
    for (let j = 0; j < layer.outputs; j++)
      params[layer.biasOffset + j] = rng.uniform(-bound, bound);
  }
  return params;
}
