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
  const byClass: [number[], number[]] = [[], []];
  for (let row = 0; row < labels.length; row++) {
    if (include !== null && !include(row)) continue;
    byClass[labels[row] === 1 ? 1 : 0].push(row);
  }
  const total = byClass[0].length + byClass[1].length;
  const keep = Math.min(max, total);
  // each class's share of what is kept, by largest remainder
  const [exact0, exact1] = byClass.map((rows) =>
    total === 0 ? 0 : (rows.length * keep) / total,
  ) as [number, number];
  const counts = [Math.floor(exact0), Math.floor(exact1)];
  if (Math.floor(exact0) + Math.floor(exact1) < keep) {
    if (exact0 % 1 >= exact1 % 1) counts[0] = Math.floor(exact0) + 1;
    else counts[1] = Math.floor(exact1) + 1;
  }
  const picked = byClass.map((rows, c) => {
    const n = counts[c] as number;
    // evenly spread over the class's rows
    return Array.from({ length: n }, (_, k) => rows[Math.floor((k * rows.length) / n)] as number);
  });
  // interleave: each point's place is its rank over its class's count, ties to class 0
  const order = new Int32Array(keep);
  let [i0, i1] = [0, 0];
  const [zero, one] = picked as [number[], number[]];
  for (let k = 0; k < keep; k++) {
    const next0 = zero.length === 0 ? Infinity : (i0 + 0.5) / zero.length;
    const next1 = one.length === 0 ? Infinity : (i1 + 0.5) / one.length;
    order[k] = next0 <= next1 ? (zero[i0++] as number) : (one[i1++] as number);
  }
  return order;
}
