/**
 * CSV text to records, as the text arrives: the text is cut at record boundaries (never inside a
 * quoted field) and each piece goes to papaparse, which handles quotes, doubled quotes and line
 * ends inside quotes. This module finds the delimiter and keeps count of lines for messages.
 */
import Papa from 'papaparse';
import { CsvError } from './csv_error.ts';

export type Delimiter = ',' | ';' | '\t';

/** Tried in this order: a file whose every line splits the same way on `;` or tab uses it. */
const DELIMITERS: readonly Delimiter[] = ['\t', ';', ','];
/** Text held back until the delimiter and line ends can be told from it. */
const SAMPLE_LINES = 20;
const SAMPLE_CHARACTERS = 1 << 16;

/** Records from one piece of text; row i starts on line `firstLine + i` unless `startLines` says otherwise. */
export interface RecordBatch {
  readonly rows: readonly string[][];
  readonly firstLine: number;
  /** per row, its first line, where quoted fields span lines; null when every row is one line */
  readonly startLines: Int32Array | null;
}

export function lineOfRow(batch: RecordBatch, row: number): number {
  return batch.startLines === null ? batch.firstLine + row : (batch.startLines[row] as number);
}

/** Where papaparse stands in a record, scanning character by character (only for text with quotes). */
const enum Quote {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

/**
 * The delimiter of a CSV sample: the first of tab, `;`, `,` that splits every record in the sample
 * into the same number of fields, more than one; else the one that splits the first record most.
 */
export function detectDelimiter(sample: string): Delimiter {
  let best: Delimiter = ',';
  let bestFields = 0;
  for (const delimiter of DELIMITERS) {
    const rows = Papa.parse<string[]>(sample, {
      delimiter,
      newline: '\n',
      preview: SAMPLE_LINES,
    }).data.filter((row) => !(row.length === 1 && (row[0] ?? '').trim() === ''));
    const first = rows[0]?.length ?? 0;
    if (first > 1 && rows.every((row) => row.length === first)) return delimiter;
    if (first > bestFields) {
      best = delimiter;
      bestFields = first;
    }
  }
  return best;
}

/** Splits CSV text into records as it comes, handing each complete batch to `onBatch`. */
export class CsvRecordSplitter {
  private readonly source: string;
  private readonly onBatch: (batch: RecordBatch) => void;
  private pending = '';
  private nextLine = 1;
  private chosen: Delimiter | null;
  /** classic Mac files end lines in a lone carriage return: read them as line feeds */
  private carriageReturnLines = false;
  private decided = false;
  /** quote scanning resumes where it stopped: state and position in `pending`, last boundary seen;
   * `pending` always starts a record, so a scan from 0 starts at a field's start */
  private scanState = Quote.FieldStart;
  private scanned = 0;
  private boundary = -1;

  constructor(options: {
    source: string;
    delimiter?: Delimiter;
    onBatch: (batch: RecordBatch) => void;
  }) {
    this.source = options.source;
    this.onBatch = options.onBatch;
    this.chosen = options.delimiter ?? null;
  }

  /** The delimiter in use; known once the first records have been cut. */
  get delimiter(): Delimiter {
    return this.chosen ?? ',';
  }

  push(text: string): void {
    if (text === '') return;
    this.pending += this.carriageReturnLines ? text.replace(/\r/g, '\n') : text;
    if (!this.decided) {
      if (!this.enoughToDecide()) return;
      this.decide();
    }
    const cut = this.findBoundary();
    if (cut < 0) return;
    const piece = this.pending.slice(0, cut);
    this.pending = this.pending.slice(cut + 1);
    // the rest starts a record: scan it afresh (it is a partial line, unless a quoted field is long)
    this.scanState = Quote.FieldStart;
    this.scanned = 0;
    this.boundary = -1;
    this.parse(piece);
  }

  end(): void {
    if (!this.decided) this.decide();
    const rest = this.pending.endsWith('\n') ? this.pending.slice(0, -1) : this.pending;
    this.pending = '';
    if (rest !== '') this.parse(rest);
  }

  private enoughToDecide(): boolean {
    if (this.pending.length >= SAMPLE_CHARACTERS) return true;
    let lines = 0;
    for (let i = this.pending.indexOf('\n'); i !== -1; i = this.pending.indexOf('\n', i + 1)) {
      if (++lines >= SAMPLE_LINES) return true;
    }
    return false;
  }

  /** Line ends and delimiter, from the text held back so far. */
  private decide(): void {
    this.decided = true;
    const cr = this.pending.indexOf('\r');
    if (this.pending.indexOf('\n') === -1 && cr !== -1 && cr < this.pending.length - 1) {
      this.carriageReturnLines = true;
      this.pending = this.pending.replace(/\r/g, '\n');
    }
    // whole lines only: a line cut short would look like a different field count
    const sample = this.pending.slice(0, SAMPLE_CHARACTERS);
    const lastLine = sample.lastIndexOf('\n');
    this.chosen ??= detectDelimiter(
      (lastLine > 0 ? sample.slice(0, lastLine) : sample).replace(/\r\n/g, '\n'),
    );
  }

  /** The last line feed in `pending` outside quotes, or -1. */
  private findBoundary(): number {
    const text = this.pending;
    if (this.scanned === 0 && !text.includes('"')) {
      return text.lastIndexOf('\n');
    }
    const delimiter = this.delimiter;
    let state = this.scanState;
    for (let i = this.scanned; i < text.length; i++) {
      const c = text[i];
      if (state === Quote.Quoted) {
        if (c === '"') state = Quote.QuoteInQuoted;
      } else if (state === Quote.QuoteInQuoted) {
        // a doubled quote stays inside; anything else closed the field
        state = c === '"' ? Quote.Quoted : Quote.Unquoted;
        if (c === delimiter) state = Quote.FieldStart;
        else if (c === '\n') {
          state = Quote.FieldStart;
          this.boundary = i;
        }
      } else if (c === '\n') {
        state = Quote.FieldStart;
        this.boundary = i;
      } else if (c === delimiter) state = Quote.FieldStart;
      else if (state === Quote.FieldStart) state = c === '"' ? Quote.Quoted : Quote.Unquoted;
    }
    this.scanned = text.length;
    this.scanState = state;
    return this.boundary;
  }

  /** Complete records, without the line feed after the last one. */
  private parse(piece: string): void {
    const text = piece.includes('\r') ? piece.replace(/\r\n/g, '\n').replace(/\r$/, '') : piece;
    const result = Papa.parse<string[]>(text, { delimiter: this.delimiter, newline: '\n' });
    // papaparse reads an empty piece as no rows; here it is one empty line
    const rows = text === '' ? [['']] : result.data;
    const firstLine = this.nextLine;
    let startLines: Int32Array | null = null;
    if (text.includes('"')) {
      startLines = new Int32Array(rows.length);
      let line = firstLine;
      rows.forEach((row, r) => {
        (startLines as Int32Array)[r] = line;
        line += 1 + row.reduce((sum, field) => sum + countLineFeeds(field), 0);
      });
      this.nextLine = line;
    } else {
      this.nextLine += rows.length;
    }
    const batch: RecordBatch = { rows, firstLine, startLines };
    const error = result.errors.find((e) => e.type === 'Quotes');
    if (error !== undefined) {
      const row = error.row ?? 0;
      throw new CsvError(
        this.source,
        lineOfRow(batch, row),
        rows[row]?.length ?? 1,
        error.code === 'MissingQuotes'
          ? 'a quoted field starts here and is never closed (a " without its partner)'
          : 'a quote inside a quoted field must be doubled ("")',
      );
    }
    this.onBatch(batch);
  }
}

function countLineFeeds(field: string): number {
  let count = 0;
  for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) count++;
  return count;
}
