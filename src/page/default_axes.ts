/**
 * The two features a data set of more than two is first plotted on: those that best separate its
 * classes one at a time (Fisher's score: the spread of the class means over the spread within the
 * classes), or for a regression those most correlated with the target, never a column that only
 * numbers the rows (whole numbers, every one different, in order), which a file's id column is.
 */
import type { Dataset } from '../data/index.ts';

/** Whether feature j looks like a row number: whole, all different, and rising or falling. */
function rowNumberLike(data: Dataset, j: number): boolean {
  const D = data.nFeatures;
  let rising = true;
  let falling = true;
  const seen = new Set<number>();
  for (let row = 0; row < data.nSamples; row++) {
    const v = data.X[row * D + j] as number;
    if (!Number.isInteger(v) || seen.has(v)) return false;
    seen.add(v);
    if (row > 0) {
      const before = data.X[(row - 1) * D + j] as number;
      rising &&= v > before;
      falling &&= v < before;
    }
  }
  return data.nSamples > 2 && (rising || falling || seen.size === data.nSamples);
}

/** Fisher's score of feature j for the labels: between-class over within-class variance. */
function fisherScore(data: Dataset, j: number): number {
  const D = data.nFeatures;
  const sums = new Map<number, { n: number; sum: number; squares: number }>();
  for (let row = 0; row < data.nSamples; row++) {
    const v = data.X[row * D + j] as number;
    const label = data.y[row] as number;
    const s = sums.get(label) ?? { n: 0, sum: 0, squares: 0 };
    s.n++;
    s.sum += v;
    s.squares += v * v;
    sums.set(label, s);
  }
  const mean = [...sums.values()].reduce((a, s) => a + s.sum, 0) / data.nSamples;
  let between = 0;
  let within = 0;
  for (const s of sums.values()) {
    const m = s.sum / s.n;
    between += s.n * (m - mean) ** 2;
    within += s.squares - s.n * m * m;
  }
  return within > 0 ? between / within : between > 0 ? Infinity : 0;
}

/** |correlation| of feature j with a regression's target (scikit-learn's f_regression ranks the same way). */
function correlation(data: Dataset, j: number): number {
  const D = data.nFeatures;
  const n = data.nSamples;
  let [sx, sy, sxx, syy, sxy] = [0, 0, 0, 0, 0];
  for (let row = 0; row < n; row++) {
    const x = data.X[row * D + j] as number;
    const y = data.y[row] as number;
    [sx, sy, sxx, syy, sxy] = [sx + x, sy + y, sxx + x * x, syy + y * y, sxy + x * y];
  }
  const cov = sxy - (sx * sy) / n;
  const spread = Math.sqrt((sxx - (sx * sx) / n) * (syy - (sy * sy) / n));
  return spread > 0 ? Math.abs(cov / spread) : 0;
}

/** The two features to plot first, in column order. */
export function defaultAxes(data: Dataset): readonly [number, number] {
  const D = data.nFeatures;
  if (D <= 2) return [0, 1];
  const candidates = Array.from({ length: D }, (_, j) => j).filter((j) => !rowNumberLike(data, j));
  const pool = candidates.length >= 2 ? candidates : Array.from({ length: D }, (_, j) => j);
  const ranked = pool
    .map((j) => ({
      j,
      score: data.y instanceof Float64Array ? correlation(data, j) : fisherScore(data, j),
    }))
    .sort((a, b) => b.score - a.score || a.j - b.j);
  const [first, second] = [ranked[0]?.j ?? 0, ranked[1]?.j ?? 1];
  return first < second ? [first, second] : [second, first];
}
