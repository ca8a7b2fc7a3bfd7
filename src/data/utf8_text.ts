/**
 * Bytes to text for the CSV reader, chunk by chunk: UTF-8 only, a leading BOM dropped, and a
 * binary or non-UTF-8 file refused with where it went wrong, never echoed.
 */
import { CsvError } from './csv_error.ts';

/** Control characters no CSV text holds (tab, line feed and carriage return are fine). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Known binary formats by their first bytes, named in the message with what to do. */
const MAGIC: readonly (readonly [readonly number[], string])[] = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (an Excel .xlsx workbook is one: save it as CSV)'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Office document (an Excel .xls workbook: save it as CSV)'],
  [[0x1f, 0x8b], 'gzip-compressed (decompress it first)'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'an SQLite database'],
];

/**
 * Where the UTF-8 in `bytes` breaks: the index of the first byte of the first character that is
 * not UTF-8, or -1; `complete` is where the text before it, or before a character cut off by
 * the end of the chunk, ends.
 */
export function scanUtf8(bytes: Uint8Array): { invalidAt: number; complete: number } {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f; // no surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f; // nothing past U+10FFFF
    } else return { invalidAt: i, complete: i };
    for (let k = 1; k < length; k++) {
      if (i + k >= n) return { invalidAt: -1, complete: i };
      const c = bytes[i + k] as number;
      const lo = k === 1 ? low : 0x80;
      const hi = k === 1 ? high : 0xbf;
      if (c < lo || c > hi) return { invalidAt: i, complete: i }; // the character that breaks
    }
    i += length;
  }
  return { invalidAt: -1, complete: n };
}

/** Where a character cut off by the end of `bytes` begins (bytes.length when none is). */
function completeEnd(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back] as number;
    if (b < 0x80) return n;
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return length > back ? n - back : n;
    }
  }
  return n;
}

/** Bytes of control characters that text files do not hold: binary data. */
const isBinaryByte = (b: number): boolean =>
  b < 0x09 || b === 0x0b || b === 0x0c || (b >= 0x0e && b < 0x20) || b === 0x7f;

const hex = (b: number): string => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Decodes a file's bytes as they arrive. `decode` returns the text of every complete character so
 * far; `end` returns the rest. Throws a CsvError naming the line and character of the first byte
 * that is not UTF-8 text.
 */
export class Utf8TextStream {
  private readonly source: string;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private carry: Uint8Array = new Uint8Array(0);
  private started = false;
  /** 1-based line and 0-based character of the next text to come, for messages */
  private line = 1;
  private column = 0;

  constructor(source: string) {
    this.source = source;
  }

  decode(chunk: Uint8Array): string {
    let bytes = chunk;
    if (this.carry.length > 0) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry);
      bytes.set(chunk, this.carry.length);
    }
    if (!this.started) {
      if (bytes.length < 6 && chunk.length > 0) {
        this.carry = bytes; // wait for enough bytes to recognize the file's kind
        return '';
      }
      this.started = true;
      this.checkStart(bytes);
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    const end = completeEnd(bytes);
    this.carry = bytes.slice(end);
    return this.text(bytes.subarray(0, end));
  }

  end(): string {
    const rest = this.carry;
    this.carry = new Uint8Array(0);
    if (!this.started) {
      this.started = true;
      if (rest.length === 0) return '';
      this.checkStart(rest);
      const body =
        rest[0] === 0xef && rest[1] === 0xbb && rest[2] === 0xbf ? rest.subarray(3) : rest;
      return this.text(body);
    }
    return rest.length > 0 ? this.text(rest) : '';
  }

  /** Text that arrived decoded already (a string, a browser's File.text()): the same checks. */
  acceptText(text: string): string {
    const body = !this.started && text.startsWith('\ufeff') ? text.slice(1) : text;
    if (text !== '') this.started = true;
    this.refuseControl(body, (code) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`);
    this.advance(body);
    return body;
  }

  /** Files that are recognizably not UTF-8 text, by their first bytes. */
  private checkStart(bytes: Uint8Array): void {
    const starts = (magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);
    if (starts([0xff, 0xfe]) || starts([0xfe, 0xff])) {
      throw new CsvError(
        this.source,
        1,
        1,
        'this is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8 ("CSV UTF-8" in Excel)',
      );
    }
    for (const [magic, kind] of MAGIC) {
      if (starts(magic))
        throw new CsvError(this.source, 1, 1, `this is a binary file, ${kind}, not CSV text`);
    }
  }

  /** The text of bytes that should hold whole characters (the end of the file may not). */
  private text(bytes: Uint8Array): string {
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      const { invalidAt, complete } = scanUtf8(bytes);
      const valid = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
        bytes.subarray(0, complete),
      );
      this.refuseControl(valid, (byte) => `byte ${hex(byte)}`);
      this.advance(valid);
      const where = `line ${this.line}, character ${this.column + 1}`;
      if (invalidAt === -1) {
        throw new CsvError(
          this.source,
          this.line,
          this.column + 1,
          `the file ends in the middle of a UTF-8 character (${where}): it is cut short, or not UTF-8 text`,
        );
      }
      this.refuseByte(bytes, invalidAt, where);
    }
    this.refuseControl(text, (byte) => `byte ${hex(byte)}`);
    this.advance(text);
    return text;
  }

  /** Refuses text that holds a control character: binary data (or UTF-16, every other byte zero). */
  private refuseControl(text: string, what: (code: number) => string): void {
    const control = CONTROL.exec(text);
    if (control === null) return;
    this.advance(text.slice(0, control.index));
    const where = `line ${this.line}, character ${this.column + 1}`;
    // UTF-16 read as UTF-8: every other byte of ASCII text is zero
    const sample = text.slice(control.index, control.index + 32);
    const zeros = sample.split('\u0000').length - 1;
    const utf16 = sample.length >= 8 && zeros >= sample.length * 0.4;
    const code = text.charCodeAt(control.index);
    throw new CsvError(
      this.source,
      this.line,
      this.column + 1,
      utf16
        ? `this looks like UTF-16 text (every other byte is zero, from ${where}); save it as UTF-8`
        : `this is a binary file, not CSV text (${what(code)} at ${where} is a control character)`,
    );
  }

  /** Refuses the byte at `at`, which starts no UTF-8 character: binary data, or another encoding. */
  private refuseByte(bytes: Uint8Array, at: number, where: string): never {
    const byte = bytes[at] as number;
    const sample = bytes.subarray(at, at + 64);
    if (sample.some(isBinaryByte)) {
      throw new CsvError(
        this.source,
        this.line,
        this.column + 1,
        `this is a binary file, not CSV text (byte ${hex(byte)} at ${where} is not UTF-8)`,
      );
    }
    throw new CsvError(
      this.source,
      this.line,
      this.column + 1,
      `the file is not UTF-8 text: byte ${hex(byte)} at ${where} is not UTF-8 (the file may be in Latin-1 or Windows-1252); save it as UTF-8 ("CSV UTF-8" in Excel)`,
    );
  }

  /** Moves the line and character count past `text`. */
  private advance(text: string): void {
    let last = -1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      this.line++;
      last = i;
    }
    this.column = last === -1 ? this.column + text.length : text.length - last - 1;
  }
}
