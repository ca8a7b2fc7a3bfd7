/**
 * jax-js (`@jax-js/jax`) on the same MLP workload, as its README teaches: the loss written with
 * numpy-style arrays, `valueAndGrad` for the gradients, Adam written out, and the whole step
 * under `jit`, so each step is one compiled graph. The same rows, initial params and batch order
 * as webgpu-train's run, and its loss (BCE from one logit for 2 classes; for K, softmax
 * cross-entropy from K logits with the log-softmax written out by log-sum-exp), so every step's
 * loss can be compared. Its devices: webgpu (its own WebGPU device, on the same adapter) and wasm.
 */
import { BatchOrder } from '../core/batches.ts';
import type { Dataset } from '../data/index.ts';

export type JaxDevice = 'webgpu' | 'wasm';

export interface JaxOptions {
  readonly device: JaxDevice;
  readonly data: Dataset;
  readonly hidden: readonly number[];
  /** 2: one logit and BCE; K > 2: K logits and softmax cross-entropy */
  readonly classes: number;
  readonly lr: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly shuffleSeed: number;
  /** webgpu-train's layout: per layer W row-major (outputs × inputs), then b */
  readonly initialParams: ArrayLike<number>;
  /** stops after the step that passes this; the figures per step hold */
  readonly budgetMs: number;
}

export interface JaxFigures {
  readonly device: JaxDevice;
  readonly available: boolean;
  readonly reason: string | null;
  readonly version: string | null;
  readonly stepsRun: number;
  /** the timed steps, after a few that compile the step */
  readonly trainMs: number;
  readonly msPerStep: number;
  /** msPerStep × the workload's steps */
  readonly projectedMs: number;
  /** the first step's loss: the same params and rows as webgpu-train's first batch */
  readonly firstLoss: number;
  /** every step's loss, read once the run is over */
  readonly losses: number[];
}

type Jax = typeof import('@jax-js/jax');

/** How often a run waits for the device, to check its budget. */
const STEPS_PER_WAIT = 32;
type JaxArray = InstanceType<Jax['numpy']['Array']>;
// a type alias, not an interface: jax-js's JsTree takes aliases only (its README says so)
type Layer = { W: JaxArray; b: JaxArray };
type Params = Layer[];

/** jax-js reads navigator.userAgent, which Node's navigator (set up for WebGPU) may lack. */
function ensureUserAgent(): void {
  const scope = globalThis as { navigator?: { userAgent?: string } };
  if (scope.navigator !== undefined && scope.navigator.userAgent === undefined)
    Object.defineProperty(scope.navigator, 'userAgent', { value: 'Node.js', configurable: true });
}

