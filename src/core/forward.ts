/**
 * A model's forward pass on one sample, in the order every engine keeps: each output adds its
 * inputs k in order, s = round(s + round(x·w)), then adds the bias; hidden layers apply the
 * activation. The CPU reference's step (src/reference/stages.ts) and prediction both run it.
 */
import { activate } from './activations.ts';
import type { Arithmetic, Floats } from './arithmetic.ts';
import type { Network } from './network.ts';
import type { LayerShape } from './spec.ts';

const fround = Math.fround;

/**
 * X's row `row` through every layer: the hidden layers' outputs into `act` (at net.actOffset),
 * the output layer's pre-activations (the logits) into `outputs[0…K)`.
 */
export function forwardSample(
  net: Network,
  params: Floats,
  X: Floats,
  row: number,
  act: Float64Array,
  outputs: Float64Array,
  a: Arithmetic,
): void {
  const { round } = a;
  const f32 = a.precision === 'f32';
  const { layers, spec } = net;
  const L = layers.length;
  const D = net.inputs;
  for (let l = 0; l < L; l++) {
    const layer = layers[l] as LayerShape;
    const IN = layer.inputs;
    const inAt = l === 0 ? row * D : (net.actOffset[l - 1] as number);
    const source = l === 0 ? X : act;
    for (let j = 0; j < layer.outputs; j++) {
      let s = 0;
      const w = layer.weightOffset + j * IN;
      // the same sums either way: each loop written for its precision, so the engine can inline
      // Math.fround (f32) or add plainly (f64: rounding to f64 changes nothing)
      if (f32)
        for (let k = 0; k < IN; k++)
          s = fround(s + fround((source[inAt + k] as number) * (params[w + k] as number)));
      else
        for (let k = 0; k < IN; k++) s += (source[inAt + k] as number) * (params[w + k] as number);
      const z = round(s + (params[layer.biasOffset + j] as number));
      if (l + 1 < L) act[(net.actOffset[l] as number) + j] = activate(spec.activation, z, a);
      else outputs[j] = z;
    }
  }
}
