import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CsvError,
  formatCsv,
  makeDataset,
  parseCsv,
  type ParseCsvOptions,
} from '../../src/data/index.ts';

/** Asserts that parsing `text` fails at `line`:`column` with a message matching `problem`. */
function expectCsvError(
  text: string,
  line: number,
  column: number,
  problem: string | RegExp,
  options: ParseCsvOptions = {},
): void {
  let thrown: unknown;
  try {
    parseCsv(text, { source: 'data.csv', ...options });
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'a CsvError').toBeInstanceOf(CsvError);
  const error = thrown as CsvError;
  expect([error.source, error.line, error.column]).toEqual(['data.csv', line, column]);
  expect(error.message.startsWith(`data.csv:${line}:${column}: `), error.message).toBe(true);
  if (typeof problem === 'string')
    expect(error.message).toBe(`data.csv:${line}:${column}: ${problem}`);
  else expect(error.message).toMatch(problem);
}

describe('formatCsv', () => {
  it('writes the header, one line per sample and a final newline', () => {
    const data = makeDataset(
      Float64Array.from([0.1, -2, 1e21, 5e-324, -0, 3]),
      Int32Array.from([1, 0]),
      3,
    );
    expect(formatCsv(data)).toBe('x0,x1,x2,y\n0.1,-2,1e+21,1\n5e-324,-0,3,0\n');
  });

  it('writes a header alone for a data set with no samples', () => {
    expect(formatCsv(makeDataset(new Float64Array(0), new Int32Array(0), 2))).toBe('x0,x1,y\n');
  });
});

describe('parseCsv', () => {
  it('reads a file, with or without the final newline, with \\n or \\r\\n', () => {
    for (const text of [
      'x0,x1,y\n0.5,-1,1\n2e3,.25,0\n',
      'x0,x1,y\n0.5,-1,1\n2e3,.25,0',
      'x0,x1,y\r\n0.5,-1,1\r\n2e3,.25,0\r\n',
    ]) {
      const data = parseCsv(text);
      expect(data.nSamples).toBe(2);
      expect(data.nFeatures).toBe(2);
      expect(Array.from(data.X)).toEqual([0.5, -1, 2000, 0.25]);
      expect(Array.from(data.y)).toEqual([1, 0]);
    }
  });

  it('reads one feature, signs, exponents and labels written as 0.0 / 1.0', () => {
    const data = parseCsv('x0,y\n+1.5E-3,1.0\n-7.,0e0\n');
    expect(Array.from(data.X)).toEqual([0.0015, -7]);
    expect(Array.from(data.y)).toEqual([1, 0]);
  });

  it('names the source in messages, <csv> when none is given', () => {
    expect(() => parseCsv('')).toThrow(/^<csv>:1:1: /);
  });

  it('reads any header, or none, with the label in the last column', () => {
    for (const text of ['a,b,label\n0.5,-1,1\n2e3,.25,0\n', '0.5,-1,1\n2e3,.25,0\n']) {
      const data = parseCsv(text);
      expect(Array.from(data.X)).toEqual([0.5, -1, 2000, 0.25]);
      expect(Array.from(data.y)).toEqual([1, 0]);
    }
  });

  describe('refuses, saying where', () => {
    it('a field that is not a number', () => {
      expectCsvError(
        'x0,x1,y\n1,2,0\n1,abc,1\n',
        3,
        2,
        '"abc" in column 2 (x1) is not a number; features must be numbers: fix the value, or leave the column out with --ignore x1, or if it is the label, name it with --label x1 (the last column is the default)',
      );
      expectCsvError(
        'x0,x1,y\n0x1F,2,0\n',
        2,
        1,
        /^data\.csv:2:1: "0x1F" in column 1 \(x0\) is not a number;/,
      );
      expectCsvError('x0,x1,y\n1,1e,0\n', 2, 2, /"1e" in column 2 \(x1\) is not a number;/);
    });

    it('NaN and infinities, with their own message', () => {
      expectCsvError('x0,x1,y\nNaN,2,0\n', 2, 1, /"NaN" in column 1 \(x0\) marks a missing value/);
      expectCsvError(
        'x0,x1,y\n1,-Infinity,0\n',
        2,
        2,
        /"-Infinity" in column 2 \(x1\) is not a finite number/,
      );
      expectCsvError('x0,x1,y\n1,inf,0\n', 2, 2, /"inf" in column 2 \(x1\) is not a finite number/);
      expectCsvError(
        'x0,x1,y\n1,1e999,0\n',
        2,
        2,
        '"1e999" in column 2 (x1) is too large for a double',
      );
    });

    it('a regression target that is not a number', () => {
      expectCsvError(
        'x0,x1,y\n1,2,0.5\n1,2,1.5\n3,4,oops\n',
        4,
        3,
        /^data\.csv:4:3: "oops" in column 3 \(y\) is not a number; a regression target must be a number in every row/,
        { task: 'regression' },
      );
    });

    it('a row with too few or too many fields, at the first missing or extra one', () => {
      expectCsvError('x0,x1,y\n1,2,0\n1,1\n', 3, 3, '2 fields, but the header names 3');
      expectCsvError('x0,x1,y\n1,2,0,4\n', 2, 4, '4 fields, but the header names 3');
    });

    it('an empty file, or blank lines alone', () => {
      expectCsvError('', 1, 1, 'the file is empty (no rows, or only blank lines)');
      expectCsvError('\n \r\n\n', 1, 1, 'the file is empty (no rows, or only blank lines)');
    });

    it('a header with no samples', () => {
      expectCsvError('x0,x1,y\n', 2, 1, 'no data rows after the header');
      expectCsvError('x0,x1,y', 2, 1, 'no data rows after the header');
    });
  });
});

describe('CSV properties (fast-check)', () => {
  const datasets = fc.integer({ min: 1, max: 6 }).chain((D) =>
    fc
      .array(
        fc.tuple(
          fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), {
            minLength: D,
            maxLength: D,
          }),
          fc.integer({ min: 0, max: 1 }),
        ),
        {
          minLength: 1,
          maxLength: 20,
        },
      )
      .map((rows) =>
        makeDataset(
          Float64Array.from(rows.flatMap(([x]) => x)),
          Int32Array.from(rows.map(([, y]) => y)),
          D,
        ),
      ),
  );

  it('formatCsv then parseCsv gives back every double bit for bit (-0 included)', () => {
    fc.assert(
      fc.property(datasets, (data) => {
        const back = parseCsv(formatCsv(data));
        expect(back.nFeatures).toBe(data.nFeatures);
        expect(Array.from(back.y)).toEqual(Array.from(data.y));
        back.X.forEach((x, i) => expect(Object.is(x, data.X[i])).toBe(true));
      }),
      { numRuns: 300 },
    );
  });

  it('any text either parses or throws a CsvError with its line and column, never anything else', () => {
    const csvAlphabet = fc.constantFrom(
      'x0',
      'x1',
      'y',
      ',',
      '\n',
      '\r\n',
      '0',
      '1',
      ';',
      '\t',
      '"',
      'yes',
      'no',
      '\ufeff',
      '-',
      '.',
      'e',
      '5',
      'NaN',
      ' ',
      '',
    );
    const texts = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.array(csvAlphabet, { maxLength: 40 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(texts, (text) => {
        try {
          const data = parseCsv(text);
          expect(data.nSamples).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(CsvError);
          expect((error as CsvError).line).toBeGreaterThanOrEqual(1);
          expect((error as CsvError).column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
