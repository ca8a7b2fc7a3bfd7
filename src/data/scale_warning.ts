/**
 * The warning for raw features at very different scales, where plain gradient descent crawls or
 * diverges (the breast-cancer data's areas run to thousands, its smoothness to a tenth).
 */
import { quoteName } from './columns.ts';
import type { Dataset } from '../core/dataset.ts';

/** Warn when the largest feature spread is more than this many times the smallest … */
export const SPREAD_RATIO_LIMIT = 100;
/** … or when any feature's magnitude passes this. */
export const MAGNITUDE_LIMIT = 1e3;

const short = (x: number): string => String(Number(x.toPrecision(3)));

/**
 * The warning text for raw (unstandardized) features whose scales differ by more than 100× or
 * whose magnitude passes 1e3, or null when the scales are fine. `remedy` ends the sentence:
 * what to do, in the words of the caller (a flag, a checkbox).
 *
 * @example
 * scaleWarning(data, ['radius', 'area'], 'add --standardize');
 */
export function scaleWarning(
  data: Dataset,
  featureNames: readonly string[],
  remedy = 'add --standardize',
): string | null {
  const { X, nSamples: N, nFeatures: D } = data;
  if (N === 0) return null;
  const mean = new Float64Array(D);
  const magnitude = new Float64Array(D);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < D; j++) {
      const x = X[i * D + j] as number;
      mean[j] = (mean[j] as number) + x / N;
      magnitude[j] = Math.max(magnitude[j] as number, Math.abs(x));
    }
  }
  const spread = new Float64Array(D);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < D; j++) {
      const d = (X[i * D + j] as number) - (mean[j] as number);
      spread[j] = (spread[j] as number) + (d * d) / N;
    }
  }
  spread.forEach((v, j) => (spread[j] = Math.sqrt(v)));
  const name = (j: number) => quoteName(featureNames[j] ?? `feature ${j + 1}`);
  let widest = -1;
  let narrowest = -1;
  let largest = 0;
  for (let j = 0; j < D; j++) {
    const s = spread[j] as number;
    if (s > 0 && (widest === -1 || s > (spread[widest] as number))) widest = j;
    if (s > 0 && (narrowest === -1 || s < (spread[narrowest] as number))) narrowest = j;
    if ((magnitude[j] as number) > (magnitude[largest] as number)) largest = j;
  }
  const reasons: string[] = [];
  if (widest !== -1 && narrowest !== -1) {
    const ratio = (spread[widest] as number) / (spread[narrowest] as number);
    if (ratio > SPREAD_RATIO_LIMIT) {
      reasons.push(
        `feature scales differ by ${short(ratio)}× (standard deviation ${short(spread[widest] as number)} for ${name(widest)}, ${short(spread[narrowest] as number)} for ${name(narrowest)})`,
      );
    }
  }
  if ((magnitude[largest] as number) > MAGNITUDE_LIMIT) {
    reasons.push(`${name(largest)} reaches ${short(magnitude[largest] as number)}`);
  }
  if (reasons.length === 0) return null;
  return `${reasons.join(' and ')}; gradient descent on raw features like these converges slowly or diverges: ${remedy} to train on z-scores (fitted on the training split)`;
}
