/**
 * The two precisions the CPU reference runs in, and the few transcendental steps the kernels
 * take, written the way the kernels write them so a test can diff the two stage by stage.
 * In f32 every intermediate is rounded with Math.fround, as the GPU's f32 arithmetic rounds it.
 */
export type Precision = 'f32' | 'f64';
export type Floats = Float32Array | Float64Array;

export interface Arithmetic {
  readonly precision: Precision;
  readonly round: (x: number) => number;
  readonly exp: (x: number) => number;
  readonly log: (x: number) => number;
  /** log(1 + u) for u in [0, 1], accurate for small u */
  readonly log1p: (u: number) => number;
  /** tanh, finite for every finite z (WGSL's tanh may give NaN past |z| ≈ 89) */
  readonly tanh: (z: number) => number;
}

const fround = Math.fround;

/** log(1+u) from log alone, exact to a few ulp for small u (Goldberg, "What every computer scientist should know", thm. 4). */
function log1pF32(u: number): number {
  const w = fround(1 + u);
  if (w === 1) return u;
  return fround(fround(Math.log(w)) * fround(u / fround(w - 1)));
}

/**
 * Past |z| = 9, tanh(z) rounds to ±1 in f32 (1 − tanh 9 ≈ 3e-8 < half an ulp of 1), so the
 * kernels return the sign there and the built-in tanh only where it is accurate.
 */
export const TANH_SATURATES_AT = 9;

export const F64: Arithmetic = {
  precision: 'f64',
  round: (x) => x,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  tanh: Math.tanh,
};

export const F32: Arithmetic = {
  precision: 'f32',
  round: fround,
  exp: (x) => fround(Math.exp(x)),
  log: (x) => fround(Math.log(x)),
  log1p: log1pF32,
  tanh: (z) => (Math.abs(z) >= TANH_SATURATES_AT ? Math.sign(z) : fround(Math.tanh(z))),
};

export function arithmeticFor(precision: Precision): Arithmetic {
  return precision === 'f32' ? F32 : F64;
}

/** A typed array of the precision's width, so stored values carry its rounding. */
export function floatArray(precision: Precision, length: number): Floats {
  return precision === 'f32' ? new Float32Array(length) : new Float64Array(length);
}

/** Converts to the working precision once, as torch.tensor(X, dtype) does. */
export function toPrecision(values: ArrayLike<number>, precision: Precision): Floats {
  return precision === 'f32' ? Float32Array.from(values) : Float64Array.from(values);
}
