import { RandomState } from '../data/index.ts';
import { layerShapes, paramCountOf, type ModelSpec } from './spec.ts';

/**
 * Initial params as PyTorch's nn.Linear draws them by default — every weight and bias of a layer
 * uniform in ±1/√fan_in — layer by layer, weight then bias, from webgpu-train's RandomState.
 */
export function initialModelParams(spec: ModelSpec, seed: number): Float64Array {
  const rng = new RandomState(seed);
  const params = new Float64Array(paramCountOf(spec));
  for (const layer of layerShapes(spec)) {
    const bound = 1 / Math.sqrt(layer.inputs);
    for (let k = 0; k < layer.inputs * layer.outputs; k++)
      params[layer.weightOffset + k] = rng.uniform(-bound, bound);
    for (let j = 0; j < layer.outputs; j++)
      params[layer.biasOffset + j] = rng.uniform(-bound, bound);
  }
  return params;
}
