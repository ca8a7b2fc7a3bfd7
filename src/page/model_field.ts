/**
 * A model evaluated over the plot: what it predicts at the centre of each cell of a square grid
 * (its head's prediction: P(class 1), each class's probability, or the value), and what every node
 * computes there (for the network's small heatmaps). It runs the model's forward pass in float64,
 * through the model's extra features, one row of the grid at a time.
 */
import { withFeatures } from '../core/features.ts';
import type { ModelSpec } from '../core/spec.ts';
import { applyStandardization, makeDataset, type Standardization } from '../data/index.ts';
import { F64 } from '../core/arithmetic.ts';
import { forwardSample } from '../core/forward.ts';
import { HEAD } from '../core/heads.ts';
import { compileNetwork } from '../core/network.ts';
import type { Box, Line, PlotAxes } from './data_plot.ts';
import type { NodeValues } from './network_view.ts';

/** A model as the page shows it: its shape, its params, and the z-score its inputs take. */
export interface ShownModel {
  readonly spec: ModelSpec;
  readonly params: ArrayLike<number>;
  /** the standardization fitted on the training split, applied before the extra features */
  readonly standardization: Standardization | null;
}

export interface GridField {
  readonly cells: number;
  /** the head's prediction per cell, rows from the top: one array per output node */
  readonly outputs: readonly Float64Array[];
  /** every node's values per cell: the inputs (after any z-score, with the extra features), the hidden units' activations, the outputs */
  readonly nodes: NodeValues;
}

/** The grid's inputs as the network takes them: D values a cell, cells² cells, rows from the top. */
export interface GridInputs {
  readonly X: Float64Array;
  readonly D: number;
  readonly cells: number;
}

/**
 * Past this many params a model is not evaluated on the page as it trains (its heatmaps, the live
 * figures): even the coarsest grid would hold the page for seconds a frame. Its results come at
 * the end, measured in the training worker.
 */
export const LIVE_MAX_PARAMS = 100_000;

/** Multiply-adds one evaluation may take: about a millisecond or two of JavaScript. */
const WORK_BUDGET = 2e6;

/** Cells per side for a model of P params: fine for small models, coarser for big ones. */
export function cellsFor(P: number, most = 72, least = 20): number {
  return Math.max(least, Math.min(most, Math.floor(Math.sqrt(WORK_BUDGET / (P + 1)))));
}

/**
 * Whether the plot can show this model on these axes: two raw inputs, or more with a value held
 * for each one not plotted (a slice).
 */
export function plottable(spec: ModelSpec, axes: PlotAxes): boolean {
  const D = spec.inputs;
  return axes.y !== null && Math.max(axes.x, axes.y) < D && (D === 2 || axes.at?.length === D);
}

/**
 * The grid's inputs, standardized and with the extra features appended, as train() prepares rows:
 * the plotted features vary over the box, every other one sits where `axes.at` holds it.
 */
export function gridInputs(
  model: Pick<ShownModel, 'spec' | 'standardization'>,
  box: Box,
  cells: number,
  axes: PlotAxes,
): GridInputs {
  const { spec, standardization } = model;
  const D = spec.inputs;
  const at = axes.at === null ? null : Array.from(axes.at);
  if (axes.y === null || (D > 2 && (at === null || at.length !== D)))
    throw new Error(`the plot needs two axes, and a value for each other feature of ${D}`);
  const raw = new Float64Array(D * cells * cells);
  for (let row = 0; row < cells; row++) {
    const y = box.yMax - ((row + 0.5) / cells) * (box.yMax - box.yMin);
    for (let col = 0; col < cells; col++) {
      const offset = D * (row * cells + col);
      if (at !== null) raw.set(at, offset);
      raw[offset + axes.x] = box.xMin + ((col + 0.5) / cells) * (box.xMax - box.xMin);
      raw[offset + axes.y] = y;
    }
  }
  const grid = makeDataset(raw, new Int32Array(cells * cells), D);
  const scaled = standardization === null ? grid : applyStandardization(standardization, grid);
  const expanded = withFeatures(scaled, spec.features);
  return { X: expanded.X, D: expanded.nFeatures, cells };
}

/**
 * The model over the grid (gridInputs: the box, in the plane of the two plotted features, a slice
 * through the others), and what every node computes there.
 */
export function evaluateGrid(model: ShownModel, grid: GridInputs): GridField {
  const { spec } = model;
  const { X, D, cells } = grid;
  const net = compileNetwork(spec);
  const weights = Float64Array.from(model.params);
  const act = new Float64Array(net.actFloats);
  const head = HEAD[spec.head];
  const K = spec.outputs;
  const z = new Float64Array(K);
  const width = head.predictionWidth(K);
  const predicted = new Float64Array(width);
  const n = cells * cells;
  const outputs = Array.from({ length: width }, () => new Float64Array(n));
  const inputs = Array.from({ length: D }, (_, k) => {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) column[i] = X[i * D + k] as number;
    return column;
  });
  const hidden = spec.hidden.map((width) =>
    Array.from({ length: width }, () => new Float64Array(n)),
  );
  for (let i = 0; i < n; i++) {
    forwardSample(net, weights, X, i, act, z, F64);
    head.predict(z, K, predicted, 0);
    outputs.forEach((out, k) => (out[i] = predicted[k] as number));
    hidden.forEach((layer, l) => {
      const at = net.actOffset[l] as number;
      layer.forEach((unit, j) => (unit[i] = act[at + j] as number));
    });
  }
  return { cells, outputs, nodes: { cells, inputs, hidden, outputs } };
}

/**
 * A linear model's boundary σ = 0.5 in the plot's slice, in the data's raw units: with a z-score
 * x' = (x − mean) / scale, the logit Σ w·x' + b has raw weights w / scale and takes −Σ w·mean /
 * scale into its bias; the features not plotted add their weight times the value they are held at.
 * Null for a model with hidden layers or extra features, whose boundary is no line.
 */
export function sliceLine(model: ShownModel, axes: PlotAxes): Line | null {
  const { spec, params, standardization } = model;
  // a binary classifier's one logit has a line where it is 0; a softmax's or a regression's none
  if (spec.head !== 'binary') return null;
  if (spec.hidden.length !== 0 || spec.features.length !== 0 || axes.y === null) return null;
  const D = spec.inputs;
  const weight = new Float64Array(D);
  let bias = params[D] as number;
  for (let k = 0; k < D; k++) {
    const scale = standardization?.scale[k] ?? 1;
    weight[k] = (params[k] as number) / scale;
    bias -= (weight[k] as number) * (standardization?.mean[k] ?? 0);
  }
  for (let k = 0; k < D; k++) {
    if (k !== axes.x && k !== axes.y)
      bias += (weight[k] as number) * ((axes.at?.[k] as number) ?? 0);
  }
  return [weight[axes.x] as number, weight[axes.y] as number, bias];
}
