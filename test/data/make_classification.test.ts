import { describe, expect, it } from 'vitest';
import { makeClassification, ParameterError, RandomState } from '../../src/data/index.ts';
import { checkClose } from '../helpers/check_close.ts';
import {
  caseTitle,
  sharedCases,
  sklearnCases,
  toOptions,
  type GeneratorCase,
} from './sklearn_cases.ts';
import { expectParameterError } from './expect_parameter_error.ts';

/**
 * y and every permutation and uniform draw match bit for bit. X matches to an absolute 1e-12,
 * not always to the last bit: numpy takes log from glibc (V8's Math.log may round the other
 * way on rare inputs) and computes X @ A with OpenBLAS, which fuses multiply-adds.
 */
const X_TOLERANCE = { rtol: 0, atol: 1e-12 };

function expectMatches(testCase: GeneratorCase): void {
  const data = makeClassification(toOptions(testCase.params));
  const nFeatures = testCase.params['n_features'] as number;
  expect(data.nSamples).toBe(testCase.y.length);
  expect(data.nFeatures).toBe(nFeatures);
  expect(Array.from(data.y)).toEqual(testCase.y);
  checkClose(data.X, testCase.X.flat(), { ...X_TOLERANCE, label: `X of ${caseTitle(testCase)}` });
}

describe('makeClassification against scikit-learn 1.2.1', () => {
  describe('the shared fixtures (test/fixtures/shared/, copied from ../shared/fixtures/)', () => {
    for (const testCase of sharedCases('sklearn_make_classification.json')) {
      it(caseTitle(testCase), () => expectMatches(testCase));
    }
  });

  describe("the project's fixtures (tools/make_sklearn_fixtures.py)", () => {
    for (const testCase of sklearnCases('make_classification.json')) {
      it(caseTitle(testCase), () => expectMatches(testCase));
    }
  });

  it('takes the defaults of scikit-learn', () => {
    const defaults = sklearnCases('make_classification.json').find(
      (c) => c.params['random_state'] === 0,
    );
    expect(defaults).toBeDefined();
    const data = makeClassification({ randomState: 0 });
    expect(Array.from(data.y)).toEqual(defaults!.y);
    checkClose(data.X, defaults!.X.flat(), { ...X_TOLERANCE, label: 'defaults' });
  });

  it('draws from a RandomState it is given, and advances it', () => {
    const rng = new RandomState(0);
    const first = makeClassification({
      nFeatures: 2,
      nRedundant: 0,
      nClustersPerClass: 1,
      randomState: rng,
    });
    const again = makeClassification({
      nFeatures: 2,
      nRedundant: 0,
      nClustersPerClass: 1,
      randomState: 0,
    });
    expect(Array.from(first.X)).toEqual(Array.from(again.X));
    const second = makeClassification({
      nFeatures: 2,
      nRedundant: 0,
      nClustersPerClass: 1,
      randomState: rng,
    });
    expect(Array.from(second.X)).not.toEqual(Array.from(first.X));
  });

  it('broadcasts a one-value shift or scale list over every feature, as numpy does', () => {
    const base = { nSamples: 10, nFeatures: 3, nRedundant: 0, randomState: 5 } as const;
    const scalar = makeClassification({ ...base, shift: 2, scale: 3 });
    const list = makeClassification({ ...base, shift: [2], scale: [3] });
    expect(Array.from(list.X)).toEqual(Array.from(scalar.X));
  });
});

