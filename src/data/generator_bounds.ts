/**
 * The numbers a form can set on each generator, with the bounds the generator's own checks hold
 * them to. The generators check against these intervals, and the page builds its controls from
 * them, so a bound is written once: xor's noise stops at 0.5 in the check and on the page alike.
 */
import type { Interval } from './checks.ts';
import type { GeneratorName } from './generators.ts';

export interface GeneratorBound {
  /** the option as the generator takes it (camelCase) */
  readonly key: 'nSamples' | 'noise' | 'classSep' | 'clusterStd' | 'randomState';
  /** scikit-learn's name, as the generator's messages say it */
  readonly parameter: string;
  readonly integer: boolean;
  readonly interval: Interval;
}

export const SAMPLES_BOUND = {
  key: 'nSamples',
  parameter: 'n_samples',
  integer: true,
  interval: { min: 1 },
} as const satisfies GeneratorBound;
/** scikit-learn's check_random_state: a seed is a 32-bit unsigned integer. */
export const RANDOM_STATE_BOUND = {
  key: 'randomState',
  parameter: 'random_state',
  integer: true,
  interval: { min: 0, max: 0xffffffff },
} as const satisfies GeneratorBound;
/** make_moons, make_circles and make_regression: the standard deviation of Gaussian noise. */
export const GAUSSIAN_NOISE_BOUND = {
  key: 'noise',
  parameter: 'noise',
  integer: false,
  interval: { min: 0 },
} as const satisfies GeneratorBound;
/** TensorFlow Playground's noise slider over 100. */
export const PLAYGROUND_NOISE_BOUND = {
  key: 'noise',
  parameter: 'noise',
  integer: false,
  interval: { min: 0, max: 0.5 },
} as const satisfies GeneratorBound;
export const CLASS_SEP_BOUND = {
  key: 'classSep',
  parameter: 'class_sep',
  integer: false,
  interval: { min: 0 },
} as const satisfies GeneratorBound;
export const CLUSTER_STD_BOUND = {
  key: 'clusterStd',
  parameter: 'cluster_std',
  integer: false,
  interval: { min: 0 },
} as const satisfies GeneratorBound;

/** Each generator's settable numbers, in the order a form lists them. */
export const GENERATOR_BOUNDS: Readonly<Record<GeneratorName, readonly GeneratorBound[]>> = {
  'make-classification': [SAMPLES_BOUND, CLASS_SEP_BOUND, RANDOM_STATE_BOUND],
  'make-moons': [SAMPLES_BOUND, GAUSSIAN_NOISE_BOUND, RANDOM_STATE_BOUND],
  'make-circles': [SAMPLES_BOUND, GAUSSIAN_NOISE_BOUND, RANDOM_STATE_BOUND],
  'make-blobs': [SAMPLES_BOUND, CLUSTER_STD_BOUND, RANDOM_STATE_BOUND],
  'make-regression': [SAMPLES_BOUND, GAUSSIAN_NOISE_BOUND, RANDOM_STATE_BOUND],
  xor: [SAMPLES_BOUND, PLAYGROUND_NOISE_BOUND, RANDOM_STATE_BOUND],
  spiral: [SAMPLES_BOUND, PLAYGROUND_NOISE_BOUND, RANDOM_STATE_BOUND],
  'regress-plane': [SAMPLES_BOUND, PLAYGROUND_NOISE_BOUND, RANDOM_STATE_BOUND],
  'regress-gaussian': [SAMPLES_BOUND, PLAYGROUND_NOISE_BOUND, RANDOM_STATE_BOUND],
};
