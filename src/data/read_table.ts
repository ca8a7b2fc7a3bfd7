/**
 * Reads a CSV table as it streams in: bytes (UTF-8 checked) or text, to records (papaparse), to
 * the engine's float64 features and 0/1 labels, row by row in blocks, so a large file is never
 * held whole. Every refusal is a CsvError that names the line, the column and its header name.
 */
import {
  columnName,
  columnTitle,
  quoteName,
  selectColumns,
  type ColumnSelection,
  type FailAt,
  type TableColumns,
} from './columns.ts';
import { CsvError } from './csv_error.ts';
import { CsvRecordSplitter, lineOfRow, type RecordBatch } from './csv_records.ts';
import { makeDataset } from '../core/dataset.ts';
import { chooseMapping, labelKey, type LabelMapping } from './labels.ts';
import { readNumber, type FieldProblem } from './number_field.ts';
import { quoteText } from './quote_text.ts';
import type {
  Passthrough,
  ReadTableOptions,
  Table,
  TableAdvice,
  TableDescription,
} from './table.ts';
import { Utf8TextStream } from './utf8_text.ts';

/** Messages name the command line's flags unless the reader is told other words. */
const FLAG_ADVICE: TableAdvice = {
  label: (ref) => (ref === null ? 'with --label' : `with --label ${ref}`),
  ignore: (ref) => `with --ignore ${ref}`,
};

/** Rows per block of storage: the blocks are joined once at the end. */
const BLOCK_ROWS = 1 << 16;

/** A field as written, less the spaces around it and the quotes papaparse leaves after a space. */
function cleanField(field: string): string {
  const text = field.trim();
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"')
    ? text.slice(1, -1).replace(/""/g, '"')
    : text;
}

interface FirstRow {
  readonly fields: readonly string[];
  readonly line: number;
}

/** What the header settled: the columns, their roles, and how labels map. */
interface Layout {
  readonly columns: TableColumns;
  readonly selection: ColumnSelection;
  readonly headerLine: number | null;
  /** the line whose field count every row must match */
  readonly countLine: number;
  /** the header ends in a delimiter: an empty field after the last column is dropped */
  readonly trailingDelimiter: boolean;
  readonly decimalComma: boolean;
  /** whether the label column was the default (the last), for the hints in messages */
  readonly labelDefaulted: boolean;
  /** the passthrough columns: label and left out, in file order */
  readonly passthroughColumns: readonly number[];
}

/**
 * A CSV table read piece by piece: `pushBytes` (a file's bytes) or `pushText` (text), then
 * `finish`. Use `readTableText` or `readTableStream` unless the bytes come some other way.
 */
export class TableReader {
  private readonly options: ReadTableOptions;
  private readonly source: string;
  private readonly advice: TableAdvice;
  private readonly text: Utf8TextStream;
  private readonly records: CsvRecordSplitter;
  private firstRows: FirstRow[] = [];
  private layout: Layout | null = null;
  private rows = 0;
  private readonly xBlocks: Float64Array[] = [];
  private readonly yBlocks: Int32Array[] = [];
  private readonly passthroughRows: string[][] = [];
  /** label values in the order first seen, with their first line */
  private readonly seenLabels: { text: string; key: string; line: number }[] = [];
  private lastLine = 0;

  constructor(options: ReadTableOptions = {}) {
    this.options = options;
    this.source = options.source ?? '<csv>';
    this.advice = options.advice ?? FLAG_ADVICE;
    this.text = new Utf8TextStream(this.source);
    this.records = new CsvRecordSplitter({
      source: this.source,
      ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
      onBatch: (batch) => this.takeBatch(batch),
    });
  }

  pushBytes(bytes: Uint8Array): void {
    this.records.push(this.text.decode(bytes));
  }

  pushText(text: string): void {
    this.records.push(this.text.acceptText(text));
  }

