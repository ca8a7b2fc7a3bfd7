import { describe, expect, it } from 'vitest';
import { makeRegression, makeRegressionWithCoef, RandomState } from '../../src/data/index.ts';
import { thinQ } from '../../src/data/householder_qr.ts';
import { checkClose } from '../helpers/check_close.ts';
import { readFixture } from '../helpers/fixtures.ts';
import { caseTitle, toOptions, type GeneratorCase } from './sklearn_cases.ts';
import { expectParameterError } from './expect_parameter_error.ts';

interface RegressionCase extends GeneratorCase {
  /** make_regression(..., coef=True)'s coefficients, in the shuffled column order */
  coef: number[];
}

const cases = readFixture<{ cases: RegressionCase[] }>('sklearn/make_regression.json').cases;

/**
 * The coefficients (100 × uniform draws, then the feature permutation) match bit for bit. X
 * matches to an absolute 1e-12, not always to the last bit: numpy's Gaussians take log from
 * glibc (V8's Math.log may round the other way), and with an effective rank X comes from
 * LAPACK's QR and BLAS products, which sum in another order (measured: at most 4.4e-16 apart).
 */
const X_TOLERANCE = { rtol: 0, atol: 1e-12 };
/**
 * y = X·coef + bias, summed in BLAS's order: a sum of n products reordered (with or without fused
 * multiply-adds) stays within n·2⁻⁵²·Σ|x·coef| of ours, and X's differences (at most
 * X_TOLERANCE) move it by at most X_TOLERANCE·Σ|coef|. The bound is taken over the rows of the
 * case (about 1e-11 for the defaults; measured 5.7e-14).
 */
function yTolerance(X: Float64Array, coef: Float64Array, nFeatures: number): number {
  const n = coef.filter((c) => c !== 0).length;
  let largest = 0;
  for (let i = 0; i < X.length / nFeatures; i++) {
    let sum = 0;
    coef.forEach((c, j) => (sum += Math.abs((X[i * nFeatures + j] as number) * c)));
    largest = Math.max(largest, sum);
  }
  const coefSum = coef.reduce((sum, c) => sum + Math.abs(c), 0);
  return n * 2 ** -52 * largest + X_TOLERANCE.atol * coefSum;
}

function expectMatches(testCase: RegressionCase): void {
  const { data, coef } = makeRegressionWithCoef(toOptions(testCase.params));
  expect(data.nSamples).toBe(testCase.y.length);
  expect(data.nFeatures).toBe(testCase.params['n_features']);
  expect(data.y).toBeInstanceOf(Float64Array);
  expect(Array.from(coef)).toEqual(testCase.coef);
  checkClose(data.X, testCase.X.flat(), { ...X_TOLERANCE, label: `X of ${caseTitle(testCase)}` });
  const atol = yTolerance(data.X, coef, data.nFeatures);
  checkClose(data.y, testCase.y, { rtol: 0, atol, label: `y of ${caseTitle(testCase)}` });
}

describe('makeRegression against scikit-learn 1.2.1 (tools/make_sklearn_fixtures.py)', () => {
  for (const testCase of cases) it(caseTitle(testCase), () => expectMatches(testCase));

  it('takes the defaults of scikit-learn', () => {
    const defaults = cases.find((c) => c.params['random_state'] === 0);
    expect(defaults?.params['n_samples']).toBe(100);
    const data = makeRegression({ randomState: 0 });
    const { data: same } = makeRegressionWithCoef({ ...toOptions(defaults?.params ?? {}) });
    expect(data.nFeatures).toBe(100);
    expect(Array.from(data.X)).toEqual(Array.from(same.X));
    expect(Array.from(data.y)).toEqual(Array.from(same.y));
  });

  it('draws from a RandomState it is given, and advances it', () => {
    const rng = new RandomState(3);
    const options = { nSamples: 10, nFeatures: 4, nInformative: 2 };
    const first = makeRegression({ ...options, randomState: rng });
    const again = makeRegression({ ...options, randomState: 3 });
    expect(Array.from(first.y)).toEqual(Array.from(again.y));
    const second = makeRegression({ ...options, randomState: rng });
    expect(Array.from(second.y)).not.toEqual(Array.from(first.y));
  });
});

