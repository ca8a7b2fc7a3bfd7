/** scikit-learn 1.2.1's make_moons and make_circles: two 2-D shapes, one per class. */
import {
  booleanOption,
  checkOptionNames,
  integerOption,
  numberOption,
  randomStateOption,
} from './checks.ts';
import { makeDataset, type Dataset } from '../core/dataset.ts';
import { GAUSSIAN_NOISE_BOUND, SAMPLES_BOUND } from './generator_bounds.ts';
import { linspace } from './linspace.ts';
import { ParameterError, describeValue } from './parameter_error.ts';
import type { RandomState } from '../core/random_state.ts';
import { shuffleSamples } from './shuffle_samples.ts';

export interface MakeMoonsOptions {
  readonly nSamples?: number;
  readonly shuffle?: boolean;
  /** standard deviation of Gaussian noise added to every coordinate; null: none */
  readonly noise?: number | null;
  /** a seed 0 … 2**32-1, or a RandomState to draw from; omitted: a random seed */
  readonly randomState?: number | RandomState;
}

export interface MakeCirclesOptions extends MakeMoonsOptions {
  /** inner radius over outer radius, in [0, 1) */
  readonly factor?: number;
}

interface TwoShapes {
  /** first class (label 0): floor(N / 2) points */
  readonly outerX: Float64Array;
  readonly outerY: Float64Array;
  /** second class (label 1): the other ceil(N / 2) */
  readonly innerX: Float64Array;
  readonly innerY: Float64Array;
}

/**
 * Two interleaving half circles, as `sklearn.datasets.make_moons(**options)`.
 *
 * @example
 * makeMoons({ nSamples: 200, noise: 0.1, randomState: 0 });
 */
export function makeMoons(options: MakeMoonsOptions = {}): Dataset {
  checkOptionNames('make_moons', options, ['nSamples', 'shuffle', 'noise', 'randomState']);
  const nSamples = integerOption('n_samples', options.nSamples ?? 100, SAMPLES_BOUND.interval.min);
  const nOut = Math.floor(nSamples / 2);
  const nIn = nSamples - nOut;
  const outer = linspace(0, Math.PI, nOut);
  const inner = linspace(0, Math.PI, nIn);
  return finishShapes(
    {
      outerX: outer.map(Math.cos),
      outerY: outer.map(Math.sin),
      innerX: inner.map((t) => 1 - Math.cos(t)),
      innerY: inner.map((t) => 1 - Math.sin(t) - 0.5),
    },
    options,
  );
}

/**
 * A small circle inside a large one, as `sklearn.datasets.make_circles(**options)`.
 *
 * @example
 * makeCircles({ nSamples: 200, noise: 0.05, factor: 0.5, randomState: 0 });
 */
export function makeCircles(options: MakeCirclesOptions = {}): Dataset {
  checkOptionNames('make_circles', options, [
    'nSamples',
    'shuffle',
    'noise',
    'randomState',
    'factor',
  ]);
  const nSamples = integerOption('n_samples', options.nSamples ?? 100, SAMPLES_BOUND.interval.min);
  const factor = options.factor ?? 0.8;
  if (typeof factor !== 'number' || !(factor >= 0 && factor < 1)) {
    throw new ParameterError(
      'factor',
      `'factor' has to be between 0 and 1. Got factor=${describeValue(factor)}`,
    );
  }
  const nOut = Math.floor(nSamples / 2);
  const nIn = nSamples - nOut;
  // endpoint=False, so that the first point is not also the last
  const outer = linspace(0, 2 * Math.PI, nOut, false);
  const inner = linspace(0, 2 * Math.PI, nIn, false);
  return finishShapes(
    {
      outerX: outer.map(Math.cos),
      outerY: outer.map(Math.sin),
      innerX: inner.map((t) => Math.cos(t) * factor),
      innerY: inner.map((t) => Math.sin(t) * factor),
    },
    options,
  );
}

/** Stacks the two shapes (outer first), then shuffles and adds noise in scikit-learn's order. */
function finishShapes(shapes: TwoShapes, options: MakeMoonsOptions): Dataset {
  const shuffle = booleanOption('shuffle', options.shuffle ?? true);
  const noise = options.noise ?? null;
  const noiseScale =
    noise === null ? null : numberOption('noise', noise, GAUSSIAN_NOISE_BOUND.interval);
  const rng = randomStateOption(options.randomState);
  const nOut = shapes.outerX.length;
  const N = nOut + shapes.innerX.length;
  const X = new Float64Array(N * 2);
  for (let i = 0; i < N; i++) {
    X[2 * i] = (i < nOut ? shapes.outerX[i] : shapes.innerX[i - nOut]) as number;
    X[2 * i + 1] = (i < nOut ? shapes.outerY[i] : shapes.innerY[i - nOut]) as number;
  }
  const y = Int32Array.from({ length: N }, (_, i) => (i < nOut ? 0 : 1));
  const dataset = shuffle ? shuffleSamples(makeDataset(X, y, 2), rng) : makeDataset(X, y, 2);
  if (noiseScale === null) return dataset;
  const displacement = rng.normalArray(N * 2, 0, noiseScale);
  const noisy = dataset.X.map((x, i) => x + (displacement[i] as number));
  return makeDataset(noisy, dataset.y, 2);
}
