/**
 * The CPU twins of the kernels' stages, one function each, in the kernels' order of operations
 * and of summation (the generated sample code of src/gpu/sample_wgsl.ts, shaders/fused_train.wgsl,
 * shaders/layered/*), on the model's forward pass (src/core/forward.ts):
 *
 *   sampleForwardBackward   one sample through every layer, its head's loss (src/core/heads.ts),
 *                           and its deltas back through every layer (the head's residual, unscaled)
 *   addSampleTerms          its S = 1 + P terms (the loss, then each param's gradient term)
 *                           added into one lane's record
 *   reduceRecords           the records of a batch summed in the kernels' fixed order
 *   meanOf                  the one place a sum is scaled: sum / B, for the loss and every gradient
 *   optimizerStep           the update (src/core/optimizers.ts holds the rules)
 *
 * Per-sample vectors: `act` holds the outputs of the hidden layers (layer l at actOffset[l]);
 * `delta` holds ∂loss/∂z of every layer (layer l at deltaOffset[l]), before the 1/B of the mean.
 */
import type { Arithmetic, Floats } from '../core/arithmetic.ts';
import { activationGrad } from '../core/activations.ts';
import { forwardSample } from '../core/forward.ts';
import { HEAD } from '../core/heads.ts';
import type { Network } from '../core/network.ts';
import { blocksOf, type ReductionShape } from '../core/reduction.ts';
import type { LayerShape } from '../core/spec.ts';

const fround = Math.fround;

/**
 * The sample in X's row `row` through every layer, its head's loss and, when `backward`, its
 * deltas back through every layer (the output layer's are the head's residuals, unscaled): returns
 * its loss. The outputs (logits) are left in `outputs`. Each dot product adds k (or j) in order,
 * s = round(s + round(x·w)).
 */
export function sampleForwardBackward(
  net: Network,
  params: Floats,
  X: Floats,
  row: number,
  label: number,
  act: Float64Array,
  delta: Float64Array,
  outputs: Float64Array,
  backward: boolean,
  a: Arithmetic,
): number {
  const { round } = a;
  const f32 = a.precision === 'f32';
  const { layers, spec } = net;
  const L = layers.length;
  forwardSample(net, params, X, row, act, outputs, a);
  const head = HEAD[spec.head];
  if (!backward) return head.lossAndResidual(outputs, spec.outputs, label, null, 0, a);
  const loss = head.lossAndResidual(
    outputs,
    spec.outputs,
    label,
    delta,
    net.deltaOffset[L - 1] as number,
    a,
  );
  for (let l = L - 1; l > 0; l--) {
    const layer = layers[l] as LayerShape;
    const IN = layer.inputs;
    const dOut = net.deltaOffset[l] as number;
    const dIn = net.deltaOffset[l - 1] as number;
    const aIn = net.actOffset[l - 1] as number;
    for (let k = 0; k < IN; k++) {
      let s = 0;
      // as forwardSample: one loop a precision, the same sums
      if (f32)
        for (let j = 0; j < layer.outputs; j++)
          s = fround(
            s +
              fround(
                (delta[dOut + j] as number) * (params[layer.weightOffset + j * IN + k] as number),
              ),
          );
      else
        for (let j = 0; j < layer.outputs; j++)
          s += (delta[dOut + j] as number) * (params[layer.weightOffset + j * IN + k] as number);
      delta[dIn + k] = round(s * activationGrad(spec.activation, act[aIn + k] as number, a));
    }
  }
  return loss;
}

/**
 * Adds one sample's S terms into `record` at `at`: [loss, then for each layer W[j,k] += δ_j·in_k
 * and b[j] += δ_j], each add rounded, as a kernel thread accumulates its samples.
 */
export function addSampleTerms(
  net: Network,
  record: Float64Array,
  at: number,
  loss: number,
  X: Floats,
  row: number,
  act: Float64Array,
  delta: Float64Array,
  a: Arithmetic,
): void {
  const { round } = a;
  const f32 = a.precision === 'f32';
  record[at] = round((record[at] as number) + loss);
  const D = net.inputs;
  const L = net.layers.length;
  for (let l = 0; l < L; l++) {
    const layer = net.layers[l] as LayerShape;
    const IN = layer.inputs;
    const source = l === 0 ? X : act;
    const inAt = l === 0 ? row * D : (net.actOffset[l - 1] as number);
    const dAt = net.deltaOffset[l] as number;
    for (let j = 0; j < layer.outputs; j++) {
      const d = delta[dAt + j] as number;
      const w = at + 1 + layer.weightOffset + j * IN;
      if (f32)
        for (let k = 0; k < IN; k++)
          record[w + k] = fround(
            (record[w + k] as number) + fround(d * (source[inAt + k] as number)),
          );
      else
        for (let k = 0; k < IN; k++)
          record[w + k] = (record[w + k] as number) + d * (source[inAt + k] as number);
      const b = at + 1 + layer.biasOffset + j;
      record[b] = round((record[b] as number) + d);
    }
  }
}

/** The workgroup tree: at stride s, lane t += lane t+s for t < s; the total ends in lane 0. */
export function treeReduce(lanes: Float64Array, count: number, S: number, a: Arithmetic): void {
  for (let s = count >> 1; s > 0; s >>= 1) {
    for (let t = 0; t < s; t++) {
      for (let q = 0; q < S; q++)
        lanes[t * S + q] = a.round(
          (lanes[t * S + q] as number) + (lanes[(t + s) * S + q] as number),
        );
    }
  }
}

/**
 * The S sums over positions 0…count−1 in the shape's order; `add(i, record, at)` adds position
 * i's S terms into record[at…at+S). Returns the S totals.
 */
export function reduceRecords(
  count: number,
  S: number,
  shape: ReductionShape,
  add: (position: number, record: Float64Array, at: number) => void,
  a: Arithmetic,
): Float64Array {
  const { blocks, size } = blocksOf(count, shape.blockSize);
  // Lanes that no position reaches hold zero, and the tree's first levels only add those zeros:
  // summing over the lanes in use alone gives the same bits (a −0 is made +0 on its way into
  // `across`, which starts at +0, as the full tree's first add of a zero would make it) and
  // spares a wide tree over a short batch.
  const L = Math.min(shape.lanes, nextPowerOfTwo(size));
  const L2 = Math.min(shape.lanes2, nextPowerOfTwo(blocks));
  const lanes = new Float64Array(L * S);
  const across = new Float64Array(L2 * S);
  for (let g = 0; g < blocks; g++) {
    lanes.fill(0);
    const first = g * size;
    const end = Math.min(count, first + size);
    for (let i = first; i < end; i++) add(i, lanes, ((i - first) % L) * S);
    treeReduce(lanes, L, S, a);
    const at = (g % L2) * S;
    for (let q = 0; q < S; q++)
      across[at + q] = a.round((across[at + q] as number) + (lanes[q] as number));
  }
  treeReduce(across, L2, S, a);
  return across.subarray(0, S);
}

const nextPowerOfTwo = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

/** The one place a sum becomes a mean: sum / B, for the loss and for every gradient. */
export function meanOf(sum: number, count: number, a: Arithmetic): number {
  return a.round(sum / a.round(count));
}
