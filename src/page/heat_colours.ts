/**
 * The page's colours for classes and heatmaps, from Okabe and Ito's palette, which people with
 * any common colour blindness tell apart: class 0 blue, class 1 orange, then green, vermilion,
 * sky blue, reddish purple, yellow and grey. A heatmap fades each colour towards white where the
 * model is unsure; a diverging one (an input's value, a hidden unit's activation) runs blue below
 * zero, white at zero and orange above, as TensorFlow Playground paints its nodes.
 */

export type RGB = readonly [number, number, number];

export const CLASS_COLOURS: readonly string[] = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#d55e00',
  '#56b4e9',
  '#cc79a7',
  '#f0e442',
  '#7f7f7f',
];

/** A class's colour (the palette repeats past eight classes). */
export function classColour(k: number): string {
  return CLASS_COLOURS[k % CLASS_COLOURS.length] ?? '#7f7f7f';
}

export function rgbOf(hex: string): RGB {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const BLUE = rgbOf(CLASS_COLOURS[0] ?? '#0072b2');
const ORANGE = rgbOf(CLASS_COLOURS[1] ?? '#e69f00');

/** White faded towards `target` by t in [0, 1]. */
export function towards(target: RGB, t: number): RGB {
  const a = Math.max(0, Math.min(1, t));
  return [0, 1, 2].map((i) =>
    Math.round(255 + ((target[i] as number) - 255) * a),
  ) as unknown as RGB;
}

/** The probability of class 1: blue at 0, white at 0.5, orange at 1 (at most `strength` of either). */
export function probabilityColour(p: number, strength = 0.55): RGB {
  if (!Number.isFinite(p)) return [255, 255, 255];
  return towards(p < 0.5 ? BLUE : ORANGE, Math.min(1, Math.abs(p - 0.5) * 2) * strength);
}

/** A value against the largest size shown: blue below zero, orange above. */
export function divergingColour(v: number, largest: number, strength = 0.85): RGB {
  if (!Number.isFinite(v)) return [255, 255, 255];
  const t = Math.max(-1, Math.min(1, v / Math.max(largest, 1e-12)));
  return towards(t < 0 ? BLUE : ORANGE, Math.abs(t) * strength);
}

/** White towards class k's colour as its probability p grows (an output node of a softmax). */
export function classProbabilityColour(k: number, p: number, strength = 0.85): RGB {
  return towards(rgbOf(classColour(k)), (Number.isFinite(p) ? p : 0) * strength);
}

/** A predicted value on a regression's scale: blue at `low`, white half way, orange at `high`. */
export function valueColour(v: number, low: number, high: number, strength = 0.85): RGB {
  if (!Number.isFinite(v)) return [255, 255, 255];
  const middle = (low + high) / 2;
  const half = Math.max((high - low) / 2, 1e-12);
  return divergingColour(v - middle, half, strength);
}

/**
 * What an output is painted as: the probability of class 1 (binary), class k's probability (one
 * node of a softmax), or a value on the target's scale from `low` to `high` (regression).
 */
export type HeatPalette =
  | { readonly kind: 'probability' }
  | { readonly kind: 'class'; readonly k: number }
  | { readonly kind: 'value'; readonly low: number; readonly high: number };

/**
 * A plot cell's colour from what the model predicts there (per output: P(class 1); K class
 * probabilities; a value): the class decided in its colour, paler where the model is less sure,
 * or the value on the target's scale; `discrete` paints the decided class (or the value's side)
 * in full.
 */
export function predictionColour(
  outputs: readonly ArrayLike<number>[],
  cell: number,
  palette: {
    readonly head: 'binary' | 'multiclass' | 'regression';
    readonly low: number;
    readonly high: number;
  },
  discrete: boolean,
  strength = 0.55,
): RGB {
  if (palette.head === 'binary') {
    const p = outputs[0]?.[cell] ?? NaN;
    return probabilityColour(discrete ? (p >= 0.5 ? 1 : 0) : p, strength);
  }
  if (palette.head === 'regression') {
    const v = outputs[0]?.[cell] ?? NaN;
    const middle = (palette.low + palette.high) / 2;
    return valueColour(
      discrete ? (v >= middle ? palette.high : palette.low) : v,
      palette.low,
      palette.high,
      strength,
    );
  }
  let best = 0;
  let top = -Infinity;
  outputs.forEach((probabilities, k) => {
    const p = probabilities[cell] as number;
    if (p > top) [best, top] = [k, p];
  });
  const K = outputs.length;
  // how far above a uniform guess the chosen class stands
  const sure = discrete ? 1 : (top - 1 / K) / (1 - 1 / K);
  return towards(rgbOf(classColour(best)), sure * strength);
}

/** Paints cells² values (rows from the top) into a canvas of `size`² pixels, picking cells evenly. */
function paintCells(
  canvas: HTMLCanvasElement,
  cells: number,
  size: number,
  colour: (cell: number) => RGB,
): void {
  if (canvas.width !== size) canvas.width = size;
  if (canvas.height !== size) canvas.height = size;
  const context = canvas.getContext('2d');
  if (context === null) return;
  const image = context.createImageData(size, size);
  for (let row = 0; row < size; row++) {
    const r = Math.min(cells - 1, Math.floor(((row + 0.5) * cells) / size));
    for (let col = 0; col < size; col++) {
      const c = Math.min(cells - 1, Math.floor(((col + 0.5) * cells) / size));
      const [red, green, blue] = colour(r * cells + c);
      const at = 4 * (row * size + col);
      image.data[at] = red;
      image.data[at + 1] = green;
      image.data[at + 2] = blue;
      image.data[at + 3] = 255;
    }
  }
  context.putImageData(image, 0, 0);
}

/** A node's values, scaled so the largest size is the strongest colour. */
export function paintDiverging(
  canvas: HTMLCanvasElement,
  values: ArrayLike<number>,
  cells: number,
  size = cells,
): void {
  let largest = 1e-12;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) largest = Math.max(largest, Math.abs(v));
  }
  paintCells(canvas, cells, size, (cell) => divergingColour(values[cell] as number, largest));
}

/** An output's values, as the palette paints them. */
export function paintHeat(
  canvas: HTMLCanvasElement,
  values: ArrayLike<number>,
  cells: number,
  size: number,
  palette: HeatPalette,
  discrete = false,
): void {
  paintCells(canvas, cells, size, (cell) => {
    const v = values[cell] as number;
    switch (palette.kind) {
      case 'probability':
        return probabilityColour(discrete ? (v >= 0.5 ? 1 : 0) : v, 0.85);
      case 'class':
        return classProbabilityColour(palette.k, discrete ? (v >= 0.5 ? 1 : 0) : v);
      case 'value': {
        const middle = (palette.low + palette.high) / 2;
        const shown = discrete ? (v >= middle ? palette.high : palette.low) : v;
        return valueColour(shown, palette.low, palette.high);
      }
    }
  });
}
