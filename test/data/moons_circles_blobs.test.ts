import { describe, expect, it } from 'vitest';
import {
  generators,
  makeBlobs,
  makeCircles,
  makeMoons,
  type Dataset,
} from '../../src/data/index.ts';
import { checkClose } from '../helpers/check_close.ts';
import { expectParameterError } from './expect_parameter_error.ts';
import { caseTitle, sklearnCases, toOptions, type GeneratorCase } from './sklearn_cases.ts';

/**
 * Labels and shuffles match bit for bit. The points match to the last bit or two: numpy's
 * sin, cos (moons, circles) and log (the noise) are not V8's. Moons and circles lie within
 * ±2 and hold 1e-14; blob centers reach ±10 and hold 1e-12.
 */
function expectMatches(
  make: (options: Record<string, unknown>) => Dataset,
  testCase: GeneratorCase,
  atol: number,
): void {
  const data = make(toOptions(testCase.params));
  expect(Array.from(data.y)).toEqual(testCase.y);
  expect(data.nFeatures).toBe(testCase.X[0]!.length);
  checkClose(data.X, testCase.X.flat(), { rtol: 0, atol, label: `X of ${caseTitle(testCase)}` });
}

describe('makeMoons against scikit-learn 1.2.1', () => {
  for (const testCase of sklearnCases('make_moons.json')) {
    it(caseTitle(testCase), () => expectMatches(makeMoons, testCase, 1e-14));
  }
});

describe('makeCircles against scikit-learn 1.2.1', () => {
  for (const testCase of sklearnCases('make_circles.json')) {
    it(caseTitle(testCase), () => expectMatches(makeCircles, testCase, 1e-14));
  }
});

describe('makeBlobs against scikit-learn 1.2.1', () => {
  for (const testCase of sklearnCases('make_blobs.json')) {
    it(caseTitle(testCase), () => expectMatches(makeBlobs, testCase, 1e-12));
  }
});

describe('moons, circles and blobs refuse bad parameters', () => {
  it('n_samples that is not a positive integer', () => {
    expectParameterError(
      () => makeMoons({ nSamples: 0 }),
      'n_samples',
      'n_samples must be an integer >= 1, got 0',
    );
    expectParameterError(
      () => makeCircles({ nSamples: 3.5 }),
      'n_samples',
      'n_samples must be an integer >= 1, got 3.5',
    );
    expectParameterError(
      () => makeBlobs({ nSamples: -4 }),
      'n_samples',
      'n_samples must be an integer >= 1, got -4',
    );
  });

  it('negative or non-finite noise', () => {
    expectParameterError(
      () => makeMoons({ noise: -0.1 }),
      'noise',
      'noise must be a finite number >= 0, got -0.1',
    );
    expectParameterError(
      () => makeCircles({ noise: Number.NaN }),
      'noise',
      'noise must be a finite number >= 0, got NaN',
    );
  });

  it("circles' factor outside [0, 1)", () => {
    for (const factor of [1, -0.1, 2, Number.NaN]) {
      expectParameterError(
        () => makeCircles({ factor }),
        'factor',
        `'factor' has to be between 0 and 1. Got factor=${factor}`,
      );
    }
  });

  it('shuffle that is not a boolean, an unknown option, a bad random_state', () => {
    expectParameterError(
      () => generators['make-moons']({ shuffle: 'yes' }),
      'shuffle',
      'shuffle must be true or false, got "yes"',
    );
    expectParameterError(
      () => generators['make-moons']({ factor: 0.5 }),
      'factor',
      'make_moons has no option "factor" (it takes nSamples, shuffle, noise, randomState)',
    );
    expectParameterError(
      () => makeCircles({ randomState: -3 }),
      'random_state',
      'random_state must be an integer from 0 to 2**32 - 1 (4294967295), got -3',
    );
  });

  it('blob centers that are not a count or a list of points', () => {
    expectParameterError(
      () => makeBlobs({ centers: 0 }),
      'centers',
      'centers must be an integer >= 1, got 0',
    );
    expectParameterError(
      () => makeBlobs({ centers: [] }),
      'centers',
      'centers must be a count or a list of points, got []',
    );
    expectParameterError(
      () => makeBlobs({ centers: [[0, 0], [1]] }),
      'centers',
      'centers must be a list of 2 finite numbers, got [1]',
    );
    expectParameterError(
      () => makeBlobs({ centers: [[0, 0, 0]], nFeatures: 2 }),
      'n_features',
      'n_features=2 but the centers have 3 features',
    );
  });

  it('cluster_std of the wrong length or negative', () => {
    expectParameterError(
      () => makeBlobs({ centers: 3, clusterStd: [1, 2] }),
      'cluster_std',
      'Length of `clusters_std` not consistent with number of centers: cluster_std=[1, 2] has 2 values for 3 centers',
    );
    expectParameterError(
      () => makeBlobs({ clusterStd: -1 }),
      'cluster_std',
      'cluster_std must be a finite number >= 0, got -1',
    );
    expectParameterError(
      () => makeBlobs({ centers: 2, clusterStd: [1, -1] }),
      'cluster_std',
      'cluster_std must be a list of 2 finite numbers >= 0, got [1, -1]',
    );
  });

  it('a center box that is not two finite numbers', () => {
    expectParameterError(
      () => makeBlobs({ centerBox: [0, Infinity] }),
      'center_box',
      'center_box must be a list of 2 finite numbers, got [0, Infinity]',
    );
  });
});

describe('moons and circles shapes', () => {
  it('put floor(N/2) points in the outer shape (label 0) and the rest in the inner one', () => {
    for (const make of [makeMoons, makeCircles]) {
      const data = make({ nSamples: 7, shuffle: false });
      expect(Array.from(data.y)).toEqual([0, 0, 0, 1, 1, 1, 1]);
    }
  });

  it('need no random_state when nothing is drawn, and are the same every time', () => {
    const a = makeMoons({ nSamples: 9, shuffle: false });
    const b = makeMoons({ nSamples: 9, shuffle: false });
    expect(Array.from(a.X)).toEqual(Array.from(b.X));
  });
});
