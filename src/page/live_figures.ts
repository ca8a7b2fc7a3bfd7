/**
 * The loss and accuracy of the model shown, on the training and test rows, worked out on the page
 * as the run goes (TensorFlow Playground's "Test loss" and "Training loss"): the same rows the run
 * trains and tests on, standardized and expanded as train() prepares them, through the CPU
 * reference's forward pass in float64, with the loss each row's logit gives (binary cross-entropy
 * from the logit, in its stable form). Past a few thousand rows a split is measured on its first
 * rows (the split shuffles them), and the figures say so.
 */
import { withFeatures } from '../core/features.ts';
import { F64 } from '../core/arithmetic.ts';
import { forwardSample } from '../core/forward.ts';
import { compileNetwork } from '../core/network.ts';
import { paramCount, type ModelSpec } from '../core/spec.ts';
import { applyStandardization, makeDataset, type Dataset } from '../data/index.ts';
import type { ShownModel } from './model_field.ts';
import { ROLE } from './split_rows.ts';

/** The most rows of a split measured each frame, and the most multiply-adds a split may take. */
export const LIVE_ROWS = 4000;
const LIVE_WORK = 2e6;
/** However large the model, at least this many rows (or all) are measured. */
const LEAST_ROWS = 500;

export interface SplitFigures {
  readonly loss: number;
  readonly accuracy: number;
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
    const y = new Int32Array(chosen.length);
    chosen.forEach((row, i) => {
      X.set(data.X.subarray(row * D, (row + 1) * D), i * D);
      y[i] = data.y[row] as number;
    });
    return { rows: makeDataset(X, y, D), of };
  };
  const train = pick(ROLE.train) ?? { rows: data, of: 0 };
  return { train, test: roles === null ? null : pick(ROLE.test) };
}

/** The mean loss and the accuracy of a model on the first `count` prepared rows (the network's inputs). */
export function measure(
  spec: ModelSpec,
  params: ArrayLike<number>,
  rows: Dataset,
  count = rows.nSamples,
): { loss: number; accuracy: number } {
  const net = compileNetwork(spec);
  const weights = Float64Array.from(params);
  const act = new Float64Array(net.actFloats);
  const logit = new Float64Array(1);
  let loss = 0;
  let right = 0;
  for (let i = 0; i < count; i++) {
    forwardSample(net, weights, rows.X, i, act, logit, F64);
    const z = logit[0] as number;
    const y = rows.y[i] as number;
    loss += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
    if ((z >= 0 ? 1 : 0) === y) right++;
  }
  return { loss: loss / count, accuracy: right / count };
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
const grouped = (n: number) => n.toLocaleString('en-US').replace(/,/g, ' ');

/** The figures as the page writes them: loss, accuracy, and which rows they are of. */
export function describeFigures(
  figures: LiveFigures,
  epoch: number,
): { loss: string; accuracy: string; rows: string } {
  const { train, test } = figures;
  const both = (pick: (f: SplitFigures) => string) =>
    test === null ? `${pick(train)} train` : `${pick(train)} train · ${pick(test)} test`;
  const at = `, epoch ${grouped(epoch)}`;
  const rowsOf = (f: SplitFigures, name: string) =>
    f.rows === f.of
      ? `all ${grouped(f.of)} ${name} rows`
      : `the first ${grouped(f.rows)} of ${grouped(f.of)} ${name} rows`;
  return {
    loss: `${both((f) => loss(f.loss))}${at}`,
    accuracy: `${both((f) => percent(f.accuracy))}${at}`,
    rows: `The model shown, on ${rowsOf(train, 'training')}${test === null ? '' : ` and ${rowsOf(test, 'test')}`}.`,
  };
}