  finish(): Table {
    this.records.push(this.text.end());
    this.records.end();
    if (this.layout === null) this.settleLayout();
    return this.build();
  }

  private takeBatch(batch: RecordBatch): void {
    const rows = batch.rows;
    for (let r = 0; r < rows.length; r++) {
      const fields = rows[r] as string[];
      const line = lineOfRow(batch, r);
      this.lastLine = line;
      if (fields.length === 1 && (fields[0] as string).trim() === '') continue; // a blank line
      if (this.layout !== null) this.takeRow(fields, line);
      else {
        this.firstRows.push({ fields, line });
        if (this.firstRows.length === 2) this.settleLayout();
      }
    }
  }

  /** Header or not, and the columns' roles, from the first two rows. */
  private settleLayout(): void {
    const [first, second] = this.firstRows;
    if (first === undefined) {
      throw new CsvError(this.source, 1, 1, 'the file is empty (no rows, or only blank lines)');
    }
    const decimalComma = this.records.delimiter !== ',';
    const header = this.options.header ?? looksLikeHeader(first, second, decimalComma);
    const names = header ? first.fields.map(cleanField) : null;
    // a header that ends in a delimiter (as Kaggle's copy of the breast-cancer data does) names
    // no last column: rows may end in an empty field there, which is dropped
    const trailingDelimiter = names !== null && names.length > 1 && names[names.length - 1] === '';
    const columns: TableColumns = {
      names: trailingDelimiter ? (names as string[]).slice(0, -1) : names,
      count: first.fields.length - (trailingDelimiter ? 1 : 0),
    };
    this.options.onColumns?.(columns);
    const fail: FailAt = (column, message) => {
      throw new CsvError(this.source, first.line, column, message);
    };
    const selection =
      this.options.select?.(columns, fail) ??
      selectColumns(
        columns,
        {
          ...(this.options.label === undefined ? {} : { label: this.options.label }),
          ...(this.options.ignore === undefined ? {} : { ignore: this.options.ignore }),
        },
        fail,
      );
    const { label, ignored } = selection;
    this.layout = {
      columns,
      selection,
      headerLine: header ? first.line : null,
      countLine: first.line,
      trailingDelimiter,
      decimalComma,
      labelDefaulted: this.options.label === undefined && this.options.select === undefined,
      passthroughColumns: [...ignored, ...(label === null ? [] : [label])].sort((a, b) => a - b),
    };
    for (const row of header ? this.firstRows.slice(1) : this.firstRows)
      this.takeRow(row.fields, row.line);
    this.firstRows = [];
  }

  private takeRow(row: readonly string[], line: number): void {
    const layout = this.layout as Layout;
    const { count } = layout.columns;
    const fields =
      layout.trailingDelimiter && row.length === count + 1 && (row[count] as string).trim() === ''
        ? row.slice(0, count)
        : row;
    if (fields.length !== count) {
      const expected =
        layout.headerLine === null
          ? `line ${layout.countLine} has ${count}`
          : `the header names ${count}`;
      throw new CsvError(
        this.source,
        line,
        Math.min(fields.length, count) + 1,
        `${fields.length} ${fields.length === 1 ? 'field' : 'fields'}, but ${expected}`,
      );
    }
    const { features, label } = layout.selection;
    const D = features.length;
    const slot = this.rows % BLOCK_ROWS;
    if (slot === 0) {
      this.xBlocks.push(new Float64Array(BLOCK_ROWS * D));
      this.yBlocks.push(new Int32Array(BLOCK_ROWS));
    }
    const X = this.xBlocks[this.xBlocks.length - 1] as Float64Array;
    const offset = slot * D;
    for (let k = 0; k < D; k++) {
      const j = features[k] as number;
      const value = readNumber(cleanField(fields[j] as string), layout.decimalComma);
      if (typeof value !== 'number') this.refuseFeature(fields[j] as string, value, line, j);
      X[offset + k] = value;
    }
    if (label !== null) {
      (this.yBlocks[this.yBlocks.length - 1] as Int32Array)[slot] = this.classOf(
        cleanField(fields[label] as string),
        line,
        label,
      );
    }
    if (this.options.keepPassthrough === true) {
      this.passthroughRows.push(
        layout.passthroughColumns.map((j) => cleanField(fields[j] as string)),
      );
    }
    this.rows++;
  }

