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
import { MAX_CLASSES, type Task } from '../core/heads.ts';
import { chooseMapping, describeClasses, labelKey, sortClasses } from './labels.ts';
import { readNumber, type FieldProblem } from './number_field.ts';
import { quoteText } from './quote_text.ts';
import type {
  LabelColumn,
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
  task: (task) => `--task ${task}`,
};

/** Rows per block of storage: the blocks are joined once at the end. */
const BLOCK_ROWS = 1 << 16;

/**
 * A label column of numbers is read as classes when they are whole and at most this many differ
 * (digits' 10, a rating's 5); otherwise as a regression target. --task says otherwise.
 */
export const AUTO_CLASSES_MAX = 20;

/** A label value as first seen: its text, the line it was first on, its index in first-seen order. */
interface SeenLabel {
  readonly text: string;
  readonly line: number;
  readonly index: number;
}

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
  /** each row's label as the index of its value in first-seen order (-1 past MAX_CLASSES values) */
  private readonly yBlocks: Int32Array[] = [];
  /** each row's label as a number (NaN for text), for a regression */
  private readonly valueBlocks: Float64Array[] = [];
  private readonly passthroughRows: string[][] = [];
  /** label values by key, in the order first seen, up to MAX_CLASSES + 1 of them */
  private readonly seenLabels = new Map<string, SeenLabel>();
  /** the first label that is not a number, which a regression refuses */
  private firstText: { text: string; line: number } | null = null;
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
      if (label !== null) this.valueBlocks.push(new Float64Array(BLOCK_ROWS));
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
      const text = cleanField(fields[label] as string);
      (this.yBlocks[this.yBlocks.length - 1] as Int32Array)[slot] = this.classOf(text, line, label);
      const value = readNumber(text, layout.decimalComma);
      if (value === 'missing' && this.options.task !== 'classification' && !this.fixedLabels)
        this.refuseMissingLabel(text, line, label);
      if (typeof value !== 'number') this.firstText ??= { text, line };
      (this.valueBlocks[this.valueBlocks.length - 1] as Float64Array)[slot] =
        typeof value === 'number' ? value : NaN;
    }
    if (this.options.keepPassthrough === true) {
      this.passthroughRows.push(
        layout.passthroughColumns.map((j) => cleanField(fields[j] as string)),
      );
    }
    this.rows++;
  }

  /**
   * The class of a label value: its place in a fixed mapping or fixed classes, or in the order
   * first seen (sorted once the file is read). Past MAX_CLASSES values, -1: the column can only be
   * a regression target then.
   */
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
    const classes = this.options.classes;
    if (classes !== undefined) {
      const index = classes.findIndex((c) => labelKey(c) === key);
      if (index >= 0) return index;
      throw new CsvError(
        this.source,
        line,
        j + 1,
        `the label ${quoteText(text)} in ${title} is not one of the model's ${classes.length} classes: ${describeClasses(classes)}`,
      );
    }
    const seen = this.seenLabels.get(key);
    if (seen !== undefined) return seen.index;
    if (this.seenLabels.size > MAX_CLASSES) {
      if (this.options.task === 'classification')
        throw new CsvError(
          this.source,
          line,
          j + 1,
          `${title} holds more than ${MAX_CLASSES} different labels; a classifier takes at most ${MAX_CLASSES} classes${this.options.task === 'classification' ? `, and ${this.advice.task('classification')} asks for classes` : ''}`,
        );
      return -1;
    }
    const index = this.seenLabels.size;
    this.seenLabels.set(key, { text, line, index });
    return index;
  }

  /** A label cell that marks a missing value (NA, n/a, ?): a row without a label. */
  private refuseMissingLabel(text: string, line: number, j: number): never {
    const layout = this.layout as Layout;
    throw new CsvError(
      this.source,
      line,
      j + 1,
      `${quoteText(text)} in ${columnTitle(layout.columns, j)} marks a missing label: every row needs a label; fill it in or drop the row${this.options.task === 'regression' ? '' : ` (${this.advice.task('classification')} reads ${quoteText(text)} as a class of its own)`}`,
    );
  }

  /** Labels read against a saved model's classes or mapping, which decide what each value is. */
  private get fixedLabels(): boolean {
    return this.options.labels !== undefined || this.options.classes !== undefined;
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
    const read = label === null ? null : this.readLabels(y, label);
    const { columns } = layout;
    const description: TableDescription = {
      source: this.source,
      header: layout.headerLine !== null,
      delimiter: this.records.delimiter,
      columns,
      features,
      featureNames: features.map((j) => columnName(columns, j)),
      label:
        label === null || read === null
          ? null
          : { column: label, name: columnName(columns, label), ...read.column },
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
    return { dataset: makeDataset(X, read?.y ?? y, D), description, passthrough };
  }

  /** Each row's label as a number, joined from the blocks. */
  private labelValues(N: number): Float64Array {
    const values = new Float64Array(N);
    this.valueBlocks.forEach((block, b) => {
      values.set(block.subarray(0, Math.min(BLOCK_ROWS, N - b * BLOCK_ROWS)), b * BLOCK_ROWS);
    });
    return values;
  }

  /**
   * What the label column holds: classes or a regression target, as asked, else from its values
   * (numbers that are not all whole, or more than AUTO_CLASSES_MAX of them, are a target); then
   * the labels as class indices in sorted order, or as numbers.
   */
  private readLabels(
    firstSeen: Int32Array,
    j: number,
  ): { y: Int32Array | Float64Array; column: Omit<LabelColumn, 'column' | 'name'> } {
    const layout = this.layout as Layout;
    const title = columnTitle(layout.columns, j);
    const given = this.options.task;
    const seen = [...this.seenLabels.values()];
    let task: Task;
    if (given !== undefined) task = given;
    else if (this.options.labels !== undefined || this.options.classes !== undefined)
      task = 'classification';
    else if (this.firstText !== null) {
      // text among decimal numbers: a target to predict with a bad cell, not classes named 2.5 and "abc"
      const decimals = seen.some((s) => {
        const value = readNumber(s.text, layout.decimalComma);
        return typeof value === 'number' && !Number.isInteger(value);
      });
      if (decimals) {
        const { text, line } = this.firstText;
        throw new CsvError(
          this.source,
          line,
          j + 1,
          `${quoteText(text)} in ${title} is not a number, and the column's other labels are numbers with decimals, a target to predict: fix the value or drop the row, or read every value as a class with ${this.advice.task('classification')}`,
        );
      }
      task = 'classification';
    } else {
      const whole = seen.every((s) => {
        const value = readNumber(s.text, layout.decimalComma);
        return typeof value === 'number' && Number.isInteger(value);
      });
      task = whole && seen.length <= AUTO_CLASSES_MAX ? 'classification' : 'regression';
    }
    if (task === 'regression') {
      if (this.firstText !== null) {
        const { text, line } = this.firstText;
        throw new CsvError(
          this.source,
          line,
          j + 1,
          `${quoteText(text)} in ${title} is not a number; a regression target must be a number in every row${given === 'regression' ? ` (${this.advice.task('regression')})` : ''}: fix the value or drop the row`,
        );
      }
      const y = this.labelValues(firstSeen.length);
      return {
        y,
        column: { task, taskGiven: given !== undefined, classes: null, mapping: null },
      };
    }
    if (this.seenLabels.size > MAX_CLASSES) {
      throw new CsvError(
        this.source,
        seen[seen.length - 1]?.line ?? 1,
        j + 1,
        `${title} holds more than ${MAX_CLASSES} different labels; a classifier takes at most ${MAX_CLASSES} classes${this.firstText === null ? ` (${this.advice.task('regression')} reads them as numbers to predict)` : ''}`,
      );
    }
    const fixed = this.options.labels;
    if (fixed !== undefined)
      return {
        y: firstSeen,
        column: {
          task,
          taskGiven: given !== undefined,
          classes: [fixed.negative, fixed.positive],
          mapping: fixed,
        },
      };
    const fixedClasses = this.options.classes;
    if (fixedClasses !== undefined)
      return {
        y: firstSeen,
        column: {
          task,
          taskGiven: given !== undefined,
          classes: fixedClasses,
          mapping: null,
        },
      };
    if (seen.length <= 2) {
      const mapping = chooseMapping(
        seen.map((s) => s.text),
        this.options.positive,
      );
      if (typeof mapping === 'string')
        throw new CsvError(this.source, seen[0]?.line ?? 1, j + 1, `${title}: ${mapping}`);
      if (labelKey(mapping.positive) === labelKey(seen[0]?.text ?? '')) {
        for (let i = 0; i < firstSeen.length; i++) firstSeen[i] = 1 - (firstSeen[i] as number);
      }
      return {
        y: firstSeen,
        column: {
          task,
          taskGiven: given !== undefined,
          classes: [mapping.negative, mapping.positive],
          mapping,
        },
      };
    }
    if (this.options.positive !== undefined)
      throw new CsvError(
        this.source,
        seen[2]?.line ?? 1,
        j + 1,
        `--positive ${quoteText(this.options.positive)} names the class read as 1 of two; ${title} holds ${seen.length} classes (${describeClasses(sortClasses(seen.map((s) => s.text)))}): leave --positive out`,
      );
    // K classes in LabelEncoder's order: first-seen indices mapped to sorted ones
    const classes = sortClasses(seen.map((s) => s.text));
    const rank = new Int32Array(seen.length);
    classes.forEach((c, sorted) => {
      rank[(this.seenLabels.get(labelKey(c)) as SeenLabel).index] = sorted;
    });
    for (let i = 0; i < firstSeen.length; i++)
      firstSeen[i] = rank[firstSeen[i] as number] as number;
    return {
      y: firstSeen,
      column: { task, taskGiven: given !== undefined, classes, mapping: null },
    };
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
