/**
 * Which points the scatter draws, and in what order. A plot of a million points draws a few
 * thousand: each class keeps its share, spread evenly over its rows, and the classes are drawn
 * interleaved (in proportion), so neither is painted wholesale over the other.
 */

/**
 * Rows to draw, at most `max`, from those `include` admits (all when null), interleaved by class.
 * Pure: the same labels give the same order.
 */
export function plotOrder(
  labels: ArrayLike<number>,
  max: number,
  include: ((row: number) => boolean) | null = null,
): Int32Array {
  // one pass counts each class's admitted rows, a second picks the ranks wanted: no row lists
  const sizes = new Int32Array(2);
  for (let row = 0; row < labels.length; row++) {
    if (include !== null && !include(row)) continue;
    const c = labels[row] === 1 ? 1 : 0;
    sizes[c] = (sizes[c] as number) + 1;
  }
  const total = (sizes[0] as number) + (sizes[1] as number);
  const keep = Math.min(max, total);
  // each class's share of what is kept, by largest remainder
  const [exact0, exact1] = Array.from(sizes, (size) =>
    total === 0 ? 0 : (size * keep) / total,
  ) as [number, number];
  const counts = [Math.floor(exact0), Math.floor(exact1)];
  if (Math.floor(exact0) + Math.floor(exact1) < keep) {
    if (exact0 % 1 >= exact1 % 1) counts[0] = Math.floor(exact0) + 1;
    else counts[1] = Math.floor(exact1) + 1;
  }
  // evenly spread over each class's rows: its k-th pick is its row of rank ⌊k·size / count⌋
  const picked = counts.map((n) => new Int32Array(n));
  const taken = new Int32Array(2);
  const seen = new Int32Array(2);
  const rankOf = (c: number, k: number) =>
    Math.floor((k * (sizes[c] as number)) / (counts[c] as number));
  for (let row = 0; row < labels.length; row++) {
    if (include !== null && !include(row)) continue;
    const c = labels[row] === 1 ? 1 : 0;
    const k = taken[c] as number;
    if (k < (counts[c] as number) && seen[c] === rankOf(c, k)) {
      (picked[c] as Int32Array)[k] = row;
      taken[c] = k + 1;
    }
    seen[c] = (seen[c] as number) + 1;
  }
  // interleave: each point's place is its rank over its class's count, ties to class 0
  const order = new Int32Array(keep);
  let [i0, i1] = [0, 0];
  const [zero, one] = picked as [Int32Array, Int32Array];
  for (let k = 0; k < keep; k++) {
    const next0 = zero.length === 0 ? Infinity : (i0 + 0.5) / zero.length;
    const next1 = one.length === 0 ? Infinity : (i1 + 0.5) / one.length;
    order[k] = next0 <= next1 ? (zero[i0++] as number) : (one[i1++] as number);
  }
  return order;
}