  /** The class of a label value: its place in a fixed mapping, or in the order first seen. */
  private classOf(text: string, line: number, j: number): number {
    const layout = this.layout as Layout;
    const title = columnTitle(layout.columns, j);
    if (text === '') {
      throw new CsvError(
        this.source,
        line,
        j + 1,
        `the label in ${title} is empty; every row needs a label: fill it in or drop the row${layout.labelDefaulted ? `, or name the label column ${this.advice.label(null)} (the last column is the default)` : ''}`,
      );
    }
    const key = labelKey(text);
    const fixed = this.options.labels;
    if (fixed !== undefined) {
      if (key === labelKey(fixed.negative)) return 0;
      if (key === labelKey(fixed.positive)) return 1;
      throw new CsvError(
        this.source,
        line,
        j + 1,
        `the label ${quoteText(text)} in ${title} is not one the model knows: it reads ${quoteText(fixed.negative)} as 0 and ${quoteText(fixed.positive)} as 1`,
      );
    }
    const seen = this.seenLabels;
    if (seen[0]?.key === key) return 0;
    if (seen[1]?.key === key) return 1;
    if (seen.length === 2) {
      const [a, b] = seen as [(typeof seen)[0], (typeof seen)[0]];
      throw new CsvError(
        this.source,
        line,
        j + 1,
        `a third label value ${quoteText(text)} in ${title}: a label takes two values, and the rows before this one hold ${quoteText(a.text)} (first on line ${a.line}) and ${quoteText(b.text)} (first on line ${b.line}). Fix the value or drop the row${layout.labelDefaulted ? `; if the label is another column, name it ${this.advice.label(null)} (the last column is the default)` : ''}`,
      );
    }
    seen.push({ text, key, line });
    return seen.length - 1;
  }

  private refuseFeature(text: string, problem: FieldProblem, line: number, j: number): never {
    const layout = this.layout as Layout;
    const title = columnTitle(layout.columns, j);
    const name = quoteName(columnName(layout.columns, j));
    const ref =
      layout.columns.names === null || layout.columns.names[j] === '' ? String(j + 1) : name;
    const leaveOut = `leave the column out ${this.advice.ignore(ref)}`;
    const value = quoteText(cleanField(text));
    const why: Record<FieldProblem, string> = {
      missing:
        cleanField(text) === ''
          ? `a missing value in ${title}: every feature needs a number in every row; fill it in or drop the row, or ${leaveOut}`
          : `${value} in ${title} marks a missing value: every feature needs a number in every row; fill it in or drop the row, or ${leaveOut}`,
      'non-finite': `${value} in ${title} is not a finite number; give a finite value or drop the row, or ${leaveOut}`,
      'too-large': `${value} in ${title} is too large for a double`,
      'not-a-number': `${value} in ${title} is not a number; features must be numbers: fix the value, or ${leaveOut}${layout.labelDefaulted ? `, or if it is the label, name it ${this.advice.label(ref)} (the last column is the default)` : ''}`,
    };
    throw new CsvError(this.source, line, j + 1, why[problem]);
  }

