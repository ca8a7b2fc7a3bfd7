/**
 * Every PyTorch training run the project holds, in one shape: the tutorial's four
 * (test/fixtures/shared), five more linear runs, eleven binary models and five of the other heads
 * (K-class softmax, regression) (tools/make_torch_*fixtures.py).
 * Each case is a data set, the run it describes for the one engine, and PyTorch's float32 and
 * float64 losses (before each step) and final params.
 */
import { resolveOptimizer, type OptimizerSpec } from '../../src/core/optimizers.ts';
import type { RunDescription } from '../../src/core/run.ts';
import { BINARY_HEAD, type Activation } from '../../src/core/spec.ts';
import { makeDataset, type Dataset } from '../../src/data/index.ts';
import { compileNetwork } from '../../src/core/network.ts';
import { datasetFromRows, readFixture, type SklearnCase, type TorchCase } from './fixtures.ts';
import { modelCases } from './models.ts';
import { trajectories } from './trajectories.ts';

export interface TorchRunCase {
  readonly name: string;
  /** 'linear' for the tutorial's model, else the model's family */
  readonly kind: 'linear' | 'model';
  readonly optimizer: OptimizerSpec['name'];
  readonly data: Dataset;
  readonly run: RunDescription;
  readonly float32: { readonly losses: number[]; readonly params: number[] };
  readonly float64: { readonly losses: number[]; readonly params: number[] };
}

function linearRun(data: Dataset, lr: number, steps: number, init: number[]): RunDescription {
  return {
    net: compileNetwork({
      inputs: data.nFeatures,
      features: [],
      hidden: [],
      activation: 'tanh',
      ...BINARY_HEAD,
    }),
    optimizer: resolveOptimizer({ name: 'sgd', lr }),
    batchSize: data.nSamples,
    epochs: steps,
    shuffleSeed: 0,
    patience: null,
    initialParams: Float64Array.from(init),
  };
}

function tutorialCases(): TorchRunCase[] {
  const torch = readFixture<{ cases: TorchCase[] }>('shared/torch_seed_tutorial.json').cases;
  const sklearn = readFixture<{ cases: SklearnCase[] }>(
    'shared/sklearn_make_classification.json',
  ).cases;
  return torch.map((c) => {
    const s = sklearn.find(
      (k) =>
        k.params.random_state === c.data.random_state && k.params.n_samples === c.data.n_samples,
    );
    if (s === undefined) throw new Error(`no scikit-learn data for ${JSON.stringify(c.data)}`);
    return linearCase(
      `tutorial rs${c.data.random_state} init [${c.init.weight}] ${c.init.bias}`,
      datasetFromRows(s.X, s.y),
      c,
    );
  });
}

/** A linear model trained by SGD, as both linear fixtures describe it. */
function linearCase(
  name: string,
  data: Dataset,
  c: Pick<TorchCase, 'lr' | 'steps' | 'init' | 'float32' | 'float64'>,
): TorchRunCase {
  return {
    name,
    kind: 'linear',
    optimizer: 'sgd',
    data,
    run: linearRun(data, c.lr, c.steps, [...c.init.weight, c.init.bias]),
    float32: { losses: c.float32.losses, params: [...c.float32.w, c.float32.b] },
    float64: { losses: c.float64.losses, params: [...c.float64.w, c.float64.b] },
  };
}

function linearCases(): TorchRunCase[] {
  return trajectories().map((c) => linearCase(`linear ${c.name}`, datasetFromRows(c.X, c.y), c));
}

function models(): TorchRunCase[] {
  return modelCases().map((c) => {
    const head = c.model.head ?? 'binary';
    const data =
      head === 'regression'
        ? makeDataset(Float64Array.from(c.X.flat()), Float64Array.from(c.y), c.X[0]?.length ?? 0)
        : datasetFromRows(c.X, c.y);
    return {
      name: `model ${c.name}`,
      kind: 'model',
      optimizer: c.optimizer.name,
      data,
      run: {
        net: compileNetwork({
          inputs: data.nFeatures,
          features: [],
          hidden: c.model.hidden,
          activation: c.model.activation as Activation,
          head,
          outputs: c.model.outputs ?? 1,
        }),
        optimizer: resolveOptimizer(c.optimizer),
        batchSize: Math.min(c.batchSize, data.nSamples),
        epochs: c.epochs,
        shuffleSeed: c.shuffleSeed,
        patience: null,
        initialParams: Float64Array.from(c.initialParams),
      },
      float32: c.float32,
      float64: c.float64,
    };
  });
}

/** All twenty cases. */
export function torchRunCases(): TorchRunCase[] {
  return [...tutorialCases(), ...linearCases(), ...models()];
}

/**
 * How far PyTorch's own float32 run is from its float64 run: the worst relative difference of the
 * losses and the worst absolute difference of the params. A float32 engine is held to a multiple
 * of it where that is more than the fixed bounds (an ill-conditioned run, where float32 itself
 * drifts).
 */
export function torchOwnDistance(c: TorchRunCase): { losses: number; params: number } {
  const worst = (a: readonly number[], b: readonly number[], relative: boolean) =>
    a.reduce((w, x, i) => {
      const y = b[i] as number;
      return Math.max(w, Math.abs(x - y) / (relative ? Math.abs(y) : 1));
    }, 0);
  return {
    losses: worst(c.float32.losses, c.float64.losses, true),
    params: worst(c.float32.params, c.float64.params, false),
  };
}
