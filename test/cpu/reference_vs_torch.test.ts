import { describe, it } from 'vitest';
import { trainCpuReference, accuracy } from '../../src/cpu/index.ts';
import { checkClose } from '../helpers/check_close.ts';
import {
  datasetFromRows,
  readFixture,
  type SklearnCase,
  type TorchCase,
} from '../helpers/fixtures.ts';

// PyTorch's own training runs of the tutorial (Linear(2,1)+Sigmoid, BCELoss, SGD lr 0.1, 1000 steps).
const torch = readFixture<{ cases: TorchCase[] }>('shared/torch_seed_tutorial.json').cases;
const sklearn = readFixture<{ cases: SklearnCase[] }>(
  'shared/sklearn_make_classification.json',
).cases;

function dataFor(c: TorchCase) {
  const found = sklearn.find(
    (s) => s.params.random_state === c.data.random_state && s.params.n_samples === c.data.n_samples,
  );
  if (!found) throw new Error(`no scikit-learn fixture for random_state ${c.data.random_state}`);
  return datasetFromRows(found.X, found.y);
}

describe('CPU reference against PyTorch, every step', () => {
  for (const c of torch) {
    const name = `random_state ${c.data.random_state}, init w=[${c.init.weight}] b=${c.init.bias}`;
    const initialParams = [...c.init.weight, c.init.bias];

    it(`float64 follows PyTorch's float64 run within 1e-9 relative (${name})`, () => {
      const data = dataFor(c);
      const { losses, params } = trainCpuReference(data, {
        steps: c.steps,
        lr: c.lr,
        initialParams,
        precision: 'f64',
      });
      // both sides are float64, with different formulas for the same loss: measured worst 1.1e-15
      checkClose(losses, c.float64.losses, { rtol: 1e-9, atol: 0, label: 'f64 losses' });
      checkClose(Array.from(params), [...c.float64.w, c.float64.b], {
        rtol: 1e-9,
        atol: 0,
        label: 'f64 params',
      });
      checkClose(accuracy(data, params), c.float64.accuracy, {
        rtol: 0,
        atol: 0,
        label: 'accuracy',
      });
    });

    it(`float32 follows PyTorch's float32 run (${name})`, () => {
      const data = dataFor(c);
      const { losses, params } = trainCpuReference(data, {
        steps: c.steps,
        lr: c.lr,
        initialParams,
        precision: 'f32',
      });
      // PyTorch forms the loss from σ(z) and logs, we from the logit: each f32 step differs by a few ulp,
      // and 1000 steps of gradient descent carry that along. Measured worst over the four cases: 6.5e-7.
      checkClose(losses, c.float32.losses, { rtol: 1e-6, atol: 0, label: 'f32 losses' });
      checkClose(Array.from(params), [...c.float32.w, c.float32.b], {
        rtol: 1e-6,
        atol: 0,
        label: 'f32 params',
      });
      checkClose(accuracy(data, params), c.float32.accuracy, {
        rtol: 0,
        atol: 0,
        label: 'accuracy',
      });
    });
  }
});
