/**
 * The data generators by the names the command line and the page show. Each takes an
 * options object (camelCase scikit-learn parameters) and checks it at run time, so options
 * read from flags or a form can be passed as they are.
 */
import type { Dataset } from '../core/dataset.ts';
import { makeBlobs } from './make_blobs.ts';
import { makeClassification } from './make_classification.ts';
import { makeRegression } from './make_regression.ts';
import { makeCircles, makeMoons } from './moons_and_circles.ts';
import { regressGaussian, regressPlane, spiral, xor } from './playground.ts';

export type GeneratorName =
  | 'make-classification'
  | 'make-moons'
  | 'make-circles'
  | 'make-blobs'
  | 'make-regression'
  | 'xor'
  | 'spiral'
  | 'regress-plane'
  | 'regress-gaussian';

/** Options as they come from outside: checked by the generator, unknown names refused. */
export type GeneratorOptions = Readonly<Record<string, unknown>>;

export type Generator = (options?: GeneratorOptions) => Dataset;

/**
 * @example
 * generators['make-moons']({ nSamples: 200, noise: 0.1, randomState: 0 });
 */
export const generators: Readonly<Record<GeneratorName, Generator>> = {
  'make-classification': makeClassification,
  'make-moons': makeMoons,
  'make-circles': makeCircles,
  'make-blobs': makeBlobs,
  'make-regression': makeRegression,
  xor,
  spiral,
  'regress-plane': regressPlane,
  'regress-gaussian': regressGaussian,
};

export const generatorNames = Object.keys(generators) as GeneratorName[];
