/**
 * A model evaluated over the plot: σ(output) at the centre of each cell of a square grid, and
 * each hidden unit's activation there (for its own small heatmap). It runs the CPU reference's
 * forward stage in float64, through the model's extra features, one row of the grid at a time.
 */
import { withFeatures } from '../core/features.ts';
import type { ModelSpec } from '../core/spec.ts';
import { applyStandardization, makeDataset, type Standardization } from '../data/index.ts';
import { F64 } from '../reference/arithmetic.ts';
import { compileNetwork, sampleForwardBackward } from '../reference/stages.ts';
import type { Box } from './data_plot.ts';

/** A model as the page shows it: its shape, its params, and the z-score its inputs take. */
export interface ShownModel {
  readonly spec: ModelSpec;
  readonly params: ArrayLike<number>;
  /** the standardization fitted on the training split, applied before the extra features */
  readonly standardization: Standardization | null;
}

export interface GridField {
  readonly cells: number;
  /** σ(output) per cell, rows from the top */
  readonly output: Float64Array;
  /** activations per hidden layer, per unit, per cell; empty when not asked for */
  readonly units: Float64Array[][];
}

/** Multiply-adds one evaluation may take: about a millisecond or two of JavaScript. */
const WORK_BUDGET = 2e6;

/** Cells per side for a model of P params: fine for small models, coarser for big ones. */
export function cellsFor(P: number, most = 72, least = 20): number {
  return Math.max(least, Math.min(most, Math.floor(Math.sqrt(WORK_BUDGET / (P + 1)))));
}

/** Whether the plot can show this model: it needs exactly two raw inputs. */
export function plottable(spec: ModelSpec): boolean {
  return spec.inputs === 2;
}

let gridCache: { key: string; X: Float64Array; D: number } | null = null;

/** The grid's inputs, standardized and with the extra features appended, as train() prepares rows. */
function gridInputs(model: ShownModel, box: Box, cells: number): { X: Float64Array; D: number } {
  const { spec, standardization } = model;
  const key = JSON.stringify([box, cells, spec.features, standardization]);
  if (gridCache?.key === key) return gridCache;
  const raw = new Float64Array(2 * cells * cells);
  for (let row = 0; row < cells; row++) {
    const y = box.yMax - ((row + 0.5) / cells) * (box.yMax - box.yMin);
    for (let col = 0; col < cells; col++) {
      raw[2 * (row * cells + col)] = box.xMin + ((col + 0.5) / cells) * (box.xMax - box.xMin);
      raw[2 * (row * cells + col) + 1] = y;
    }
  }
  const grid = makeDataset(raw, new Int32Array(cells * cells), 2);
  const scaled = standardization === null ? grid : applyStandardization(standardization, grid);
  const expanded = withFeatures(scaled, spec.features);
  gridCache = { key, X: expanded.X, D: expanded.nFeatures };
  return gridCache;
}

/** The model over the box; with `units`, every hidden unit's activation too. */
export function evaluateGrid(
  model: ShownModel,
  box: Box,
  cells: number,
  units: boolean,
): GridField {
  const { spec } = model;
  const net = compileNetwork(spec);
  const { X } = gridInputs(model, box, cells);
  const weights = Float64Array.from(model.params);
  const act = new Float64Array(net.actFloats);
  const delta = new Float64Array(net.deltaFloats);
  const n = cells * cells;
  const output = new Float64Array(n);
  const hidden = units
    ? spec.hidden.map((width) => Array.from({ length: width }, () => new Float64Array(n)))
    : [];
  for (let i = 0; i < n; i++) {
    const { logit } = sampleForwardBackward(net, weights, X, i, 0, act, delta, false, F64);
    output[i] = 1 / (1 + Math.exp(-logit));
    hidden.forEach((layer, l) => {
      const at = net.actOffset[l] as number;
      layer.forEach((unit, j) => (unit[i] = act[at + j] as number));
    });
  }
  return { cells, output, units: hidden };
}
