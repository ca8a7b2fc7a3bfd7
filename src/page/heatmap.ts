import type { Chart, Plugin } from 'chart.js';

/** What the heatmap shows: σ(w·x + b) for two features; nothing otherwise. */
export interface HeatmapModel {
  params: ArrayLike<number> | null;
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
      const params = model.params;
      if (params === null || params.length !== 3 || context === null) return;
      const { left, top, width, height } = chart.chartArea;
      const xScale = chart.scales['x'];
      const yScale = chart.scales['y'];
      if (xScale === undefined || yScale === undefined) return;
      const image = context.createImageData(CELLS, CELLS);
      const [w0, w1, b] = [params[0] as number, params[1] as number, params[2] as number];
      for (let row = 0; row < CELLS; row++) {
        const y = yScale.getValueForPixel(top + ((row + 0.5) / CELLS) * height) ?? 0;
        for (let col = 0; col < CELLS; col++) {
          const x = xScale.getValueForPixel(left + ((col + 0.5) / CELLS) * width) ?? 0;
          const p = 1 / (1 + Math.exp(-(w0 * x + w1 * y + b)));
          const [r, g, bl] = colour(p);
          const at = 4 * (row * CELLS + col);
          image.data[at] = r;
          image.data[at + 1] = g;
          image.data[at + 2] = bl;
          image.data[at + 3] = 255;
        }
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
