import type { Arithmetic } from '../cpu/index.ts';
import { sampleLossAndResidual } from '../cpu/index.ts';
import { activate, activationGrad } from './activations.ts';
import { layerShapes, type ModelSpec } from './spec.ts';

type Floats = Float32Array | Float64Array;

/**
 * The forward pass over a batch: each layer's pre-activations Z and outputs A, layer by layer,
 * as the GPU's layer kernels compute them (Z[i,j] = Σₖ A[i,k]·W[j,k] in k order, then + b[j]).
 * X: N×D row-major; rows: the batch's sample indices. Returns [A₀ = the batch's inputs, …] and [Z₁, …].
 */
export function forwardCpu(
  spec: ModelSpec,
  params: Floats,
  X: Floats,
  rows: ArrayLike<number>,
  a: Arithmetic,
) {
  const { round } = a;
  const B = rows.length;
  const D = spec.inputs;
  const input = new Float64Array(B * D);
  for (let i = 0; i < B; i++)
    for (let k = 0; k < D; k++) input[i * D + k] = X[(rows[i] as number) * D + k] as number;
  const outputs: Float64Array[] = [input];
  const preActivations: Float64Array[] = [];
  const shapes = layerShapes(spec);
  shapes.forEach((layer, l) => {
    const hidden = l + 1 < shapes.length;
    const A = outputs[l] as Float64Array;
    const Z = new Float64Array(B * layer.outputs);
    const next = new Float64Array(B * layer.outputs);
    for (let i = 0; i < B; i++) {
      for (let j = 0; j < layer.outputs; j++) {
        let sum = 0;
        for (let k = 0; k < layer.inputs; k++) {
          sum = round(
            sum +
              round(
                (A[i * layer.inputs + k] as number) *
                  (params[layer.weightOffset + j * layer.inputs + k] as number),
              ),
          );
        }
        const z = round(sum + (params[layer.biasOffset + j] as number));
        Z[i * layer.outputs + j] = z;
        next[i * layer.outputs + j] = hidden ? round(activate(spec.activation, z)) : z;
      }
    }
    preActivations.push(Z);
    outputs.push(next);
  });
  return { outputs, preActivations };
}

/**
 * Mean BCE over the batch (from the logits, stably) and its gradient with respect to every param,
 * written into `grads`; the backward pass runs layer by layer as the GPU's kernels do:
 * dW[j,k] = Σᵢ dZ[i,j]·A[i,k] and db[j] = Σᵢ dZ[i,j] in batch order, dA[i,k] = Σⱼ dZ[i,j]·W[j,k].
 */
export function forwardBackwardCpu(
  spec: ModelSpec,
  params: Floats,
  X: Floats,
  y: Floats,
  rows: ArrayLike<number>,
  grads: Floats,
  a: Arithmetic,
): number {
  const { round } = a;
  const B = rows.length;
  const { outputs, preActivations } = forwardCpu(spec, params, X, rows, a);
  const logits = outputs.at(-1) as Float64Array;
  let lossSum = 0;
  let dZ = new Float64Array(B);
  const n = round(B);
  for (let i = 0; i < B; i++) {
    const [loss, r] = sampleLossAndResidual(logits[i] as number, y[rows[i] as number] as number, a);
    lossSum = round(lossSum + loss);
    dZ[i] = round(r / n);
  }
  const shapes = layerShapes(spec);
  for (let l = shapes.length - 1; l >= 0; l--) {
    const layer = shapes[l] as (typeof shapes)[number];
    const A = outputs[l] as Float64Array;
    for (let j = 0; j < layer.outputs; j++) {
      for (let k = 0; k < layer.inputs; k++) {
        let sum = 0;
        for (let i = 0; i < B; i++)
          sum = round(
            sum +
              round((dZ[i * layer.outputs + j] as number) * (A[i * layer.inputs + k] as number)),
          );
        grads[layer.weightOffset + j * layer.inputs + k] = sum;
      }
      let bias = 0;
      for (let i = 0; i < B; i++) bias = round(bias + (dZ[i * layer.outputs + j] as number));
      grads[layer.biasOffset + j] = bias;
    }
    if (l === 0) break;
    const Zin = preActivations[l - 1] as Float64Array;
    const dZin = new Float64Array(B * layer.inputs);
    for (let i = 0; i < B; i++) {
      for (let k = 0; k < layer.inputs; k++) {
        let sum = 0;
        for (let j = 0; j < layer.outputs; j++) {
          sum = round(
            sum +
              round(
                (dZ[i * layer.outputs + j] as number) *
                  (params[layer.weightOffset + j * layer.inputs + k] as number),
              ),
          );
        }
        const at = i * layer.inputs + k;
        dZin[at] = round(
          sum * round(activationGrad(spec.activation, Zin[at] as number, A[at] as number)),
        );
      }
    }
    dZ = dZin;
  }
  return round(lossSum / n);
}

/** Mean BCE of the model over the given rows, forward only (validation and test losses). */
export function lossCpu(
  spec: ModelSpec,
  params: Floats,
  X: Floats,
  y: Floats,
  rows: ArrayLike<number>,
  a: Arithmetic,
): number {
  const logits = forwardCpu(spec, params, X, rows, a).outputs.at(-1) as Float64Array;
  let sum = 0;
  for (let i = 0; i < rows.length; i++)
    sum = a.round(
      sum +
        (sampleLossAndResidual(
          logits[i] as number,
          y[rows[i] as number] as number,
          a,
        )[0] as number),
    );
  return a.round(sum / a.round(rows.length));
}
