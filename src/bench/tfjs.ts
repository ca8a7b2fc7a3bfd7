import type { Dataset } from '../data/index.ts';

/** The library users would pick instead, on each of its backends. */
export type TfjsBackend = 'webgpu' | 'cpu' | 'wasm';
/** 'as-taught': tf.train.sgd(lr).minimize with the loss read each step, as its guides do; 'read-at-end': the losses stay tensors and are read once. */
export type TfjsVariant = 'as-taught' | 'read-at-end';

export interface TfjsRunOptions {
  readonly backend: TfjsBackend;
  readonly variant: TfjsVariant;
  readonly data: Dataset;
  readonly steps: number;
  readonly lr: number;
  /** D weights then the bias */
  readonly initialParams: readonly number[];
  /** time allowed for the timed run; fewer steps run where it would overrun */
  readonly budgetMs: number;
  /** the loss before the first step, from webgpu-train's reference, to check TensorFlow.js's against */
  readonly expectedFirstLoss: number;
  /** where the wasm backend finds its .wasm files (a page serves them; Node finds its own) */
  readonly wasmPaths?: string | Record<string, string>;
}

export interface TfjsFigures {
  readonly backend: TfjsBackend;
  readonly variant: TfjsVariant;
  readonly stepsRequested: number;
  readonly stepsRun: number;
  readonly trainMs: number;
  readonly msPerStep: number;
  readonly firstLoss: number;
  readonly finalLoss: number;
  /** the first loss agrees with webgpu-train's: a backend that reads zeros is caught, never timed as if it worked */
  readonly firstLossOk: boolean;
}

/**
 * Tolerance of the first-loss check. TensorFlow.js forms BCE from σ with an epsilon of 1e-7 in the
 * logs and sums N terms in f32 in its own order (off by up to ~1e-4 at N = 10⁴ here); the check is
 * there to catch a backend that reads zeros or garbage, which misses by far more.
 */
export const TFJS_FIRST_LOSS_RTOL = 1e-2;

export type Tf = typeof import('@tensorflow/tfjs-core');

/** Loads TensorFlow.js and the backend only when a benchmark asks for them. */
export async function loadTfjs(
  backend: TfjsBackend,
  wasmPaths: string | Record<string, string> | undefined,
): Promise<Tf> {
  const tf = await import('@tensorflow/tfjs-core');
  // minimize needs the gradients, which tfjs-core registers only on request
  await import('@tensorflow/tfjs-core/dist/register_all_gradients');
  if (backend === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  if (backend === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (wasmPaths !== undefined) wasm.setWasmPaths(wasmPaths);
  }
  if (!(await tf.setBackend(backend)))
    throw new Error(`TensorFlow.js could not start its ${backend} backend here`);
  await tf.ready();
  return tf;
}

/**
 * The tutorial in TensorFlow.js, written as its documentation teaches: variables, σ(xW + b),
 * binary cross-entropy (tf.losses.logLoss), and tf.train.sgd(lr).minimize for each step.
 */
function tutorialModel(tf: Tf, options: TfjsRunOptions) {
  const { data, initialParams } = options;
  const D = data.nFeatures;
  const xs = tf.tensor2d(Float32Array.from(data.X), [data.nSamples, D]);
  const ys = tf.tensor2d(Float32Array.from(data.y), [data.nSamples, 1]);
  const w = tf.variable(tf.tensor2d(initialParams.slice(0, D), [D, 1]));
  const b = tf.variable(tf.scalar(initialParams[D] ?? 0));
  const optimizer = tf.train.sgd(options.lr);
  const loss = () =>
    tf.losses.logLoss(
      ys,
      tf.sigmoid(tf.add(tf.matMul(xs, w), b)),
    ) as import('@tensorflow/tfjs-core').Scalar;
  const step = () => optimizer.minimize(loss, true, [w, b]);
  const dispose = () => {
    for (const t of [xs, ys, w, b]) t.dispose();
    optimizer.dispose();
  };
  return { step, dispose };
}

async function runAsTaught(tf: Tf, options: TfjsRunOptions, steps: number, budgetMs: number) {
  const model = tutorialModel(tf, options);
  const losses: number[] = [];
  const start = performance.now();
  try {
    while (losses.length < steps && (losses.length === 0 || performance.now() - start < budgetMs)) {
      const cost = model.step();
      if (cost === null) throw new Error('minimize returned no loss');
      losses.push(((await cost.data()) as Float32Array)[0] as number);
      cost.dispose();
    }
  } finally {
    model.dispose();
  }
  return { losses, ms: performance.now() - start };
}

async function runReadAtEnd(tf: Tf, options: TfjsRunOptions, steps: number) {
  const model = tutorialModel(tf, options);
  const start = performance.now();
  try {
    const costs = [];
    for (let t = 0; t < steps; t++) {
      const cost = model.step();
      if (cost === null) throw new Error('minimize returned no loss');
      costs.push(cost);
    }
    const stacked = tf.stack(costs);
    const losses = Array.from((await stacked.data()) as Float32Array);
    stacked.dispose();
    for (const c of costs) c.dispose();
    return { losses, ms: performance.now() - start };
  } finally {
    model.dispose();
  }
}

/**
 * Times the tutorial in TensorFlow.js: a short warm-up (not counted), then one timed run of
 * up to `steps` steps within the budget. Reports per-step figures and checks the first loss.
 */
export async function runTfjs(options: TfjsRunOptions): Promise<TfjsFigures> {
  const tf = await loadTfjs(options.backend, options.wasmPaths);
  const warmup = await runReadAtEnd(tf, options, Math.min(options.steps, 3));
  let result: { losses: number[]; ms: number };
  if (options.variant === 'as-taught') {
    result = await runAsTaught(tf, options, options.steps, options.budgetMs);
  } else {
    // sized from the warm-up, since nothing is read until the end
    const perStep = warmup.ms / Math.max(warmup.losses.length, 1);
    const steps = Math.max(
      1,
      Math.min(options.steps, Math.floor(options.budgetMs / Math.max(perStep, 1e-3))),
    );
    result = await runReadAtEnd(tf, options, steps);
  }
  const firstLoss = result.losses[0] ?? NaN;
  const stepsRun = result.losses.length;
  return {
    backend: options.backend,
    variant: options.variant,
    stepsRequested: options.steps,
    stepsRun,
    trainMs: result.ms,
    msPerStep: result.ms / stepsRun,
    firstLoss,
    finalLoss: result.losses[stepsRun - 1] ?? NaN,
    firstLossOk:
      Math.abs(firstLoss - options.expectedFirstLoss) <=
      TFJS_FIRST_LOSS_RTOL * Math.abs(options.expectedFirstLoss),
  };
}
