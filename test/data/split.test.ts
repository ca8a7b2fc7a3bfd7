import { describe, expect, it } from 'vitest';
import {
  makeClassification,
  makeDataset,
  splitDataset,
  type Dataset,
} from '../../src/data/index.ts';
import { expectParameterError } from './expect_parameter_error.ts';

/** A data set whose first feature is the sample's index, so a split can be traced back. */
function indexed(labels: readonly number[]): Dataset {
  const N = labels.length;
  return makeDataset(
    Float64Array.from({ length: 2 * N }, (_, k) => (k % 2 === 0 ? k / 2 : -k)),
    Int32Array.from(labels),
    2,
  );
}

function sourceRows(part: Dataset): number[] {
  return Array.from({ length: part.nSamples }, (_, i) => part.X[2 * i]!);
}

const labels70 = Array.from({ length: 100 }, (_, i) => (i % 10 < 7 ? 0 : 1)); // 70 of class 0, 30 of class 1

describe('splitDataset', () => {
  it('defaults to 80 % train, 20 % test, no validation', () => {
    const { train, validation, test } = splitDataset(indexed(labels70));
    expect([train.nSamples, validation.nSamples, test.nSamples]).toEqual([80, 0, 20]);
    expect(validation.nFeatures).toBe(2);
  });

  it('rounds sizes by largest remainder so they sum to N', () => {
    const sizes = (N: number, train: number, validation: number, test: number): number[] => {
      const parts = splitDataset(indexed(new Array<number>(N).fill(0)), {
        train,
        validation,
        test,
      });
      return [parts.train.nSamples, parts.validation.nSamples, parts.test.nSamples];
    };
    expect(sizes(10, 0.7, 0.15, 0.15)).toEqual([7, 2, 1]);
    expect(sizes(3, 1 / 3, 1 / 3, 1 / 3)).toEqual([1, 1, 1]);
    expect(sizes(1, 0.8, 0, 0.2)).toEqual([1, 0, 0]);
    expect(sizes(7, 0.5, 0.25, 0.25)).toEqual([3, 2, 2]); // 3.5, 1.75, 1.75: the .75s round up
  });

  it('fills in a fraction left out from the others', () => {
    const data = indexed(labels70);
    expect(splitDataset(data, { train: 0.6 }).test.nSamples).toBe(40);
    expect(splitDataset(data, { test: 0.1 }).train.nSamples).toBe(90);
    const { train, validation, test } = splitDataset(data, { validation: 0.1 });
    expect([train.nSamples, validation.nSamples, test.nSamples]).toEqual([70, 10, 20]);
  });

  it('is the same for the same seed and different for another', () => {
    const data = indexed(labels70);
    const a = splitDataset(data, { seed: 3, validation: 0.1 });
    const b = splitDataset(data, { seed: 3, validation: 0.1 });
    const c = splitDataset(data, { seed: 4, validation: 0.1 });
    expect(sourceRows(a.train)).toEqual(sourceRows(b.train));
    expect(sourceRows(a.test)).toEqual(sourceRows(b.test));
    expect(sourceRows(a.train)).not.toEqual(sourceRows(c.train));
  });

  for (const stratify of [false, true]) {
    it(`${stratify ? 'stratified: ' : ''}the splits are disjoint, cover every sample once and keep rows whole`, () => {
      const data = indexed(labels70);
      const parts = splitDataset(data, {
        train: 0.6,
        validation: 0.25,
        test: 0.15,
        seed: 8,
        stratify,
      });
      const rows = [parts.train, parts.validation, parts.test].flatMap(sourceRows);
      expect([...rows].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
      for (const part of [parts.train, parts.validation, parts.test]) {
        sourceRows(part).forEach((row, i) => {
          expect(part.X[2 * i + 1]).toBe(-(2 * row + 1));
          expect(part.y[i]).toBe(labels70[row]);
        });
      }
    });
  }

  it('stratified: every split keeps the 70/30 class proportions', () => {
    const parts = splitDataset(indexed(labels70), {
      train: 0.6,
      validation: 0.2,
      test: 0.2,
      seed: 1,
      stratify: true,
    });
    const ones = (part: Dataset): number => Array.from(part.y).reduce((n, y) => n + y, 0);
    expect([parts.train.nSamples, parts.validation.nSamples, parts.test.nSamples]).toEqual([
      60, 20, 20,
    ]);
    expect([ones(parts.train), ones(parts.validation), ones(parts.test)]).toEqual([18, 6, 6]);
  });

  it('stratified: shares round so that split sizes stay exact and no class is over-drawn', () => {
    const data = makeClassification({
      nSamples: 101,
      nFeatures: 2,
      nRedundant: 0,
      weights: [0.83],
      flipY: 0,
      randomState: 2,
    });
    const classOnes = Array.from(data.y).reduce((n, y) => n + y, 0);
    const parts = splitDataset(data, {
      train: 0.7,
      validation: 0.15,
      test: 0.15,
      seed: 5,
      stratify: true,
    });
    const sizes = [parts.train, parts.validation, parts.test].map((p) => p.nSamples);
    expect(sizes).toEqual([71, 15, 15]);
    const ones = [parts.train, parts.validation, parts.test].map((p) =>
      Array.from(p.y).reduce((n, y) => n + y, 0),
    );
    expect(ones.reduce((a, b) => a + b, 0)).toBe(classOnes);
    ones.forEach((count, s) =>
      expect(Math.abs(count - (classOnes * sizes[s]!) / 101)).toBeLessThan(1),
    );
  });

  it('stratified: mixes the classes within each split', () => {
    const { train } = splitDataset(indexed(labels70), { seed: 2, stratify: true });
    const firstOne = Array.from(train.y).indexOf(1);
    expect(firstOne).toBeGreaterThanOrEqual(0);
    expect(firstOne).toBeLessThan(train.nSamples - 24); // not all 56 zeros first
  });

  it('refuses fractions that do not sum to 1 or leave [0, 1]', () => {
    const data = indexed(labels70);
    expectParameterError(
      () => splitDataset(data, { train: 0.7, test: 0.2 }),
      'train',
      'train + validation + test must be 1, got 0.7 + 0 + 0.2 = 0.8999999999999999',
    );
    expectParameterError(
      () => splitDataset(data, { train: 1.2 }),
      'train',
      'train must be a finite number in [0, 1], got 1.2',
    );
    expectParameterError(
      () => splitDataset(data, { validation: -0.1 }),
      'validation',
      'validation must be a finite number in [0, 1], got -0.1',
    );
    expectParameterError(
      () => splitDataset(data, { test: Number.NaN }),
      'test',
      'test must be a finite number in [0, 1], got NaN',
    );
    expectParameterError(
      () => splitDataset(data, { validation: 0.9 }),
      'train',
      /train \+ validation \+ test must be 1, got -0\.0999/,
    );
  });

  it('accepts fractions that sum to 1 within 1e-9', () => {
    expect(() => splitDataset(indexed(labels70), { train: 0.1 + 0.2, test: 0.7 })).not.toThrow();
  });

  it('refuses a bad seed, stratify that is not a boolean, an unknown option', () => {
    const data = indexed(labels70);
    expectParameterError(
      () => splitDataset(data, { seed: -1 }),
      'seed',
      'seed must be an integer from 0 to 4294967295, got -1',
    );
    expectParameterError(
      () => splitDataset(data, { stratify: 'yes' as unknown as boolean }),
      'stratify',
      'stratify must be true or false, got "yes"',
    );
    expectParameterError(
      () => splitDataset(data, { valid: 0.1 } as never),
      'valid',
      'splitDataset has no option "valid" (it takes train, validation, test, seed, stratify)',
    );
  });
});
