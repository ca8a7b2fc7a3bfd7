/**
 * Settings that are likely to diverge or stall, said before the run as TensorFlow Playground users
 * would want: Adam at the tutorial's learning rate, very large steps for gradient descent, and raw
 * features whose scales differ wildly.
 */
import type { Dataset } from '../data/index.ts';
import type { PageState } from './fields.ts';

/** Adam's step is about lr whatever the gradient: past this it overshoots small problems. */
const ADAM_LR_HINT = 0.05;
/** Plain gradient descent on BCE diverges long before this on unscaled data. */
const SGD_LR_HINT = 10;
/** Feature spreads this many times apart make one learning rate wrong for some of them. */
const SCALE_RATIO_HINT = 100;
const MAGNITUDE_HINT = 1e3;

export interface FeatureScale {
  /** the largest |x| of each feature */
  readonly magnitude: number[];
  /** the standard deviation of each feature */
  readonly spread: number[];
}

/** Each feature's largest |x| and standard deviation, in one pass over the data. */
export function featureScale(data: Dataset): FeatureScale {
  const D = data.nFeatures;
  const magnitude = new Array<number>(D).fill(0);
  const sum = new Float64Array(D);
  const squares = new Float64Array(D);
  for (let i = 0; i < data.nSamples; i++) {
    for (let k = 0; k < D; k++) {
      const x = data.X[i * D + k] as number;
      magnitude[k] = Math.max(magnitude[k] as number, Math.abs(x));
      sum[k] = (sum[k] as number) + x;
      squares[k] = (squares[k] as number) + x * x;
    }
  }
  const n = Math.max(1, data.nSamples);
  const spread = Array.from(sum, (s, k) =>
    Math.sqrt(Math.max(0, (squares[k] as number) / n - (s / n) ** 2)),
  );
  return { magnitude, spread };
}

/** What the settings are likely to do badly, in a sentence each; none when all looks sound. */
export function settingHints(
  state: Pick<PageState, 'optimizer' | 'lr'>,
  scale: FeatureScale | null,
): string[] {
  const hints: string[] = [];
  if ((state.optimizer === 'adam' || state.optimizer === 'adamw') && state.lr >= ADAM_LR_HINT)
    hints.push(
      `Adam at lr ${state.lr} takes steps of about ${state.lr} in every weight whatever the gradient, and tends to overshoot and stall: TensorFlow Playground uses 0.03, PyTorch's default is 0.001.`,
    );
  if (state.optimizer !== 'adam' && state.optimizer !== 'adamw' && state.lr >= SGD_LR_HINT)
    hints.push(`lr ${state.lr} is a very large step for gradient descent: the loss may diverge.`);
  if (scale !== null) {
    const spreads = scale.spread.filter((s) => s > 0);
    const ratio = spreads.length > 1 ? Math.max(...spreads) / Math.min(...spreads) : 1;
    const largest = Math.max(0, ...scale.magnitude);
    if (ratio > SCALE_RATIO_HINT || largest > MAGNITUDE_HINT)
      hints.push(
        `The features' scales are far apart (spreads differ ${ratio.toPrecision(2)}×, the largest value is ${largest.toPrecision(3)}): one learning rate cannot suit them all, and the loss may swing or diverge. Standardize the features (subtract each one's mean, divide by its spread) first.`,
      );
  }
  return hints;
}
