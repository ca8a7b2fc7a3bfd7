import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CsvError,
  readTableStream,
  readTableText,
  type ReadTableOptions,
  type Table,
} from '../../src/data/index.ts';

const encode = (text: string) => new TextEncoder().encode(text);

async function* chunksOf(bytes: Uint8Array, cuts: readonly number[]): AsyncIterable<Uint8Array> {
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    yield bytes.subarray(start, cut);
    start = cut;
  }
  yield bytes.subarray(start);
}

/** Reads bytes as a file stream would deliver them, one chunk at a time. */
function readBytes(bytes: Uint8Array, options: ReadTableOptions = {}, cuts: number[] = []) {
  return readTableStream(chunksOf(bytes, cuts), { source: 'f.csv', ...options });
}

function read(text: string, options: ReadTableOptions = {}): Table {
  return readTableText(text, { source: 'f.csv', ...options });
}

/** The CsvError that reading throws, checked to name f.csv:line:column. */
async function errorOf(
  input: string | Uint8Array,
  options: ReadTableOptions = {},
): Promise<CsvError> {
  let thrown: unknown;
  try {
    if (typeof input === 'string') read(input, options);
    else await readBytes(input, options);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'a CsvError').toBeInstanceOf(CsvError);
  const error = thrown as CsvError;
  expect(error.message.startsWith(`f.csv:${error.line}:${error.column}: `), error.message).toBe(
    true,
  );
  return error;
}

async function expectError(
  input: string | Uint8Array,
  line: number,
  column: number,
  message: RegExp,
  options: ReadTableOptions = {},
): Promise<void> {
  const error = await errorOf(input, options);
  expect([error.line, error.column], error.message).toEqual([line, column]);
  expect(error.message).toMatch(message);
}

const rows = (table: Table) => ({
  X: Array.from(table.dataset.X),
  y: Array.from(table.dataset.y),
  D: table.dataset.nFeatures,
});

