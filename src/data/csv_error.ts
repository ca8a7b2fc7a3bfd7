/** A bad CSV file: `line` and `column` are 1-based; `column` counts fields, or characters where a message says so. */
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
