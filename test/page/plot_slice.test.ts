import { describe, expect, it } from 'vitest';
import { initialParams } from '../../src/core/init.ts';
import { predict } from '../../src/model/predict.ts';
import { BINARY_HEAD, type ModelSpec } from '../../src/core/spec.ts';
import { makeDataset, type Standardization } from '../../src/data/index.ts';
import { savedModelOf } from '../../src/model/serialize.ts';
import { boundarySegment, plotBox, type Box, type PlotAxes } from '../../src/page/data_plot.ts';
import { evaluateGrid, gridInputs, plottable, sliceLine } from '../../src/page/model_field.ts';

// the plot of data with more than two features: the model drawn in the plane of the two features
// picked, the others held where the slice says (their training means)

const box: Box = { xMin: -2, xMax: 6, yMin: 10, yMax: 40 };
const standardization: Standardization = {
  mean: [1.5, 20, -3, 0.25, 7],
  scale: [2, 8, 0.5, 1, 3],
};
const axes: PlotAxes = { x: 3, y: 1, names: ['d', 'b'], at: [1, 22, -2.5, 0, 9] };

/** The raw row at a cell's centre: the slice's values, the two plotted features set. */
function cellRow(cells: number, row: number, col: number): number[] {
  const values = Array.from(axes.at as number[]);
  values[axes.x] = box.xMin + ((col + 0.5) / cells) * (box.xMax - box.xMin);
  values[axes.y as number] = box.yMax - ((row + 0.5) / cells) * (box.yMax - box.yMin);
  return values;
}

describe("the plot's slice through five features", () => {
  it("each cell is the model's probability at that point of the slice, as predict() gives it", () => {
    const spec: ModelSpec = {
      inputs: 5,
      features: [],
      hidden: [6, 3],
      activation: 'tanh',
      ...BINARY_HEAD,
    };
    const params = initialParams(spec, 11);
    const model = { spec, params, standardization };
    const cells = 9;
    const field = evaluateGrid(model, gridInputs(model, box, cells, axes));
    const rows = Array.from({ length: cells * cells }, (_, cell) =>
      cellRow(cells, Math.floor(cell / cells), cell % cells),
    );
    const expected = predict(
      savedModelOf(spec, standardization, Array.from(params)),
      makeDataset(Float64Array.from(rows.flat()), new Int32Array(rows.length), 5),
    );
    // both are float64 through the same order of sums; 1e-12 leaves room for the libm's exp
    (field.outputs[0] ?? new Float64Array()).forEach((p, cell) =>
      expect(Math.abs(p - (expected[cell] as number))).toBeLessThan(1e-12),
    );
    expect(field.nodes.hidden.map((layer) => layer.length)).toEqual([6, 3]);
    expect(field.nodes.inputs).toHaveLength(5);
  });

  it("a linear model's line is where the drawn probability crosses one half", () => {
    const spec: ModelSpec = {
      inputs: 5,
      features: [],
      hidden: [],
      activation: 'tanh',
      ...BINARY_HEAD,
    };
    const params = Float64Array.from([0.8, -0.6, 1.1, 2.0, -0.4, 0.3]);
    const model = { spec, params, standardization };
    const line = sliceLine(model, axes);
    if (line === null) throw new Error('a linear model has a line');
    const cells = 40;
    const field = evaluateGrid(model, gridInputs(model, box, cells, axes));
    let sides = 0;
    (field.outputs[0] ?? new Float64Array()).forEach((p, cell) => {
      const row = cellRow(cells, Math.floor(cell / cells), cell % cells);
      const side =
        line[0] * (row[axes.x] as number) + line[1] * (row[axes.y as number] as number) + line[2];
      // cells beside the line, where the logit is within rounding of 0, say nothing
      if (Math.abs(side) < 1e-9) return;
      expect(p > 0.5).toBe(side > 0);
      sides += side > 0 ? 1 : 0;
    });
    // the line crosses the box: cells lie on both sides, and its ends are on the box's edges
    expect(sides).toBeGreaterThan(0);
    expect(sides).toBeLessThan(cells * cells);
    expect(boundarySegment(line, box)).toHaveLength(2);
  });

  it('has no line for a model with hidden layers, and no slice without a value for each other feature', () => {
    const mlp: ModelSpec = {
      inputs: 5,
      features: [],
      hidden: [4],
      activation: 'relu',
      ...BINARY_HEAD,
    };
    expect(
      sliceLine({ spec: mlp, params: initialParams(mlp, 1), standardization: null }, axes),
    ).toBeNull();
    expect(plottable(mlp, axes)).toBe(true);
    expect(plottable(mlp, { ...axes, at: null })).toBe(false);
    expect(plottable(mlp, { ...axes, at: [0, 0, 0] })).toBe(false);
    expect(plottable({ ...mlp, inputs: 1 }, { x: 0, y: null, names: ['x0', ''], at: null })).toBe(
      false,
    );
  });
});

describe("the plot's box", () => {
  it('is square in data units when the two spans are alike, and holds every point', () => {
    const b = plotBox([-1.2, 0.3, 2.9], [-2.1, 0, 1.4]);
    expect(b.xMax - b.xMin).toBe(b.yMax - b.yMin);
    expect(b.xMin).toBeLessThanOrEqual(-1.2);
    expect(b.xMax).toBeGreaterThanOrEqual(2.9);
    expect(b.yMin).toBeLessThanOrEqual(-2.1);
    expect(b.yMax).toBeGreaterThanOrEqual(1.4);
  });

  it("spans each axis's own data when their scales differ 100×, as raw measurements do", () => {
    const b = plotBox([6.98, 28.1, 14.2], [0, 0.291, 0.11]);
    expect(b.xMin).toBeLessThanOrEqual(6.98);
    expect(b.xMax).toBeGreaterThanOrEqual(28.1);
    expect(b.yMin).toBeLessThanOrEqual(0);
    expect(b.yMax).toBeGreaterThanOrEqual(0.291);
    // the small axis is not squashed into a sliver of the large one's range
    expect(b.yMax - b.yMin).toBeLessThan(1);
  });
});
