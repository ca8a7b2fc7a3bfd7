/**
 * TensorFlow Playground's XOR and spiral data sets (its dataset.ts), drawing from
 * RandomState.uniform where the Playground calls Math.random. Its labels 1 / -1 become 1 / 0.
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
