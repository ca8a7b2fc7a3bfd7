/**
 * The loss and accuracy (R² for a regression) of the model shown, on the training and test rows,
 * worked out on the page as the run goes (TensorFlow Playground's "Test loss" and "Training
 * loss"): the same rows the run trains and tests on, standardized and expanded as train()
 * prepares them, through the forward pass in float64, with the loss the model's head gives each
 * row (src/core/heads.ts: BCE from the logit, softmax cross-entropy by log-sum-exp, squared
 * error). Past a few thousand rows a split is measured on its first rows (the split shuffles
 * them), and the figures say so.
 */
import { withFeatures } from '../core/features.ts';
import { F64 } from '../core/arithmetic.ts';
import { forwardSample } from '../core/forward.ts';
import { HEAD } from '../core/heads.ts';
import { compileNetwork } from '../core/network.ts';
import { paramCount, type ModelSpec } from '../core/spec.ts';
import { applyStandardization, makeDataset, type Dataset } from '../data/index.ts';
import type { ShownModel } from './model_field.ts';
import { ROLE } from './split_rows.ts';
import { grouped } from './grouped.ts';

/** The most rows of a split measured each frame, and the most multiply-adds a split may take. */
export const LIVE_ROWS = 4000;
const LIVE_WORK = 2e6;
/** However large the model, at least this many rows (or all) are measured. */
const LEAST_ROWS = 500;

export interface SplitFigures {
  readonly loss: number;
  /** a classifier's accuracy, or a regression's R² (see `kind`) */
  readonly score: number;
  readonly kind: 'accuracy' | 'r2';
  /** rows measured, of `of` in the split */
  readonly rows: number;
  readonly of: number;
}

export interface LiveFigures {
  readonly train: SplitFigures;
  readonly test: SplitFigures | null;
}

/** The rows to measure: up to LIVE_ROWS of each split, raw (before any z-score), and how many there are. */
export interface LiveRows {
  readonly train: { readonly rows: Dataset; readonly of: number };
  readonly test: { readonly rows: Dataset; readonly of: number } | null;
}

/** The first LIVE_ROWS rows of the training and the test split (every row trains without a split). */
export function liveRows(data: Dataset, roles: Uint8Array | null): LiveRows {
  const pick = (role: number): { rows: Dataset; of: number } | null => {
    const chosen: number[] = [];
    let of = 0;
    for (let row = 0; row < data.nSamples; row++) {
      if (roles !== null && roles[row] !== role) continue;
      of++;
      if (chosen.length < LIVE_ROWS) chosen.push(row);
    }
    if (of === 0) return null;
    const D = data.nFeatures;
    const X = new Float64Array(chosen.length * D);
    // targets stay numbers, classes indices: the head reads them as the run does
    const y =
      data.y instanceof Float64Array
        ? new Float64Array(chosen.length)
        : new Int32Array(chosen.length);
    chosen.forEach((row, i) => {
      X.set(data.X.subarray(row * D, (row + 1) * D), i * D);
      y[i] = data.y[row] as number;
    });
    return { rows: makeDataset(X, y, D), of };
  };
  const train = pick(ROLE.train) ?? { rows: data, of: 0 };
  return { train, test: roles === null ? null : pick(ROLE.test) };
}

/**
 * The mean loss of a model on the first `count` prepared rows (the network's inputs), and its
 * accuracy (a classifier: the class it scores highest) or R² (a regression: 1 − SS_res / SS_tot).
 */