  private build(): Table {
    const layout = this.layout as Layout;
    const N = this.rows;
    if (N === 0) {
      throw new CsvError(
        this.source,
        this.lastLine + 1,
        1,
        `no data rows${layout.headerLine === null ? '' : ' after the header'}`,
      );
    }
    const { features, label, ignored } = layout.selection;
    const D = features.length;
    const X = new Float64Array(N * D);
    const y = new Int32Array(N);
    this.xBlocks.forEach((block, b) => {
      const rows = Math.min(BLOCK_ROWS, N - b * BLOCK_ROWS);
      X.set(block.subarray(0, rows * D), b * BLOCK_ROWS * D);
      this.xBlocks[b] = new Float64Array(0); // let the block go before the next is copied
    });
    this.yBlocks.forEach((block, b) => {
      y.set(block.subarray(0, Math.min(BLOCK_ROWS, N - b * BLOCK_ROWS)), b * BLOCK_ROWS);
    });
    const mapping = label === null ? null : this.mapLabels(y, label);
    const { columns } = layout;
    const description: TableDescription = {
      source: this.source,
      header: layout.headerLine !== null,
      delimiter: this.records.delimiter,
      columns,
      features,
      featureNames: features.map((j) => columnName(columns, j)),
      label:
        label === null || mapping === null
          ? null
          : { column: label, name: columnName(columns, label), mapping },
      ignored: ignored.map((j) => ({ column: j, name: columnName(columns, j) })),
      rows: N,
    };
    const passthrough: Passthrough | null =
      this.options.keepPassthrough === true
        ? {
            columns: layout.passthroughColumns,
            names: layout.passthroughColumns.map((j) => columnName(columns, j)),
            rows: this.passthroughRows,
          }
        : null;
    return { dataset: makeDataset(X, y, D), description, passthrough };
  }

  /** The 0/1 mapping of the values seen; flips y where the first value seen is the positive one. */
  private mapLabels(y: Int32Array, j: number): LabelMapping {
    const fixed = this.options.labels;
    if (fixed !== undefined) return fixed;
    const seen = this.seenLabels;
    const mapping = chooseMapping(
      seen.map((s) => s.text),
      this.options.positive,
    );
    if (typeof mapping === 'string') {
      const layout = this.layout as Layout;
      throw new CsvError(
        this.source,
        seen[0]?.line ?? 1,
        j + 1,
        `${columnTitle(layout.columns, j)}: ${mapping}`,
      );
    }
    if (labelKey(mapping.positive) === seen[0]?.key) {
      for (let i = 0; i < y.length; i++) y[i] = 1 - (y[i] as number);
    }
    return mapping;
  }
}

/**
 * Line 1 is a header when some column holds text there and a number on the next row; a lone
 * first row is a header when it holds any text.
 */
function looksLikeHeader(
  first: FirstRow,
  second: FirstRow | undefined,
  decimalComma: boolean,
): boolean {
  const isText = (field: string | undefined) =>
    field !== undefined && readNumber(cleanField(field), decimalComma) === 'not-a-number';
  const isNumber = (field: string | undefined) =>
    field !== undefined && typeof readNumber(cleanField(field), decimalComma) === 'number';
  if (second === undefined) return first.fields.some(isText);
  return first.fields.some((field, j) => isText(field) && isNumber(second.fields[j]));
}

/**
 * Reads a whole CSV text.
 *
 * @example
 * const { dataset, description } = readTableText('id;size;sick\n1;0.5;yes\n2;1.5;no\n', {
 *   ignore: ['id'],
 * });
 * description.label?.mapping; // { negative: 'no', positive: 'yes' }
 */
export function readTableText(text: string, options: ReadTableOptions = {}): Table {
  const reader = new TableReader(options);
  reader.pushText(text);
  return reader.finish();
}

/** Reads a CSV file's bytes as they arrive (a Node file stream, a browser File's stream). */
export async function readTableStream(
  chunks: AsyncIterable<Uint8Array>,
  options: ReadTableOptions = {},
  onBytes?: (bytesRead: number) => void,
): Promise<Table> {
  const reader = new TableReader(options);
  let bytesRead = 0;
  for await (const chunk of chunks) {
    reader.pushBytes(chunk);
    bytesRead += chunk.length;
    onBytes?.(bytesRead);
  }
  return reader.finish();
}
