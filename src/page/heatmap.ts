import type { Chart, Plugin } from 'chart.js';

/** Probabilities of class 1 at points given as [x₀, y₀, x₁, y₁, …]. */
export type GridPredictor = (points: Float64Array) => ArrayLike<number>;

/** What the heatmap shows: a model's σ(output) over the plane, or nothing. */
export interface HeatmapModel {
  predict: GridPredictor | null;
}

const CELLS = 96;

/** Class 0 blue, class 1 orange, 0.5 white: the same colours as the points. */
function colour(p: number): [number, number, number] {
  const blue = [59, 130, 246];
  const orange = [249, 115, 22];
  const t = Math.abs(p - 0.5) * 2;
  const target = p < 0.5 ? blue : orange;
  return [0, 1, 2].map((i) => Math.round(255 + ((target[i] as number) - 255) * t * 0.55)) as [
    number,
    number,
    number,
  ];
}

/**
 * A Chart.js plugin that paints σ(w·x + b) behind the datasets: a small grid of cells over the
 * chart area, computed in data coordinates, drawn scaled up with smoothing.
 */
export function heatmapPlugin(model: HeatmapModel): Plugin<'scatter'> {
  const grid = document.createElement('canvas');
  grid.width = CELLS;
  grid.height = CELLS;
  const context = grid.getContext('2d');
  return {
    id: 'probabilityHeatmap',
    beforeDatasetsDraw(chart: Chart<'scatter'>) {
      const predict = model.predict;
      if (predict === null || context === null) return;
      const { left, top, width, height } = chart.chartArea;
      const xScale = chart.scales['x'];
      const yScale = chart.scales['y'];
      if (xScale === undefined || yScale === undefined) return;
      const points = new Float64Array(2 * CELLS * CELLS);
      for (let row = 0; row < CELLS; row++) {
        const y = yScale.getValueForPixel(top + ((row + 0.5) / CELLS) * height) ?? 0;
        for (let col = 0; col < CELLS; col++) {
          points[2 * (row * CELLS + col)] =
            xScale.getValueForPixel(left + ((col + 0.5) / CELLS) * width) ?? 0;
          points[2 * (row * CELLS + col) + 1] = y;
        }
      }
      const probabilities = predict(points);
      const image = context.createImageData(CELLS, CELLS);
      for (let cell = 0; cell < CELLS * CELLS; cell++) {
        const [r, g, b] = colour(probabilities[cell] as number);
        image.data[4 * cell] = r;
        image.data[4 * cell + 1] = g;
        image.data[4 * cell + 2] = b;
        image.data[4 * cell + 3] = 255;
      }
      context.putImageData(image, 0, 0);
      const ctx = chart.ctx;
      ctx.save();
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(grid, left, top, width, height);
      ctx.restore();
    },
  };
}
