/**
 * What a data set's labels are, as the engine reads them (src/api/resolve.ts): class indices (an
 * Int32Array) make a classification of K = the largest index plus one classes, at least two;
 * numbers (a Float64Array) a regression. The head follows: two classes the binary head, more the
 * softmax, numbers the regression head. Also each class's count (for the words and the chance a
 * model must beat) and the target's range (for the colours), worked out once per data set.
 */
import { headFor, outputsOf, type HeadName, type Task } from '../core/heads.ts';
import type { Dataset, TableDescription } from '../data/index.ts';

export interface LabelInfo {
  readonly task: Task;
  readonly head: HeadName;
  /** the network's outputs: K logits for the softmax, else 1 */
  readonly outputs: number;
  /** classification: rows of each class, in index order; regression: empty */
  readonly counts: readonly number[];
  /** the classes' names: the file's values, or 0, 1, … */
  readonly names: readonly string[];
  /** regression: the target's least and greatest values; classification: 0 and K − 1 */
  readonly low: number;
  readonly high: number;
}

export function labelInfo(data: Dataset, table: TableDescription | null): LabelInfo {
  const { y } = data;
  if (y instanceof Float64Array) {
    let low = Infinity;
    let high = -Infinity;
    for (const v of y) {
      if (v < low) low = v;
      if (v > high) high = v;
    }
    return { task: 'regression', head: 'regression', outputs: 1, counts: [], names: [], low, high };
  }
  let largest = 0;
  for (const label of y) if (label > largest) largest = label;
  const K = Math.max(2, largest + 1);
  const counts = new Array<number>(K).fill(0);
  for (const label of y) counts[label] = (counts[label] ?? 0) + 1;
  const head = headFor('classification', K);
  const named = table?.label?.classes ?? null;
  return {
    task: 'classification',
    head,
    outputs: outputsOf(head, K),
    counts,
    names: Array.from({ length: K }, (_, k) => named?.[k] ?? String(k)),
    low: 0,
    high: K - 1,
  };
}
