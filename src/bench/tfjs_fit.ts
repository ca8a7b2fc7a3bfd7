/**
 * TensorFlow.js's layers API on the same MLP workload, written as its guides teach:
 * tf.sequential of dense layers, compile with Adam and a loss, model.fit with a batch size. A
 * binary classifier ends in one unit with σ and binaryCrossentropy; K classes end in K logits with
 * softmax cross-entropy from the logits (tf.losses.softmaxCrossEntropy on one-hot labels). The same
 * rows, initial weights and batch order as webgpu-train's run: each epoch is one model.fit over the
 * rows in that epoch's order (numpy's RandomState(seed).permutation, as webgpu-train draws it)
 * with shuffle off, so its epochs' mean losses compare with webgpu-train's.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import { BatchOrder } from '../core/batches.ts';
import type { Dataset } from '../data/index.ts';
import { loadTfjs, type TfjsBackend } from './tfjs.ts';

export interface FitOptions {
  readonly backend: TfjsBackend;
  /** the training rows */
  readonly data: Dataset;
  readonly hidden: readonly number[];
  readonly activation: 'tanh' | 'relu' | 'sigmoid' | 'linear';
  /** 2: one unit, σ and binary cross-entropy; K > 2: K logits and softmax cross-entropy */
  readonly classes: number;
  readonly lr: number;
  readonly batchSize: number;
  readonly epochs: number;
  /** the batch order's seed, webgpu-train's shuffleSeed */
  readonly shuffleSeed: number;
  /** webgpu-train's layout: per layer W row-major (outputs × inputs), then b */
  readonly initialParams: ArrayLike<number>;
  /** fit stops after the batch that passes this; the figures per step hold */
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
  /** fit's history: each whole epoch's mean batch loss, weighted by the batches' rows */
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

const outputsOf = (classes: number): number => (classes === 2 ? 1 : classes);

function buildModel(tfl: Layers, tf: Awaited<ReturnType<typeof loadTfjs>>, o: FitOptions) {
  const D = o.data.nFeatures;
  const binary = o.classes === 2;
  const widths = [D, ...o.hidden, outputsOf(o.classes)];
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
      units: outputsOf(o.classes),
      activation: binary ? 'sigmoid' : 'linear',
      ...FROM_GIVEN_WEIGHTS,
      ...(o.hidden.length === 0 ? { inputShape: [D] } : {}),
    }),
  );
  const weights = denseWeights(tf, widths, o.initialParams);
  model.setWeights(weights);
  for (const t of weights) t.dispose();
  // PyTorch's Adam defaults (TensorFlow's ε is 1e-7): the same rule as webgpu-train's
  model.compile({
    optimizer: tf.train.adam(o.lr, 0.9, 0.999, 1e-8),
    loss: binary
      ? 'binaryCrossentropy'
      : (labels: Tensor, logits: Tensor) => tf.losses.softmaxCrossEntropy(labels, logits),
  });
  return model;
}

/** The labels as the model's loss takes them: N × 1 for one unit, N × K one-hot for K logits. */
function labelTensor(tf: Awaited<ReturnType<typeof loadTfjs>>, o: FitOptions) {
  const N = o.data.nSamples;
  if (o.classes === 2) return tf.tensor2d(Float32Array.from(o.data.y), [N, 1]);
  const oneHot = new Float32Array(N * o.classes);
  for (let i = 0; i < N; i++) oneHot[i * o.classes + (o.data.y[i] as number)] = 1;
  return tf.tensor2d(oneHot, [N, o.classes]);
}

/**
 * Stops model.fit after the batch that passes the budget, and counts the batches. It reads no
 * loss: a callback that did (tf.CustomCallback resolves the logs) would wait for the backend every
 * step, which model.fit alone does not.
 */
function budgetStop(tfl: Layers, start: number, budgetMs: number) {
  return new (class extends tfl.Callback {
    batches = 0;
    stopped = false;
    override async onBatchEnd(): Promise<void> {
      this.batches++;
      if (performance.now() - start > budgetMs) {
        this.stopped = true;
        this.model.stopTraining = true;
      }
    }
  })();
}

/**
 * Trains with model.fit on one TensorFlow.js backend: a one-epoch fit on a few rows first, not
 * counted (its kernels compile), then one fit an epoch over the rows in webgpu-train's order,
 * stopped after the batch that passes the budget (an epoch of a wide model on a slow backend
 * takes minutes).
 */
export async function runTfjsFit(o: FitOptions): Promise<FitFigures> {
  const tf = await loadTfjs(o.backend, o.wasmPaths);
  const tfl: Layers = await import('@tensorflow/tfjs-layers');
  const { nSamples: N, nFeatures: D } = o.data;
  const xs = tf.tensor2d(Float32Array.from(o.data.X), [N, D]);
  const ys = labelTensor(tf, o);
  const K = ys.shape[1] ?? 1;
  try {
    const warm = buildModel(tfl, tf, o);
    const few = Math.min(N, 2 * o.batchSize);
    const [wx, wy] = [tf.slice(xs, [0, 0], [few, D]), tf.slice(ys, [0, 0], [few, K])];
    await warm.fit(wx, wy, { batchSize: o.batchSize, epochs: 1, verbose: 0 });
    tf.dispose([wx, wy]);
    warm.dispose();

    const model = buildModel(tfl, tf, o);
    const evaluated = model.evaluate(xs, ys, { batchSize: N });
    const initialLoss = ((await (Array.isArray(evaluated) ? evaluated[0] : evaluated)?.data()) ?? [
      NaN,
    ])[0] as number;
    tf.dispose(evaluated);
    const order = new BatchOrder(N, o.batchSize, o.shuffleSeed);
    const epochLosses: number[] = [];
    const start = performance.now();
    const stop = budgetStop(tfl, start, o.budgetMs);
    for (let epoch = 0; epoch < o.epochs && !stop.stopped; epoch++) {
      const rows = order.nextEpoch();
      const indices = rows === null ? null : tf.tensor1d(rows, 'int32');
      const [ex, ey] =
        indices === null ? [xs, ys] : [tf.gather(xs, indices), tf.gather(ys, indices)];
      const history = await model.fit(ex, ey, {
        batchSize: o.batchSize,
        epochs: 1,
        shuffle: false,
        verbose: 0,
        callbacks: [stop],
      });
      if (indices !== null) tf.dispose([indices, ex, ey]);
      // an epoch cut short has no epoch loss
      if (stop.batches === (epoch + 1) * order.stepsPerEpoch)
        epochLosses.push(Number(history.history['loss']?.[0] ?? NaN));
    }
    // fit returns once its history is read, which waits for every step it queued
    const trainMs = performance.now() - start;
    model.dispose();
    const stepsRun = stop.batches;
    const msPerStep = trainMs / stepsRun;
    return {
      backend: o.backend,
      epochsAsked: o.epochs,
      epochsRun: epochLosses.length,
      stepsRun,
      trainMs,
      msPerStep,
      projectedMs: msPerStep * order.stepsPerEpoch * o.epochs,
      initialLoss,
      epochLosses,
    };
  } finally {
    tf.dispose([xs, ys]);
  }
}
