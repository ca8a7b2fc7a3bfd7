/**
 * Data sets as CSV: a header `x0,…,x{D-1},y`, one sample per line, numbers written so
 * they read back bit for bit. The reader is strict and says where and why a file is bad.
 */
import { makeDataset, type Dataset } from './dataset.ts';

/** A bad CSV file: `line` and `column` are 1-based; `column` counts fields, not characters. */
export class CsvError extends Error {
  override readonly name = 'CsvError';
  readonly source: string;
  readonly line: number;
  readonly column: number;

  constructor(source: string, line: number, column: number, problem: string) {
    super(`${source}:${line}:${column}: ${problem}`);
    this.source = source;
    this.line = line;
    this.column = column;
  }
}

/** Strict decimal: optional sign, digits with an optional fraction and exponent; no hex, blanks or words. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Spellings of NaN and infinity that other tools write; named in the error rather than "not a number". */
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

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
    fields.push(String(y[i]));
    lines.push(fields.join(','));
  }
  return lines.join('\n') + '\n';
}

function csvHeader(D: number): string[] {
  return [...Array.from({ length: D }, (_, j) => `x${j}`), 'y'];
}

export interface ParseCsvOptions {
  /** file name shown in error messages */
  readonly source?: string;
}

/**
 * Reads `x0,…,x{D-1},y` CSV (D >= 1, labels 0 or 1, "\n" or "\r\n" line ends, one optional
 * final line end). Throws a CsvError for anything else.
 *
 * @example
 * parseCsv('x0,x1,y\n0.5,-1,1\n', { source: 'data.csv' }); // 1 sample, 2 features
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): Dataset {
  const source = options.source ?? '<csv>';
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop(); // the final line end
  const header = lines[0] ?? '';
  if (lines.length === 1 && header === '')
    throw new CsvError(source, 1, 1, 'the file is empty; expected a header x0,…,x{D-1},y');
  const names = header.split(',');
  checkHeader(source, names);
  const D = names.length - 1;
  const N = lines.length - 1;
  if (N === 0)
    throw new CsvError(source, 2, 1, `no samples after the header ${JSON.stringify(header)}`);
  const X = new Float64Array(N * D);
  const y = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const lineNumber = i + 2;
    const fields = (lines[i + 1] as string).split(',');
    if (fields.length === 1 && fields[0] === '')
      throw new CsvError(source, lineNumber, 1, 'blank line');
    if (fields.length !== D + 1) {
      const column = Math.min(fields.length, D + 1) + 1;
      throw new CsvError(
        source,
        lineNumber,
        column,
        `${fields.length} fields, but the header names ${D + 1}`,
      );
    }
    for (let j = 0; j < D; j++)
      X[i * D + j] = parseField(source, lineNumber, j, names, fields[j] as string);
    const label = parseField(source, lineNumber, D, names, fields[D] as string);
    if (label !== 0 && label !== 1) {
      throw new CsvError(
        source,
        lineNumber,
        D + 1,
        `label ${JSON.stringify(fields[D])} in column ${D + 1} (y) must be 0 or 1`,
      );
    }
    y[i] = label;
  }
  return makeDataset(X, y, D);
}

function checkHeader(source: string, names: readonly string[]): void {
  const expected = csvHeader(Math.max(names.length - 1, 1));
  const shape = 'the header must be x0,…,x{D-1},y with D >= 1';
  if (names.length < 2) {
    throw new CsvError(source, 1, 1, `${shape}, got ${JSON.stringify(names.join(','))}`);
  }
  names.forEach((name, j) => {
    if (name !== expected[j]) {
      throw new CsvError(
        source,
        1,
        j + 1,
        `${shape}: column ${j + 1} is ${JSON.stringify(name)}, expected "${expected[j]}"`,
      );
    }
  });
}

/** One field as a finite number; `j` is 0-based, messages count columns from 1. */
function parseField(
  source: string,
  line: number,
  j: number,
  names: readonly string[],
  field: string,
): number {
  const where = `in column ${j + 1} (${names[j]})`;
  if (NON_FINITE.test(field))
    throw new CsvError(
      source,
      line,
      j + 1,
      `${JSON.stringify(field)} ${where} is not a finite number`,
    );
  if (!DECIMAL.test(field))
    throw new CsvError(source, line, j + 1, `${JSON.stringify(field)} ${where} is not a number`);
  const value = Number(field);
  if (!Number.isFinite(value))
    throw new CsvError(
      source,
      line,
      j + 1,
      `${JSON.stringify(field)} ${where} is too large for a double`,
    );
  return value;
}
