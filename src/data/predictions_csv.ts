/**
 * Predictions as CSV: the columns passed through from the input (an id, the label when it was
 * there), then the probability of the positive label and the predicted label as the file writes it.
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
