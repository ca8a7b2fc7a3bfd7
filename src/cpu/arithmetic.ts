/** The two precisions the CPU reference runs in. */
export type Precision = 'f32' | 'f64';

/**
 * Rounding and the two transcendental helpers, per precision. In f32 every intermediate is
 * rounded with Math.fround, as the GPU's f32 arithmetic does, and log1p uses the same
 * formula the kernels use (WGSL has no log1p).
 */
export interface Arithmetic {
  readonly precision: Precision;
  readonly round: (x: number) => number;
  readonly exp: (x: number) => number;
  /** log(1 + u) for u in [0, 1], accurate for small u */
  readonly log1p: (u: number) => number;
}

const fround = Math.fround;

/** log(1+u) from log alone, exact to a few ulp for small u (Goldberg, "What every computer scientist should know", thm. 4). */
function log1pF32(u: number): number {
  const w = fround(1 + u);
  if (w === 1) return u;
  return fround(fround(Math.log(w)) * fround(u / fround(w - 1)));
}

export const F64: Arithmetic = {
  precision: 'f64',
  round: (x) => x,
  exp: Math.exp,
  log1p: Math.log1p,
};

export const F32: Arithmetic = {
  precision: 'f32',
  round: fround,
  exp: (x) => fround(Math.exp(x)),
  log1p: log1pF32,
};

export function arithmeticFor(precision: Precision): Arithmetic {
  return precision === 'f32' ? F32 : F64;
}

/** A typed array of the precision's width, so stored values carry its rounding. */
export function floatArray(precision: Precision, length: number): Float32Array | Float64Array {
  return precision === 'f32' ? new Float32Array(length) : new Float64Array(length);
}
