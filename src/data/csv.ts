/**
 * Data sets as CSV. `formatCsv` writes the generators' files: a header `x0,…,x{D-1},y`, one sample
 * per line, numbers written so they read back bit for bit. `parseCsv` reads any CSV a user has
 * (see read_table.ts) into the engine's Dataset.
 */
import type { Dataset } from '../core/dataset.ts';
import { readTableText } from './read_table.ts';
import type { ReadTableOptions } from './table.ts';

export { CsvError } from './csv_error.ts';

/** JavaScript's shortest round-trip form; -0 keeps its sign. */
function formatNumber(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/** The CSV text of a data set: header, then one line per sample, each ending in "\n". */
export function formatCsv(dataset: Dataset): string {
  const { X, y, nSamples: N, nFeatures: D } = dataset;
  const lines = [csvHeader(D).join(',')];
  for (let i = 0; i < N; i++) {
    const fields = Array.from(X.subarray(i * D, (i + 1) * D), formatNumber);
    fields.push(y instanceof Float64Array ? formatNumber(y[i] as number) : String(y[i]));
    lines.push(fields.join(','));
  }
  return lines.join('\n') + '\n';
}

function csvHeader(D: number): string[] {
  return [...Array.from({ length: D }, (_, j) => `x${j}`), 'y'];
}

export type ParseCsvOptions = ReadTableOptions;

/**
 * Reads a whole CSV text into a Dataset: header optional, the label in the last column unless
 * `label` names another, read as classes (two mapped to 0/1, more to 0…K−1 in sorted order) or
 * as a regression target. Throws a CsvError for anything it cannot read.
 *
 * @example
 * parseCsv('x0,x1,y\n0.5,-1,1\n', { source: 'data.csv' }); // 1 sample, 2 features
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): Dataset {
  return readTableText(text, options).dataset;
}
