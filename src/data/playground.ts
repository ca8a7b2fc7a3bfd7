/**
 * TensorFlow Playground's XOR and spiral data sets and its two regression sets, plane and
 * multi-Gaussian (its dataset.ts), drawing from RandomState.uniform where the Playground calls
 * Math.random. Its class labels 1 / -1 become 1 / 0; its regression targets stay as they are.
 */
import { checkOptionNames, integerOption, numberOption, randomStateOption } from './checks.ts';
import { makeDataset, type Dataset } from '../core/dataset.ts';
import { PLAYGROUND_NOISE_BOUND, SAMPLES_BOUND } from './generator_bounds.ts';
import type { RandomState } from '../core/random_state.ts';

export interface PlaygroundOptions {
  readonly nSamples?: number;
  /** the Playground's noise slider over 100: 0 … 0.5 */
  readonly noise?: number;
  /** a seed 0 … 2**32-1, or a RandomState to draw from; omitted: a random seed */
  readonly randomState?: number | RandomState;
}

const OPTION_NAMES = ['nSamples', 'noise', 'randomState'];
/** The Playground keeps XOR points this far off the axes. */
const XOR_PADDING = 0.3;

function readOptions(
  generator: string,
  options: PlaygroundOptions,
): { nSamples: number; noise: number; rng: RandomState } {
  checkOptionNames(generator, options, OPTION_NAMES);
  return {
    nSamples: integerOption('n_samples', options.nSamples ?? 200, SAMPLES_BOUND.interval.min),
    noise: numberOption('noise', options.noise ?? 0, PLAYGROUND_NOISE_BOUND.interval),
    rng: randomStateOption(options.randomState),
  };
}

/**
 * Points uniform in the square ±5 (pushed 0.3 off the axes), labelled 1 where x·y >= 0.
 * Noise moves the point only for the labelling; the stored point is the clean one, as in the Playground.
 */
export function xor(options: PlaygroundOptions = {}): Dataset {
  const { nSamples, noise, rng } = readOptions('xor', options);
  const X = new Float64Array(nSamples * 2);
  const y = new Int32Array(nSamples);
  for (let i = 0; i < nSamples; i++) {
    let px = rng.uniform(-5, 5);
    px += px > 0 ? XOR_PADDING : -XOR_PADDING;
    let py = rng.uniform(-5, 5);
    py += py > 0 ? XOR_PADDING : -XOR_PADDING;
    const noiseX = rng.uniform(-5, 5) * noise;
    const noiseY = rng.uniform(-5, 5) * noise;
    X[2 * i] = px;
    X[2 * i + 1] = py;
    y[i] = (px + noiseX) * (py + noiseY) >= 0 ? 1 : 0;
  }
  return makeDataset(X, y, 2);
}

/**
 * Two interleaved spiral arms: label 1 first, then label 0 turned by π.
 * Both arms follow the Playground's curve for n = N / 2; for odd N the first arm gets the
 * extra point (ceil(N / 2) points, then floor(N / 2)).
 */
export function spiral(options: PlaygroundOptions = {}): Dataset {
  const { nSamples, noise, rng } = readOptions('spiral', options);
  const n = nSamples / 2;
  const X = new Float64Array(nSamples * 2);
  const y = new Int32Array(nSamples);
  let row = 0;
  const arm = (count: number, deltaT: number, label: number): void => {
    for (let i = 0; i < count; i++, row++) {
      const r = (i / n) * 5;
      const t = ((1.75 * i) / n) * 2 * Math.PI + deltaT;
      X[2 * row] = r * Math.sin(t) + rng.uniform(-1, 1) * noise;
      X[2 * row + 1] = r * Math.cos(t) + rng.uniform(-1, 1) * noise;
      y[row] = label;
    }
  };
  arm(Math.ceil(n), 0, 1);
  arm(Math.floor(n), Math.PI, 0);
  return makeDataset(X, y, 2);
}

/** The regression sets' points lie in the square ±6, as their noise offsets do before scaling. */
const REGRESSION_RADIUS = 6;

/**
 * The Playground's per-point draws for regression: the point, then an offset that noise
 * scales, which moves the point only for its target (the stored point is the clean one).
 */
function regressionPoints(
  generator: string,
  options: PlaygroundOptions,
  target: (x: number, y: number) => number,
): Dataset {
  const { nSamples, noise, rng } = readOptions(generator, options);
  const X = new Float64Array(nSamples * 2);
  const y = new Float64Array(nSamples);
  const r = REGRESSION_RADIUS;
  for (let i = 0; i < nSamples; i++) {
    const px = rng.uniform(-r, r);
    const py = rng.uniform(-r, r);
    const noiseX = rng.uniform(-r, r) * noise;
    const noiseY = rng.uniform(-r, r) * noise;
    X[2 * i] = px;
    X[2 * i + 1] = py;
    y[i] = target(px + noiseX, py + noiseY);
  }
  return makeDataset(X, y, 2);
}

/**
 * Points uniform in the square ±6 with target (x + y) / 10 (the Playground's linear scale from
 * [-10, 10] to [-1, 1]), taken at the noisy point.
 */
export function regressPlane(options: PlaygroundOptions = {}): Dataset {
  return regressionPoints('regress-plane', options, (x, y) => (x + y) / 10);
}

/** The Playground's six bumps: centre x, centre y, sign. */
const GAUSSIANS: readonly (readonly [number, number, number])[] = [
  [-4, 2.5, 1],
  [0, 2.5, -1],
  [4, 2.5, 1],
  [-4, -2.5, -1],
  [0, -2.5, 1],
  [4, -2.5, -1],
];
/** A bump falls linearly from 1 at its centre to 0 at this distance, and stays 0 beyond. */
const BUMP_RADIUS = 2;

/**
 * Points uniform in the square ±6; the target is the bump of largest magnitude at the noisy
 * point, each bump sign · max(0, 1 - distance / 2) around one of six centres in two rows.
 */
export function regressGaussian(options: PlaygroundOptions = {}): Dataset {
  return regressionPoints('regress-gaussian', options, (x, y) => {
    let target = 0;
    for (const [cx, cy, sign] of GAUSSIANS) {
      const distance = Math.hypot(x - cx, y - cy);
      const bump = sign * Math.min(1, Math.max(0, 1 - distance / BUMP_RADIUS));
      if (Math.abs(bump) > Math.abs(target)) target = bump;
    }
    return target;
  });
}
