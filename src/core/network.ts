/**
 * The compiled shape of a model: what the CPU reference, the kernels' generators and the planner
 * need of a ModelSpec, computed once. Per-sample vectors: `act` holds the outputs of the hidden
 * layers (layer l at actOffset[l]); `delta` holds ∂loss/∂z of every layer, the output layer's
 * last (layer l at deltaOffset[l]), before the 1/B of the mean.
 */
import { layerShapes, paramCount, type LayerShape, type ModelSpec } from './spec.ts';

export interface Network {
  readonly spec: ModelSpec;
  readonly layers: readonly LayerShape[];
  /** D: inputs to the first layer */
  readonly inputs: number;
  readonly P: number;
  /** 1 + P: the loss, then every param's gradient */
  readonly S: number;
  readonly actOffset: readonly number[];
  readonly deltaOffset: readonly number[];
  readonly actFloats: number;
  readonly deltaFloats: number;
}

export function compileNetwork(spec: ModelSpec): Network {
  const layers = layerShapes(spec);
  const actOffset: number[] = [];
  const deltaOffset: number[] = [];
  let act = 0;
  let delta = 0;
  layers.forEach((layer, l) => {
    deltaOffset.push(delta);
    delta += layer.outputs;
    if (l + 1 < layers.length) {
      actOffset.push(act);
      act += layer.outputs;
    }
  });
  const P = paramCount(spec);
  return {
    spec,
    layers,
    inputs: layers[0]?.inputs ?? 0,
    P,
    S: 1 + P,
    actOffset,
    deltaOffset,
    actFloats: act,
    deltaFloats: delta,
  };
}
