/**
 * What the page says of each head: the loss's name, what the heatmap behind the points shows, and
 * one line about the data's labels.
 */
import type { HeadName } from '../core/heads.ts';
import { quoteText, type Dataset, type TableDescription } from '../data/index.ts';
import { grouped } from './grouped.ts';
import type { LabelInfo } from './label_info.ts';

export const LOSS_NAMES: Readonly<Record<HeadName, string>> = {
  binary: 'mean BCE',
  multiclass: 'mean cross-entropy',
  regression: 'mean squared error',
};

/** The loss chart's caption. */
export function lossLegend(head: HeadName): string {
  const what = {
    binary: 'The mean BCE (binary cross-entropy)',
    multiclass: 'The mean cross-entropy of the softmax',
    regression: 'The mean squared error',
  }[head];
  return `${what}: before each step for full-batch training (the tutorial's record), per epoch and split otherwise.`;
}

/** The plot's caption: what the heatmap behind the points is. */
export function plotLegend(labels: LabelInfo): string {
  const outlined = 'Points outlined in black are test points.';
  if (labels.head === 'regression')
    return `Behind the points: the value the model predicts, on the points' scale (blue ${short(labels.low)}, white half way, orange ${short(labels.high)}). ${outlined}`;
  if (labels.head === 'multiclass')
    return `Behind the points: the class the model picks, in that class's colour, paler where it is less sure. ${outlined}`;
  return `Behind the points: the model's probability of class 1 (blue 0, orange 1). For a linear model the line is its boundary w·x + b = 0, where σ = 0.5 (the tutorial's plot uses 0.5 − b, which is wrong for a sigmoid output). ${outlined}`;
}

const short = (x: number) => String(Number(x.toPrecision(3)));

/** One line about the data: its size, and its classes with their counts or its target's range. */
export function describeData(
  data: Dataset,
  labels: LabelInfo,
  table: TableDescription | null,
): string {
  const size = `${grouped(data.nSamples)} samples × ${data.nFeatures} features`;
  if (labels.task === 'regression')
    return `${size}, a number to predict from ${short(labels.low)} to ${short(labels.high)}`;
  if (labels.head === 'binary') {
    const positive = table?.label?.mapping?.positive;
    const named = positive === undefined ? '' : ` (${quoteText(positive)})`;
    return `${size}, ${grouped(labels.counts[1] ?? 0)} of class 1${named}`;
  }
  const named = table?.label?.classes ?? null;
  const counts = labels.counts.map(
    (n, k) => `${named === null ? `class ${k}` : quoteText(named[k] ?? String(k))}: ${grouped(n)}`,
  );
  const shown = counts.length > 8 ? [...counts.slice(0, 8), '…'] : counts;
  return `${size}, ${labels.counts.length} classes: ${shown.join(', ')}`;
}