describe("thinQ, the Q of LAPACK's Householder QR", () => {
  it('gives the column [3, 4] as -[3, 4] / 5: dlarfg makes R = -5 (by hand)', () => {
    // the reflector's tau and scale round: a few ulps of 0.6
    checkClose(thinQ(new Float64Array([3, 4]), 2, 1), [-0.6, -0.8], {
      rtol: 0,
      atol: 1e-15,
      label: 'Q of [3, 4]',
    });
  });

  it('has orthonormal columns and an upper triangular QᵀA, for a tall and a square matrix', () => {
    const rng = new RandomState(1);
    for (const [m, n] of [
      [9, 4],
      [5, 5],
    ] as const) {
      const A = rng.standardNormalArray(m * n);
      const Q = thinQ(A, m, n);
      const dot = (M: Float64Array, N: Float64Array, i: number, j: number, w: number) => {
        let sum = 0;
        for (let r = 0; r < m; r++) sum += (M[r * w + i] as number) * (N[r * n + j] as number);
        return sum;
      };
      const gram: number[] = [];
      const identity: number[] = [];
      const belowDiagonal: number[] = [];
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          gram.push(dot(Q, Q, i, j, n));
          identity.push(i === j ? 1 : 0);
          if (i > j) belowDiagonal.push(dot(Q, A, i, j, n));
        }
      }
      // a handful of rounded sums of terms below 1: a few ulps
      checkClose(gram, identity, { rtol: 0, atol: 1e-14, label: `QᵀQ of ${m} × ${n}` });
      checkClose(belowDiagonal, new Array<number>(belowDiagonal.length).fill(0), {
        rtol: 0,
        atol: 1e-13,
        label: `QᵀA below the diagonal, ${m} × ${n}`,
      });
    }
  });
});

describe('makeRegression refuses bad parameters', () => {
  const make = (options: Record<string, unknown>) => () => makeRegression(options);

  it('more than one target', () => {
    expectParameterError(
      make({ nTargets: 2 }),
      'n_targets',
      'n_targets must be 1: a data set here holds one target a row (a regression model has one output), got 2',
    );
    expectParameterError(
      make({ nTargets: 0 }),
      'n_targets',
      'n_targets must be an integer >= 1, got 0',
    );
  });

  it('an effective rank below 1 or not whole', () => {
    for (const rank of [0, 2.5]) {
      expectParameterError(
        make({ effectiveRank: rank }),
        'effective_rank',
        `effective_rank must be an integer >= 1, got ${rank}`,
      );
    }
  });

  it('tail_strength outside [0, 1], negative noise, a bias that is not finite', () => {
    expectParameterError(
      make({ effectiveRank: 2, tailStrength: 1.5 }),
      'tail_strength',
      'tail_strength must be a finite number in [0, 1], got 1.5',
    );
    expectParameterError(
      make({ noise: -1 }),
      'noise',
      'noise must be a finite number >= 0, got -1',
    );
    expectParameterError(
      make({ bias: Infinity }),
      'bias',
      'bias must be a finite number, got Infinity',
    );
  });

  it('counts out of range', () => {
    expectParameterError(
      make({ nSamples: 0 }),
      'n_samples',
      'n_samples must be an integer >= 1, got 0',
    );
    expectParameterError(
      make({ nFeatures: 0 }),
      'n_features',
      'n_features must be an integer >= 1, got 0',
    );
    expectParameterError(
      make({ nInformative: -1 }),
      'n_informative',
      'n_informative must be an integer >= 0, got -1',
    );
  });

  it('an option it does not know, such as coef (makeRegressionWithCoef returns it)', () => {
    expectParameterError(make({ coef: true }), 'coef', /^make_regression has no option "coef"/);
  });
});
