/**
 * TensorFlow.js's layers API on the same MLP workload, written as its guides teach:
 * tf.sequential of dense layers, compile with Adam and binaryCrossentropy, model.fit with a batch
 * size and epochs. The same rows and the same initial weights as webgpu-train's run; not the same
 * batch order, which model.fit draws itself (shuffle: true), so only the trajectory's shape and
 * the loss before training can be compared.
 */
import { stepsPerEpoch } from '../core/batches.ts';
import type { Dataset } from '../data/index.ts';
import { loadTfjs, type TfjsBackend } from './tfjs.ts';

export interface FitOptions {
  readonly backend: TfjsBackend;
  /** the training rows */
  readonly data: Dataset;
  readonly hidden: readonly number[];
  readonly activation: 'tanh' | 'relu' | 'sigmoid' | 'linear';
  readonly lr: number;
  readonly batchSize: number;
  readonly epochs: number;
  /** webgpu-train's layout: per layer W row-major (outputs × inputs), then b */
  readonly initialParams: ArrayLike<number>;
  /** fit stops after the epoch that passes this; the figures per step hold */
  readonly budgetMs: number;
  readonly wasmPaths?: string | Record<string, string>;
}

export interface FitFigures {
  readonly backend: TfjsBackend;
  readonly epochsAsked: number;
  readonly epochsRun: number;
  readonly stepsRun: number;
  /** model.fit's wall time, warm (after a short fit that compiles its kernels) */
  readonly trainMs: number;
  readonly msPerStep: number;
  /** msPerStep × the workload's steps: the whole run at the rate measured */
  readonly projectedMs: number;
  /** model.evaluate on the training rows before fit: the same weights give the same loss */
  readonly initialLoss: number;
  /** fit's history: the mean batch loss through each epoch */
  readonly epochLosses: number[];
}

type Layers = typeof import('@tensorflow/tfjs-layers');

/** Dense kernels are inputs × outputs: webgpu-train's W transposed, then the bias. */
function denseWeights(
  tf: Awaited<ReturnType<typeof loadTfjs>>,
  widths: readonly number[],
  params: ArrayLike<number>,
) {
  const tensors = [];
  let at = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    const inputs = widths[l] as number;
    const outputs = widths[l + 1] as number;
    const kernel = new Float32Array(inputs * outputs);
    for (let o = 0; o < outputs; o++)
      for (let i = 0; i < inputs; i++)
        kernel[i * outputs + o] = params[at + o * inputs + i] as number;
    at += inputs * outputs;
    const bias = Float32Array.from({ length: outputs }, (_, o) => params[at + o] as number);
    at += outputs;
    tensors.push(tf.tensor2d(kernel, [inputs, outputs]), tf.tensor1d(bias));
  }
  return tensors;
}

// the weights are set right after; drawing random ones first would be wasted (and the bundled
// command line's copy of seedrandom, which TensorFlow.js draws them with, does not load)
const FROM_GIVEN_WEIGHTS = { kernelInitializer: 'zeros', biasInitializer: 'zeros' } as const;

function buildModel(tfl: Layers, tf: Awaited<ReturnType<typeof loadTfjs>>, o: FitOptions) {
  const D = o.data.nFeatures;
  const widths = [D, ...o.hidden, 1];
  const model = tfl.sequential();
  o.hidden.forEach((units, l) =>
    model.add(
      tfl.layers.dense({
        units,
        activation: o.activation,
        ...FROM_GIVEN_WEIGHTS,
        ...(l === 0 ? { inputShape: [D] } : {}),
      }),
    ),
  );
  model.add(
    tfl.layers.dense({
      units: 1,
      activation: 'sigmoid',
      ...FROM_GIVEN_WEIGHTS,
      ...(o.hidden.length === 0 ? { inputShape: [D] } : {}),
    }),
  );
  const weights = denseWeights(tf, widths, o.initialParams);
  model.setWeights(weights);
  for (const t of weights) t.dispose();
  // PyTorch's Adam defaults (TensorFlow's ε is 1e-7): the same rule as webgpu-train's
  model.compile({ optimizer: tf.train.adam(o.lr, 0.9, 0.999, 1e-8), loss: 'binaryCrossentropy' });
  return model;
}

/**
 * Trains with model.fit on one TensorFlow.js backend: a one-epoch fit on a few rows first, not
 * counted (its kernels compile), then the workload's fit, cut after the epoch that passes the
 * budget.
 */
export async function runTfjsFit(o: FitOptions): Promise<FitFigures> {
  const tf = await loadTfjs(o.backend, o.wasmPaths);
  const tfl: Layers = await import('@tensorflow/tfjs-layers');
  const { nSamples: N, nFeatures: D } = o.data;
  const xs = tf.tensor2d(Float32Array.from(o.data.X), [N, D]);
  const ys = tf.tensor2d(Float32Array.from(o.data.y), [N, 1]);
  try {
    const warm = buildModel(tfl, tf, o);
    const few = Math.min(N, 2 * o.batchSize);
    const [wx, wy] = [tf.slice(xs, [0, 0], [few, D]), tf.slice(ys, [0, 0], [few, 1])];
    await warm.fit(wx, wy, { batchSize: o.batchSize, epochs: 1, verbose: 0 });
    tf.dispose([wx, wy]);
    warm.dispose();

    const model = buildModel(tfl, tf, o);
    const evaluated = model.evaluate(xs, ys, { batchSize: N });
    const initialLoss = ((await (Array.isArray(evaluated) ? evaluated[0] : evaluated)?.data()) ?? [
      NaN,
    ])[0] as number;
    tf.dispose(evaluated);
    const start = performance.now();
    const history = await model.fit(xs, ys, {
      batchSize: o.batchSize,
      epochs: o.epochs,
      shuffle: true,
      verbose: 0,
      callbacks: {
        onEpochEnd: async () => {
          if (performance.now() - start > o.budgetMs) model.stopTraining = true;
        },
      },
    });
    const trainMs = performance.now() - start;
    model.dispose();
    const epochLosses = (history.history['loss'] ?? []).map(Number);
    const perEpoch = stepsPerEpoch(N, o.batchSize);
    const stepsRun = epochLosses.length * perEpoch;
    const msPerStep = trainMs / stepsRun;
    return {
      backend: o.backend,
      epochsAsked: o.epochs,
      epochsRun: epochLosses.length,
      stepsRun,
      trainMs,
      msPerStep,
      projectedMs: msPerStep * perEpoch * o.epochs,
      initialLoss,
      epochLosses,
    };
  } finally {
    tf.dispose([xs, ys]);
  }
}
