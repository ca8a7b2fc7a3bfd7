import { describe, expect, it } from 'vitest';
import {
  CsvError,
  ParameterError,
  predictTableOptions,
  readTableText,
  savedColumnsOf,
  type PredictColumnRequest,
  type SavedColumns,
} from '../../src/data/index.ts';

const TRAINING = 'id,diagnosis,radius,area\n1,M,17.5,1001\n2,B,13,520\n';
const trained = (): SavedColumns =>
  savedColumnsOf(readTableText(TRAINING, { label: 'diagnosis', ignore: ['id'] }).description);

/** Reads `text` for the model trained on TRAINING, as predict does. */
function readForModel(
  text: string,
  request: PredictColumnRequest = {},
  /** null: a model saved before columns were */
  saved: SavedColumns | null = trained(),
) {
  return readTableText(text, {
    source: 'new.csv',
    keepPassthrough: true,
    ...predictTableOptions(saved ?? undefined, 2, request),
  });
}

describe('the columns a model was trained on', () => {
  it('are saved by name and number from 1, with the label mapping', () => {
    expect(trained()).toEqual({
      header: true,
      names: ['id', 'diagnosis', 'radius', 'area'],
      features: [3, 4],
      label: 2,
      ignored: [1],
      labels: { negative: 'B', positive: 'M' },
    });
  });

  it('find the features by name in any order, and score the label when it is there', () => {
    const table = readForModel('area,id,radius,diagnosis\n520,9,13,B\n1001,8,17.5,M\n');
    expect(Array.from(table.dataset.X)).toEqual([13, 520, 17.5, 1001]);
    expect(Array.from(table.dataset.y)).toEqual([0, 1]);
    expect(table.passthrough?.names).toEqual(['id', 'diagnosis']);
  });

  it('read a file without the label column as unlabelled, passing the id through', () => {
    const table = readForModel('id,radius,area\n9,13,520\n');
    expect(table.description.label).toBeNull();
    expect(table.passthrough?.rows).toEqual([['9']]);
  });

  it('go by place without a header: all the training columns, or all but the label', () => {
    const labelled = readForModel('9,B,13,520\n8,M,17.5,1001\n');
    expect(Array.from(labelled.dataset.X)).toEqual([13, 520, 17.5, 1001]);
    expect(Array.from(labelled.dataset.y)).toEqual([0, 1]);
    const unlabelled = readForModel('9,13,520\n8,17.5,1001\n');
    expect(Array.from(unlabelled.dataset.X)).toEqual([13, 520, 17.5, 1001]);
    expect(unlabelled.description.label).toBeNull();
  });

  it('take --label and --ignore over what was saved', () => {
    const table = readForModel(
      '13;520;yes;x\n17,5;1001;no;y\n',
      { label: '4', ignore: ['3'] },
      {
        ...trained(),
        labels: { negative: 'x', positive: 'y' },
      },
    );
    expect(Array.from(table.dataset.X)).toEqual([13, 520, 17.5, 1001]);
    expect(Array.from(table.dataset.y)).toEqual([0, 1]);
  });

  it('of a model saved before columns were: x0… then y, or x0… alone', () => {
    const labelled = readForModel('x0,x1,y\n1,2,1\n', {}, null);
    expect(Array.from(labelled.dataset.y)).toEqual([1]);
    expect(readForModel('x0,x1\n1,2\n', {}, null).description.label).toBeNull();
  });

  it('refuse a file that lacks a feature, has a column the model does not know, or another label', () => {
    const refusal = (text: string, request: PredictColumnRequest = {}) => {
      try {
        readForModel(text, request);
      } catch (error) {
        expect(error).toBeInstanceOf(CsvError);
        return (error as CsvError).message;
      }
      throw new Error('no error');
    };
    expect(refusal('id,radius\n1,2\n')).toMatch(
      /^new\.csv:1:1: the model needs the feature column area, which the header lacks; the header has id, radius$/,
    );
    expect(refusal('id,radius,area,notes\n1,2,3,x\n')).toMatch(
      /^new\.csv:1:4: column 4 \(notes\) is not a feature of the model, nor a column left out when it was trained; pass it through with --ignore notes$/,
    );
    expect(refusal('id,radius,area,diagnosis\n1,2,3,X\n')).toMatch(
      /^new\.csv:2:4: the label "X" in column 4 \(diagnosis\) is not one the model knows: it reads "B" as 0 and "M" as 1$/,
    );
    expect(refusal('1,2\n')).toMatch(
      /^new\.csv:1:1: the file has 2 columns; the model was trained on 4 \(3 without the label\)/,
    );
    expect(refusal('id,radius,area\n1,2,3\n', { label: 'radius' })).toMatch(
      /column 2 \(radius\) is a feature of the model; it cannot be the label/,
    );
  });

  it('refuse a --positive other than the one the model was trained with', () => {
    expect(() => predictTableOptions(trained(), 2, { positive: 'B' })).toThrow(ParameterError);
    expect(() => predictTableOptions(trained(), 2, { positive: 'B' })).toThrow(
      /--positive "B": the model reads "M" as 1 \(and "B" as 0\), as it was trained/,
    );
    expect(() => predictTableOptions(trained(), 2, { positive: 'M' })).not.toThrow();
  });
});