describe('reading a table', () => {
  it('reads a BOM, CRLF, an id column, named features, M/B labels and a blank line at the end', async () => {
    const text = '\ufeffid,diagnosis,radius mean,area\r\n7,M,17.99,1001.0\r\n8,B,13.5,520\r\n\r\n';
    for (const table of [
      read(text, { label: 'diagnosis', ignore: ['id'] }),
      await readBytes(encode(text), { label: 'diagnosis', ignore: ['id'] }),
    ]) {
      expect(rows(table)).toEqual({ X: [17.99, 1001, 13.5, 520], y: [1, 0], D: 2 });
      expect(table.description).toMatchObject({
        header: true,
        delimiter: ',',
        featureNames: ['radius mean', 'area'],
        label: { column: 1, name: 'diagnosis', mapping: { negative: 'B', positive: 'M' } },
        ignored: [{ column: 0, name: 'id' }],
        rows: 2,
      });
    }
  });

  it('finds the label and the left-out columns by name or by number from 1', () => {
    const text = 'a,b,c,d\n1,2,x,3\n4,5,y,6\n';
    const byName = read(text, { label: 'c', ignore: ['a', 'd'] });
    const byNumber = read(text, { label: '3', ignore: ['1', '4'] });
    for (const table of [byName, byNumber]) {
      expect(rows(table)).toEqual({ X: [2, 5], y: [0, 1], D: 1 });
    }
    // a header name that looks like a number is a name first
    expect(read('2,1,y\n5,6,0\n7,8,1\n', { label: '1' }).description.label?.column).toBe(1);
  });

  it('takes the last column not left out as the label by default', () => {
    const table = read('x,label,id\n1,no,10\n2,yes,11\n', { ignore: ['id'] });
    expect(table.description.label?.name).toBe('label');
    expect(rows(table)).toEqual({ X: [1, 2], y: [0, 1], D: 1 });
  });

  it('detects a header, and reads a file without one', () => {
    expect(read('1,2,0\n3,4,1\n').description.header).toBe(false);
    expect(read('x,y,label\n1,2,0\n').description.header).toBe(true);
    // text in the label column on both rows is not a header: yes/no labels without one
    const noHeader = read('1.5,2,yes\n3,4,no\n');
    expect(noHeader.description.header).toBe(false);
    expect(rows(noHeader)).toEqual({ X: [1.5, 2, 3, 4], y: [1, 0], D: 2 });
    expect(noHeader.description.featureNames).toEqual(['column 1', 'column 2']);
    // an empty first field does not make a header (a missing value is not a name)
    expect(() => read('1,,0\n3,4,1\n')).toThrow(/^f\.csv:1:2: a missing value in column 2: /);
    // the header can be forced either way
    expect(read('1,2,0\n3,4,1\n', { header: true }).description.featureNames).toEqual(['1', '2']);
  });

  it('detects ; and tab, and reads decimal commas where the delimiter is not a comma', () => {
    const semicolon = read('1,5;2;yes\n-0,25;3e2;no\n');
    expect(semicolon.description.delimiter).toBe(';');
    expect(rows(semicolon)).toEqual({ X: [1.5, 2, -0.25, 300], y: [1, 0], D: 2 });
    const tab = read('a\tb\tc\n1\t2\t0\n3\t4\t1\n');
    expect(tab.description.delimiter).toBe('\t');
    expect(rows(tab)).toEqual({ X: [1, 2, 3, 4], y: [0, 1], D: 2 });
    // a comma file keeps commas for fields: "1,5" is two fields there
    expect(read('a,b,c\n1,5,0\n2,6,1\n').description.delimiter).toBe(',');
  });

  it('accepts spaces around fields, a quoted header, blank lines, and classic Mac line ends', () => {
    const table = read(' "x 1" , "y" ,"class, one of two"\n\n 1 , 2 , a \n   \n3,4,b\n\n\n');
    expect(table.description.featureNames).toEqual(['x 1', 'y']);
    expect(table.description.label?.name).toBe('class, one of two');
    expect(rows(table)).toEqual({ X: [1, 2, 3, 4], y: [0, 1], D: 2 });
    expect(rows(read('x,y\r1,0\r2,1\r'))).toEqual({ X: [1, 2], y: [0, 1], D: 1 });
  });

  it('drops the empty last field of a header that ends in a delimiter, as Kaggle writes it', () => {
    const table = read('"id","diagnosis","radius_mean",\r\n1,M,17.99,\r\n2,B,13.5\r\n', {
      label: 'diagnosis',
      ignore: ['id'],
    });
    expect(rows(table)).toEqual({ X: [17.99, 13.5], y: [1, 0], D: 1 });
    expect(table.description.columns).toEqual({
      names: ['id', 'diagnosis', 'radius_mean'],
      count: 3,
    });
    expect(() => read('a,y,\n1,0,5\n')).toThrow(/^f\.csv:2:3: 3 fields, but the header names 2$/);
  });

  it('maps two label values to 0 and 1 as scikit-learn sorts them, or with --positive', () => {
    const mapping = (text: string, positive?: string) =>
      read(text, positive === undefined ? {} : { positive }).description.label?.mapping;
    expect(mapping('x,y\n1,yes\n2,no\n')).toEqual({ negative: 'no', positive: 'yes' });
    expect(mapping('x,y\n1,1\n2,-1\n')).toEqual({ negative: '-1', positive: '1' });
    expect(mapping('x,y\n1,10\n2,9\n')).toEqual({ negative: '9', positive: '10' });
    expect(mapping('x,y\n1,M\n2,B\n')).toEqual({ negative: 'B', positive: 'M' });
    expect(mapping('x,y\n1,M\n2,B\n', 'B')).toEqual({ negative: 'M', positive: 'B' });
    expect(rows(read('x,y\n1,M\n2,B\n', { positive: 'B' })).y).toEqual([0, 1]);
    // one class spelt two ways is one value
    expect(rows(read('x,y\n1,1\n2,1.0\n3,0\n')).y).toEqual([1, 1, 0]);
  });

  it('keeps the label and left-out columns as written, row by row, when asked', () => {
    const table = read('id,x,diagnosis\n"a,1",1,M\nb2,2,B\n', {
      ignore: ['id'],
      keepPassthrough: true,
    });
    expect(table.passthrough).toEqual({
      columns: [0, 2],
      names: ['id', 'diagnosis'],
      rows: [
        ['a,1', 'M'],
        ['b2', 'B'],
      ],
    });
  });

  it('reads a file with no label column when asked (label: null)', () => {
    const table = read('x0,x1\n1,2\n3,4\n', { label: null });
    expect(rows(table)).toEqual({ X: [1, 2, 3, 4], y: [0, 0], D: 2 });
    expect(table.description.label).toBeNull();
  });

  it('counts lines across quoted fields that span lines', async () => {
    await expectError('"a\nb",c,y\n1,2,0\n"3\n",4,1\n5,oops,0\n', 6, 2, /"oops" in column 2 \(c\)/);
  });

  it('reads the same, whatever the chunks the bytes arrive in (fast-check)', async () => {
    const text =
      '\ufeff"id";"poids (kg)";taille;label\r\n"a;1";1,5;2;oui\r\n"b\r\nc";2,5;3e1;non\r\n' +
      'd;-0,5;.5;oui\r\n\r\n';
    const bytes = encode(text);
    const options = { ignore: ['id'], keepPassthrough: true };
    const whole = read(text, options);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 12 }),
        async (cuts) => {
          const table = await readBytes(bytes, options, cuts);
          expect(rows(table)).toEqual(rows(whole));
          expect(table.description).toEqual(whole.description);
          expect(table.passthrough).toEqual(whole.passthrough);
        },
      ),
      { numRuns: 200 },
    );
    expect(rows(whole)).toEqual({ X: [1.5, 2, 2.5, 30, -0.5, 0.5], y: [1, 0, 1], D: 2 });
  });

  it('reads a file larger than its chunks, line numbers intact', async () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `${i},${i % 3 === 0 ? 'a' : 'b'}`);
    const text = `x,y\n${lines.join('\n')}\n`;
    const table = await readBytes(encode(text), {}, [1 << 16, 1 << 20, 2_000_000]);
    expect(table.dataset.nSamples).toBe(200_000);
    expect(table.dataset.X[199_999]).toBe(199_999);
    // a third class first seen on the last line, where --positive (two classes only) is refused
    const bad = `${text}1,c\n`;
    await expectError(encode(bad), 200_002, 2, /--positive "a" names the class read as 1 of two/, {
      positive: 'a',
    });
  });
});