const VERSION = '0.1.25';
const ADAM = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/** Trains the workload on one jax-js device; one that does not start is reported, not thrown. */
export async function runJaxjs(o: JaxOptions): Promise<JaxFigures> {
  const unavailable = (reason: string): JaxFigures => ({
    device: o.device,
    available: false,
    reason,
    version: null,
    stepsRun: 0,
    trainMs: NaN,
    msPerStep: NaN,
    projectedMs: NaN,
    firstLoss: NaN,
    losses: [],
  });
  let jax: Jax;
  try {
    ensureUserAgent();
    jax = await import('@jax-js/jax');
  } catch (error) {
    return unavailable(`@jax-js/jax does not load: ${String(error)}`);
  }
  const started = await jax.init(o.device);
  if (!started.includes(o.device)) return unavailable(`jax-js has no ${o.device} device here`);
  jax.defaultDevice(o.device);
  const { numpy: np, nn } = jax;
  const { nSamples: N, nFeatures: D } = o.data;
  const K = o.classes === 2 ? 1 : o.classes;
  const widths = [D, ...o.hidden, K];

  // BCE from the logit, max(z,0) − z·y + log1p(e^−|z|), as BCEWithLogitsLoss
  const binaryCrossEntropy = (h: JaxArray, y: JaxArray): JaxArray => {
    const z = h.reshape([-1]);
    return np
      .maximum(z.ref, 0)
      .sub(z.ref.mul(y))
      .add(np.log1p(np.exp(np.abs(z).neg())))
      .mean();
  };
  // −log softmax(z)_y with y one-hot: log-softmax as z − m − log Σ e^(z − m), m the row's largest
  // logit held constant (as jax.nn.logsumexp does), as CrossEntropyLoss
  const softmaxCrossEntropy = (z: JaxArray, y: JaxArray): JaxArray => {
    const shifted = z.ref.sub(jax.lax.stopGradient(np.max(z, -1, { keepdims: true })));
    const logp = shifted.ref.sub(np.log(np.sum(np.exp(shifted), -1, { keepdims: true })));
    return logp.mul(y).sum(-1).neg().mean();
  };
  const loss = (ps: Params, X: JaxArray, y: JaxArray): JaxArray => {
    let h = X;
    ps.forEach(({ W, b }, l) => {
      h = np.matmul(h, W.transpose()).add(b);
      if (l + 1 < ps.length) h = nn.relu(h);
    });
    return K === 1 ? binaryCrossEntropy(h, y) : softmaxCrossEntropy(h, y);
  };
  const step = jax.jit(
    (ps: Params, ms: Params, vs: Params, X: JaxArray, y: JaxArray, c1: JaxArray, c2: JaxArray) => {
      const [value, grads] = jax.valueAndGrad(loss)(jax.tree.ref(ps), X, y);
      const next: Params[] = [[], [], []];
      ps.forEach((p, i) => {
        const g = grads[i] as Layer;
        const [m, v] = [ms[i] as Layer, vs[i] as Layer];
        const layer = (key: keyof Layer): [JaxArray, JaxArray, JaxArray] => {
          const gi = g[key];
          const mi = m[key].mul(ADAM.beta1).add(gi.ref.mul(1 - ADAM.beta1));
          const vi = v[key].mul(ADAM.beta2).add(gi.ref.mul(gi).mul(1 - ADAM.beta2));
          const denominator = np.sqrt(vi.ref).div(c2.ref).add(ADAM.eps);
          return [p[key].sub(mi.ref.mul(c1.ref).div(denominator)), mi, vi];
        };
        const [W, b] = [layer('W'), layer('b')];
        next.forEach((tree, k) => tree.push({ W: W[k] as JaxArray, b: b[k] as JaxArray }));
      });
      c1.dispose();
      c2.dispose();
      return [value, ...next] as [JaxArray, Params, Params, Params];
    },
  );

  let at = 0;
  let params: Params = widths.slice(1).map((outputs, l) => {
    const inputs = widths[l] as number;
    const W = Float32Array.from(
      { length: outputs * inputs },
      (_, i) => o.initialParams[at + i] as number,
    );
    at += outputs * inputs;
    const b = Float32Array.from({ length: outputs }, (_, i) => o.initialParams[at + i] as number);
    at += outputs;
    return { W: np.array(W).reshape([outputs, inputs]), b: np.array(b) };
  });
  const zeros = (ps: Params): Params =>
    ps.map(({ W, b }) => ({ W: np.zerosLike(W.ref), b: np.zerosLike(b.ref) }));
  let m = zeros(params);
  let v = zeros(params);

  const X = Float32Array.from(o.data.X);
  const Y = Float32Array.from(o.data.y);
  const order = new BatchOrder(N, o.batchSize, o.shuffleSeed);
  const totalSteps = order.stepsPerEpoch * o.epochs;
  // the first steps compile the jitted step: not timed
  const warmSteps = Math.min(3, totalSteps);
  const values: JaxArray[] = [];
  let stepsRun = 0;
  let timedFrom = 0;
  let t = 0;
  try {
    run: for (let epoch = 0; epoch < o.epochs; epoch++) {
      const rows = order.nextEpoch();
      for (let k = 0; k < order.stepsPerEpoch; k++) {
        const B = order.batchRows(k);
        const bx = new Float32Array(B * D);
        // the label (one logit) or its one-hot row (K logits)
        const by = new Float32Array(B * K);
        for (let i = 0; i < B; i++) {
          const row = rows === null ? k * o.batchSize + i : (rows[k * o.batchSize + i] as number);
          bx.set(X.subarray(row * D, (row + 1) * D), i * D);
          if (K === 1) by[i] = Y[row] as number;
          else by[i * K + (Y[row] as number)] = 1;
        }
        t++;
        const c1 = o.lr / (1 - ADAM.beta1 ** t);
        const c2 = Math.sqrt(1 - ADAM.beta2 ** t);
        const [value, ps, ms, vs] = step(
          params,
          m,
          v,
          np.array(bx).reshape([B, D]),
          K === 1 ? np.array(by) : np.array(by).reshape([B, K]),
          np.array([c1]).reshape([]),
          np.array([c2]).reshape([]),
        );
        [params, m, v] = [ps, ms, vs];
        stepsRun++;
        // read at the end: a read each step would wait for the device each step
        values.push(value);
        if (stepsRun === warmSteps) {
          await jax.blockUntilReady(params);
          timedFrom = performance.now();
        }
        // an epoch of a wide model on a slow device takes minutes: every 32 steps, wait for the
        // device and stop past the budget (one wait in 32 steps costs the pipeline little)
        if (stepsRun > warmSteps && stepsRun % STEPS_PER_WAIT === 0) {
          await jax.blockUntilReady(params);
          if (performance.now() - timedFrom > o.budgetMs) break run;
        }
      }
    }
    await jax.blockUntilReady(params);
    const trainMs = performance.now() - timedFrom;
    const timed = stepsRun - warmSteps;
    const msPerStep = timed > 0 ? trainMs / timed : NaN;
    const losses: number[] = [];
    for (const value of values.splice(0)) losses.push((await value.data())[0] ?? NaN);
    return {
      device: o.device,
      available: true,
      reason: null,
      version: VERSION,
      stepsRun,
      trainMs,
      msPerStep,
      projectedMs: msPerStep * totalSteps,
      firstLoss: losses[0] ?? NaN,
      losses,
    };
  } finally {
    jax.tree.dispose([params, m, v, values]);
  }
}