export function measure(
  spec: ModelSpec,
  params: ArrayLike<number>,
  rows: Dataset,
  count = rows.nSamples,
): { loss: number; score: number; kind: 'accuracy' | 'r2' } {
  const net = compileNetwork(spec);
  const head = HEAD[spec.head];
  const K = spec.outputs;
  const weights = Float64Array.from(params);
  const act = new Float64Array(net.actFloats);
  const z = new Float64Array(K);
  let loss = 0;
  let right = 0;
  let [sum, squares, residual] = [0, 0, 0];
  for (let i = 0; i < count; i++) {
    forwardSample(net, weights, rows.X, i, act, z, F64);
    const y = rows.y[i] as number;
    loss += head.lossAndResidual(z, K, y, null, 0, F64);
    if (spec.head === 'regression') {
      const d = (z[0] as number) - y;
      [sum, squares, residual] = [sum + y, squares + y * y, residual + d * d];
    } else if (decided(spec, z) === y) right++;
  }
  if (spec.head !== 'regression')
    return { loss: loss / count, score: right / count, kind: 'accuracy' };
  // every target equal: 1 for exact predictions, else 0 (scikit-learn's force_finite)
  const total = squares - (sum * sum) / count;
  const r2 = total > 0 ? 1 - residual / total : residual === 0 ? 1 : 0;
  return { loss: loss / count, score: r2, kind: 'r2' };
}

/** The class a classifier decides from its outputs: z ≥ 0 for one logit, else the largest. */
function decided(spec: ModelSpec, z: Float64Array): number {
  if (spec.outputs === 1) return (z[0] as number) >= 0 ? 1 : 0;
  let best = 0;
  for (let k = 1; k < spec.outputs; k++) if ((z[k] as number) > (z[best] as number)) best = k;
  return best;
}

/** The rows picked as the model takes them: standardized by its own z-score, its extra features added. */
export function prepareRows(
  picked: LiveRows,
  model: Pick<ShownModel, 'standardization'> & { readonly features: ModelSpec['features'] },
): LiveRows {
  const prepare = ({ rows, of }: { rows: Dataset; of: number }) => {
    const scaled =
      model.standardization === null ? rows : applyStandardization(model.standardization, rows);
    return { rows: withFeatures(scaled, model.features), of };
  };
  return { train: prepare(picked.train), test: picked.test === null ? null : prepare(picked.test) };
}

/** The model's figures on rows prepared for it (prepareRows). */
export function liveFigures(model: ShownModel, prepared: LiveRows): LiveFigures {
  // a large model is measured on fewer rows, so a frame's figures stay a few milliseconds
  const most = Math.max(LEAST_ROWS, Math.floor(LIVE_WORK / (paramCount(model.spec) + 1)));
  const figures = (split: { rows: Dataset; of: number }): SplitFigures => {
    const count = Math.min(split.rows.nSamples, most);
    return { ...measure(model.spec, model.params, split.rows, count), rows: count, of: split.of };
  };
  return {
    train: figures(prepared.train),
    test: prepared.test === null ? null : figures(prepared.test),
  };
}

const percent = (x: number) => `${(x * 100).toFixed(1)} %`;
const loss = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(4))) : 'not finite');

/** The figures as the page writes them: loss, accuracy, and which rows they are of. */
export function describeFigures(
  figures: LiveFigures,
  epoch: number,
): { loss: string; accuracy: string; scoreName: string; rows: string } {
  const { train, test } = figures;
  const both = (pick: (f: SplitFigures) => string) =>
    test === null ? `${pick(train)} train` : `${pick(train)} train · ${pick(test)} test`;
  const at = `, epoch ${grouped(epoch)}`;
  const rowsOf = (f: SplitFigures, name: string) =>
    f.rows === f.of
      ? `all ${grouped(f.of)} ${name} rows`
      : `the first ${grouped(f.rows)} of ${grouped(f.of)} ${name} rows`;
  const score = (f: SplitFigures) =>
    f.kind === 'r2' ? String(Number(f.score.toPrecision(4))) : percent(f.score);
  return {
    loss: `${both((f) => loss(f.loss))}${at}`,
    accuracy: `${both(score)}${at}`,
    scoreName: train.kind === 'r2' ? 'R²' : 'Accuracy',
    rows: `The model shown, on ${rowsOf(train, 'training')}${test === null ? '' : ` and ${rowsOf(test, 'test')}`}.`,
  };
}