describe('refusing a table, saying where and what to do', () => {
  it('a missing value: line, column, header name and what to do', async () => {
    await expectError(
      'id,radius,area,y\n1,2,3,M\n2,3,,B\n',
      3,
      3,
      /^f\.csv:3:3: a missing value in column 3 \(area\): every feature needs a number in every row; fill it in or drop the row, or leave the column out with --ignore area$/,
    );
    await expectError(
      'id,radius,area,y\n1,2,NA,M\n',
      2,
      3,
      /"NA" in column 3 \(area\) marks a missing value: .* --ignore area$/,
    );
    await expectError('1;?;0\n', 1, 2, /"\?" in column 2 marks a missing value: .* --ignore 2$/);
  });

  it('a non-number: line, column, header name, and --ignore or --label', async () => {
    await expectError(
      'id,diagnosis,radius\n1,M,2.5\n',
      2,
      2,
      /^f\.csv:2:2: "M" in column 2 \(diagnosis\) is not a number; features must be numbers: fix the value, or leave the column out with --ignore diagnosis, or if it is the label, name it with --label diagnosis/,
    );
    await expectError(
      'a,"concave points",y\n1,2..5,0\n',
      2,
      2,
      /"2\.\.5" in column 2 \("concave points"\) is not a number; .*--ignore "concave points"/,
    );
    await expectError('a,b,y\n1,2,0\n1,inf,0\n', 3, 2, /"inf" in column 2 \(b\) is not a finite/);
  });

  it('--positive with three classes, at the third one, listing them', async () => {
    await expectError(
      'x,answer\n1,yes\n2,no\n3,yes\n4,maybe\n',
      5,
      2,
      /^f\.csv:5:2: --positive "no" names the class read as 1 of two; column 2 \(answer\) holds 3 classes \("maybe" → 0, "no" → 1, "yes" → 2\): leave --positive out/,
      { positive: 'no' },
    );
  });

  it('more classes than a classifier takes, and text where a regression needs numbers', async () => {
    const many = Array.from({ length: 1002 }, (_, i) => `${i},c${i}`).join('\n');
    await expectError(
      `x,y\n${many}\n`,
      // the 1001st different label, c1000, is on line 1002
      1002,
      2,
      /column 2 \(y\) holds more than 1000 different labels; a classifier takes at most 1000 classes$/,
    );
    await expectError(
      'x,y\n1,2.5\n2,oops\n',
      3,
      2,
      /"oops" in column 2 \(y\) is not a number; a regression target must be a number in every row \(--task regression\)/,
      { task: 'regression' },
    );
  });

  it('a label column with one value, an empty label, a --positive that is not a value', async () => {
    await expectError('x,y\n1,yes\n2,yes\n', 2, 2, /column 2 \(y\): every row has the label "yes"/);
    await expectError('x,y\n1,yes\n2,\n', 3, 2, /the label in column 2 \(y\) is empty/);
    await expectError(
      'x,y\n1,yes\n2,no\n',
      2,
      2,
      /--positive "maybe" is not one of the label values, "yes" and "no"/,
      { positive: 'maybe' },
    );
  });

  it('a row with the wrong number of fields', async () => {
    await expectError('a,b,y\n1,2,0\n1,2\n', 3, 3, /2 fields, but the header names 3$/);
    await expectError('1,2,0\n\n1,2,0,5\n', 3, 4, /4 fields, but line 1 has 3$/);
  });

  it('a --label or --ignore that names no column', async () => {
    await expectError(
      'id,diagnosis,radius\n1,M,2\n',
      1,
      1,
      /^f\.csv:1:1: --label "diagnossis" names no column; the header has id, diagnosis, radius$/,
      { label: 'diagnossis' },
    );
    await expectError('1,2,0\n', 1, 1, /--label "y": the file has no header .* 1 to 3$/, {
      label: 'y',
    });
    await expectError('a,b\n1,0\n', 1, 1, /--ignore 3: the file has 2 columns/, { ignore: ['3'] });
    await expectError('a,a,y\n1,2,0\n', 1, 1, /--ignore "a": 2 columns have this name \(1, 2\)/, {
      ignore: ['a'],
    });
    await expectError('a,b,y\n1,2,0\n', 1, 3, /column 3 \(y\) is both the label and left out/, {
      label: 'y',
      ignore: ['y'],
    });
    await expectError('a,y\n1,0\n', 1, 1, /no feature columns are left/, { ignore: ['a'] });
    await expectError('1\n2\n', 1, 1, /the file has one column/);
  });

  it('an empty file, or a header alone', async () => {
    await expectError('', 1, 1, /the file is empty/);
    await expectError(encode(''), 1, 1, /the file is empty/);
    await expectError('a,b,y\r\n\r\n', 3, 1, /no data rows after the header/);
  });

  it('a quoted field never closed', async () => {
    await expectError(
      'a,b,y\n1,"2,0\n3,4,1\n',
      2,
      2,
      /a quoted field starts here and is never closed/,
    );
  });

  it('a binary file, without echoing it', async () => {
    await expectError(
      encode('a,b,y\n1,2\u0000,0\n'),
      2,
      4,
      /^f\.csv:2:4: this is a binary file, not CSV text \(byte 0x00 at line 2, character 4 is a control character\)$/,
    );
    await expectError(
      Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 8, 0, 0, 0]),
      1,
      1,
      /this is a binary file, a ZIP archive \(an Excel \.xlsx workbook is one: save it as CSV\), not CSV text$/,
    );
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    await expectError(png, 1, 1, /a PNG image, not CSV text$/);
    await expectError(
      Uint8Array.from([0x01, 0x02, 0x80, 0xff, 0x41, 0x00, 0x42]),
      1,
      1,
      /^f\.csv:1:1: this is a binary file, not CSV text/,
    );
  });

  it('UTF-16 and text that is not UTF-8, with the line and character of the first bad byte', async () => {
    await expectError(
      Uint8Array.from([0xff, 0xfe, 0x61, 0, 0x2c, 0]),
      1,
      1,
      /UTF-16 text .* save it as UTF-8/,
    );
    const utf16WithoutBom = Uint8Array.from([...'x,y\n1,0\n'].flatMap((c) => [c.charCodeAt(0), 0]));
    await expectError(utf16WithoutBom, 1, 2, /looks like UTF-16 text/);
    // "café" in Latin-1 on line 2
    const latin1 = Uint8Array.from([...encode('x,y\n1,caf'), 0xe9, ...encode(',0\n')]);
    await expectError(
      latin1,
      2,
      6,
      /^f\.csv:2:6: the file is not UTF-8 text: byte 0xE9 at line 2, character 6 is not UTF-8 \(the file may be in Latin-1 or Windows-1252\); save it as UTF-8/,
    );
    await expectError(
      Uint8Array.from([...encode('x,y\n1,0\n2,\u00e9')].slice(0, -1)),
      3,
      3,
      /ends in the middle of a UTF-8 character/,
    );
  });

  it('never puts raw bytes in a message (fast-check)', async () => {
    // eslint-disable-next-line no-control-regex -- looking for raw control bytes is the point
    const unprintable = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/u;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }),
          fc
            .array(fc.constantFrom('a', ',', ';', '1', '\n', '"', '\u00e9', '\u202e', '\ufeff'), {
              maxLength: 30,
            })
            .map((parts) => encode(parts.join(''))),
        ),
        async (bytes) => {
          try {
            await readBytes(bytes);
          } catch (error) {
            expect(error).toBeInstanceOf(CsvError);
            const message = (error as CsvError).message;
            expect(message, message).not.toMatch(unprintable);
            expect(message, message).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/u);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('label columns: classes or numbers to predict', () => {
  it('three or more values are classes in LabelEncoder order (numbers by value, then text)', () => {
    const table = read('x,species\n1,virginica\n2,setosa\n3,versicolor\n4,setosa\n');
    expect(Array.from(table.dataset.y)).toEqual([2, 0, 1, 0]);
    expect(table.dataset.y).toBeInstanceOf(Int32Array);
    expect(table.description.label).toMatchObject({
      task: 'classification',
      taskGiven: false,
      classes: ['setosa', 'versicolor', 'virginica'],
      mapping: null,
    });
    const numbers = read('x,digit\n1,10\n2,9\n3,-1\n4,9.0\n');
    expect(numbers.description.label?.classes).toEqual(['-1', '9', '10']);
    expect(Array.from(numbers.dataset.y)).toEqual([2, 1, 0, 1]);
  });

  it('numbers that are not all whole, or more than 20 whole ones, are a regression target', () => {
    const decimals = read('x,price\n1,2.5\n2,3\n3,-1e2\n');
    expect(decimals.dataset.y).toBeInstanceOf(Float64Array);
    expect(Array.from(decimals.dataset.y)).toEqual([2.5, 3, -100]);
    expect(decimals.description.label).toMatchObject({ task: 'regression', classes: null });
    const whole = (k: number) =>
      read(`x,y\n${Array.from({ length: k }, (_, i) => `${i},${i * 3}`).join('\n')}\n`);
    expect(whole(20).description.label?.task).toBe('classification');
    expect(whole(21).description.label?.task).toBe('regression');
    // a decimal comma, in a semicolon file
    expect(Array.from(read('x;y\n1;2,5\n2;3,25\n3;4\n').dataset.y)).toEqual([2.5, 3.25, 4]);
  });

  it('--task says otherwise: numbers as classes, whole numbers as a target', () => {
    const classes = read('x,y\n1,0.5\n2,1.5\n3,0.5\n', { task: 'classification' });
    expect(classes.description.label).toMatchObject({
      task: 'classification',
      taskGiven: true,
      classes: ['0.5', '1.5'],
    });
    expect(Array.from(classes.dataset.y)).toEqual([0, 1, 0]);
    const target = read('x,y\n1,0\n2,1\n3,1\n', { task: 'regression' });
    expect(Array.from(target.dataset.y)).toEqual([0, 1, 1]);
    expect(target.dataset.y).toBeInstanceOf(Float64Array);
  });

  it("a saved model's classes read a file in their order, and refuse a label they lack", async () => {
    const classes = ['setosa', 'versicolor', 'virginica'];
    const table = read('x,s\n1,virginica\n2,setosa\n', { classes });
    expect(Array.from(table.dataset.y)).toEqual([2, 0]);
    await expectError(
      'x,s\n1,virginica\n2,iris\n',
      3,
      2,
      /"iris" in column 2 \(s\) is not one of the model's 3 classes/,
      {
        classes,
      },
    );
  });
});

describe('a label that is missing, or text among numbers to predict', () => {
  it('a missing-value marker in the label column is a row without a label', async () => {
    await expectError(
      'x,y\n1,yes\n2,NA\n3,no\n',
      3,
      2,
      /"NA" in column 2 \(y\) marks a missing label: every row needs a label; fill it in or drop the row \(--task classification reads "NA" as a class of its own\)/,
    );
    // asked to read classes, NA is one
    expect(
      read('x,y\n1,yes\n2,NA\n3,no\n', { task: 'classification' }).description.label?.classes,
    ).toEqual(['NA', 'no', 'yes']);
  });

  it('text among decimal numbers is a bad cell of a target, not a class', async () => {
    await expectError(
      'x,price\n1,2.5\n2,3.1\n3,cheap\n4,4.0\n',
      4,
      2,
      /"cheap" in column 2 \(price\) is not a number, and the column's other labels are numbers with decimals, a target to predict: fix the value or drop the row, or read every value as a class with --task classification/,
    );
    // whole numbers and text are classes: "1", "2" and "many"
    expect(read('x,n\n1,1\n2,2\n3,many\n').description.label?.classes).toEqual(['1', '2', 'many']);
  });
});
