/**
 * Predictions as CSV: the columns passed through from the input (an id, the label when it was
 * there), then what the model predicts: a binary classifier's probability of the positive label
 * and the predicted label; a K-class classifier's probability of each class and the predicted
 * class; a regression's predicted value. Labels are written as the file writes them.
 */
import type { LabelMapping } from './labels.ts';
import type { Passthrough } from './table.ts';

/** A field as CSV writes it: quoted when it holds a comma, a quote, a line end or edge spaces. */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * @example
 * formatPredictions(p, passthrough, { negative: 'B', positive: 'M' });
 * // id,diagnosis,probability,predicted
 * // 842302,M,0.99871,M
 */
export function formatPredictions(
  probabilities: Float64Array,
  passthrough: Passthrough | null,
  mapping: LabelMapping,
): string {
  const header = [...(passthrough?.names ?? []), 'probability', 'predicted'].map(csvField);
  const lines = [header.join(',')];
  const negative = csvField(mapping.negative);
  const positive = csvField(mapping.positive);
  probabilities.forEach((p, i) => {
    const kept = passthrough?.rows[i]?.map(csvField) ?? [];
    lines.push([...kept, String(p), p >= 0.5 ? positive : negative].join(','));
  });
  return lines.join('\n') + '\n';
}

/**
 * A K-class classifier's predictions: N×K probabilities (row-major) under the header
 * `probability <class>`, then the most probable class.
 *
 * @example
 * formatClassPredictions(p, null, ['setosa', 'versicolor', 'virginica']);
 * // probability setosa,probability versicolor,probability virginica,predicted
 */
export function formatClassPredictions(
  probabilities: Float64Array,
  passthrough: Passthrough | null,
  classes: readonly string[],
): string {
  const K = classes.length;
  const header = [
    ...(passthrough?.names ?? []),
    ...classes.map((c) => `probability ${c}`),
    'predicted',
  ].map(csvField);
  const lines = [header.join(',')];
  const names = classes.map(csvField);
  const rows = probabilities.length / K;
  for (let i = 0; i < rows; i++) {
    const kept = passthrough?.rows[i]?.map(csvField) ?? [];
    const row = Array.from(probabilities.subarray(i * K, (i + 1) * K));
    // the first of equal probabilities, as numpy's argmax
    const best = row.reduce((b, p, k) => (p > (row[b] as number) ? k : b), 0);
    lines.push([...kept, ...row.map(String), names[best] as string].join(','));
  }
  return lines.join('\n') + '\n';
}

/** A regression's predictions: the passed-through columns, then the predicted value. */
export function formatValuePredictions(
  values: Float64Array,
  passthrough: Passthrough | null,
): string {
  const header = [...(passthrough?.names ?? []), 'predicted'].map(csvField);
  const lines = [header.join(',')];
  values.forEach((v, i) => {
    const kept = passthrough?.rows[i]?.map(csvField) ?? [];
    lines.push([...kept, String(v)].join(','));
  });
  return lines.join('\n') + '\n';
}