describe('makeClassification refuses bad parameters', () => {
  const make = (options: Record<string, unknown>) => () => makeClassification(options);

  it('more informative, redundant and repeated features than features', () => {
    expectParameterError(
      make({ nFeatures: 4, nInformative: 2, nRedundant: 2, nRepeated: 1 }),
      'n_features',
      'Number of informative, redundant and repeated features must sum to less than the number of total features: ' +
        'n_informative(2) + n_redundant(2) + n_repeated(1) > n_features(4)',
    );
  });

  it('more clusters than hypercube vertices', () => {
    expectParameterError(
      make({ nInformative: 2, nClasses: 3, nClustersPerClass: 2 }),
      'n_informative',
      'n_classes(3) * n_clusters_per_class(2) must be smaller or equal 2**n_informative(2)=4',
    );
  });

  it('weights of the wrong length', () => {
    expectParameterError(
      make({ weights: [0.2, 0.3, 0.5] }),
      'weights',
      'Weights specified but incompatible with number of classes: weights=[0.2, 0.3, 0.5] is 3 values, n_classes(2) needs 2 or 1',
    );
    expectParameterError(
      make({ weights: 0.5 }),
      'weights',
      'Weights specified but incompatible with number of classes: weights=0.5 is not a list, n_classes(2) needs 2 or 1',
    );
  });

  it('weights that are negative, not numbers, or leave a negative last class', () => {
    expectParameterError(
      make({ weights: [-0.1, 1.1] }),
      'weights',
      'weights must be a list of 2 finite numbers >= 0, got [-0.1, 1.1]',
    );
    expectParameterError(
      make({ weights: [Number.NaN] }),
      'weights',
      'weights must be a list of 1 finite numbers >= 0, got [NaN]',
    );
    expectParameterError(
      make({ weights: [1.5] }),
      'weights',
      /weights=\[1\.5\] sum to more than 1, leaving -0\.5 for the last class/,
    );
  });

  const counts: [string, string, unknown, number][] = [
    ['nSamples', 'n_samples', 0, 1],
    ['nSamples', 'n_samples', 2.5, 1],
    ['nSamples', 'n_samples', '100', 1],
    ['nFeatures', 'n_features', 0, 1],
    ['nInformative', 'n_informative', 0, 1],
    ['nRedundant', 'n_redundant', -1, 0],
    ['nRepeated', 'n_repeated', -2, 0],
    ['nClasses', 'n_classes', 0, 1],
    ['nClustersPerClass', 'n_clusters_per_class', 0, 1],
  ];
  for (const [option, parameter, value, min] of counts) {
    it(`${parameter}=${JSON.stringify(value)}`, () => {
      const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
      expectParameterError(
        make({ [option]: value }),
        parameter,
        `${parameter} must be an integer >= ${min}, got ${shown}`,
      );
    });
  }

  it('flip_y outside [0, 1]', () => {
    expectParameterError(
      make({ flipY: 1.5 }),
      'flip_y',
      'flip_y must be a finite number in [0, 1], got 1.5',
    );
    expectParameterError(
      make({ flipY: -0.1 }),
      'flip_y',
      'flip_y must be a finite number in [0, 1], got -0.1',
    );
  });

  it('class_sep negative or not finite', () => {
    expectParameterError(
      make({ classSep: -1 }),
      'class_sep',
      'class_sep must be a finite number >= 0, got -1',
    );
    expectParameterError(
      make({ classSep: Infinity }),
      'class_sep',
      'class_sep must be a finite number >= 0, got Infinity',
    );
  });

  it('hypercube and shuffle that are not booleans', () => {
    expectParameterError(
      make({ hypercube: 'no' }),
      'hypercube',
      'hypercube must be true or false, got "no"',
    );
    expectParameterError(make({ shuffle: 0 }), 'shuffle', 'shuffle must be true or false, got 0');
  });

  it('shift and scale of the wrong length or not finite', () => {
    expectParameterError(
      make({ nFeatures: 3, nRedundant: 0, shift: [1, 2] }),
      'shift',
      'shift must be a list of 1 or 3 finite numbers, got [1, 2]',
    );
    expectParameterError(
      make({ shift: Number.NaN }),
      'shift',
      'shift must be a finite number, got NaN',
    );
    expectParameterError(
      make({ nFeatures: 2, nRedundant: 0, scale: [1, Infinity] }),
      'scale',
      'scale must be a list of 1 or 2 finite numbers, got [1, Infinity]',
    );
  });

  it('random_state outside 0 … 2**32-1', () => {
    for (const seed of [-1, 2 ** 32, 0.5]) {
      expectParameterError(
        make({ randomState: seed }),
        'random_state',
        `random_state must be an integer from 0 to 2**32 - 1 (4294967295), got ${seed}`,
      );
    }
  });

  it('an option it does not know', () => {
    expectParameterError(
      make({ nSample: 10 }),
      'nSample',
      /make_classification has no option "nSample" \(it takes nSamples, /,
    );
  });

  it('throws ParameterError, an Error', () => {
    expect(make({ nSamples: 0 })).toThrow(ParameterError);
    expect(make({ nSamples: 0 })).toThrow(Error);
  });
});
