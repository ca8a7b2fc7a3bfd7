import { describe, it } from 'vitest';
import { F64, forwardLossGradCpu, SEQUENTIAL } from '../../src/cpu/index.ts';
import { makeClassification } from '../../src/data/index.ts';
import { checkClose } from '../helpers/check_close.ts';

/** Mean loss and mean gradient at params, from the reference stage in float64. */
function lossAndGrad(X: Float64Array, y: Float64Array, params: Float64Array, N: number, D: number) {
  const partials = new Float64Array(D + 2);
  forwardLossGradCpu(X, y, params, partials, N, D, SEQUENTIAL, F64);
  return { loss: partials[0]! / N, grad: Array.from(partials.subarray(1), (g) => g / N) };
}

describe('forwardLossGradCpu gradient', () => {
  for (const D of [1, 2, 5]) {
    it(`matches central finite differences of the loss (D = ${D})`, () => {
      const data = makeClassification({
        nSamples: 50,
        nFeatures: D,
        nInformative: Math.min(D, 2),
        nRedundant: 0,
        nClustersPerClass: 1,
        randomState: 9,
      });
      const X = Float64Array.from(data.X);
      const y = Float64Array.from(data.y);
      const params = Float64Array.from({ length: D + 1 }, (_, k) => 0.3 * Math.sin(k + 1));
      const { grad } = lossAndGrad(X, y, params, 50, D);
      const h = 1e-6;
      const numeric = Array.from(params, (_, k) => {
        const plus = Float64Array.from(params);
        const minus = Float64Array.from(params);
        plus[k]! += h;
        minus[k]! -= h;
        return (
          (lossAndGrad(X, y, plus, 50, D).loss - lossAndGrad(X, y, minus, 50, D).loss) / (2 * h)
        );
      });
      // central differences err by O(h²)·L''' ≈ 1e-12 plus rounding ≈ 1e-16/h = 1e-10
      checkClose(grad, numeric, { rtol: 1e-7, atol: 1e-9, label: `∂loss/∂params, D=${D}` });
    });
  }
});
