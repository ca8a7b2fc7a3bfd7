/**
 * A plain word after a run whose result is poor, with its likely cause, as a person who knows
 * gradient descent would say it: the loss ended above where it started, or never settled, or the
 * accuracy is no better than always answering the largest class. Nothing is said of a run that
 * went well.
 */
import { numberWords } from '../core/options.ts';
import type { XY } from './loss_series.ts';

export interface RunOutcomeFigures {
  /** the loss curve as drawn (the train curve), in order of x */
  readonly curve: readonly XY[];
  /** whether a loss or a param stopped being finite */
  readonly diverged: boolean;
  /** the training split's accuracy, and the share of its largest class */
  readonly accuracy: number | null;
  readonly chance: number | null;
  /** a regression's R² on the training split */
  readonly r2: number | null;
  /** the settings that are the likely causes */
  readonly lr: number;
  readonly adam: boolean;
  /** the raw features' scale warning where the features are not standardized, else null */
  readonly scaleWarning: string | null;
}

/** How far the loss may still swing over the last fifth of a run, against its level there, and be settled. */
const SETTLED_SWING = 0.5;
/** An accuracy within this of the largest class's share is at chance; an R² below this is no fit. */
const CHANCE_MARGIN = 0.02;

const percent = (x: number) => `${(x * 100).toFixed(1)} %`;

/** The learning rate's likely share of the blame, and what to try. */
function lrAdvice(o: RunOutcomeFigures): string {
  const smaller = Number((o.lr / 10).toPrecision(2));
  const standardize =
    o.scaleWarning === null ? '' : ', or tick Standardize: the raw features differ widely in scale';
  return `the learning rate (${o.lr}) is likely too large for this model and data: try ${smaller}${standardize}`;
}

/** The word to say after a run, or null when its result gives no cause for one. */
export function runVerdict(o: RunOutcomeFigures): string | null {
  if (o.diverged) return `The loss stopped being finite: ${lrAdvice(o)}.`;
  const values = o.curve.map((p) => p.y).filter(Number.isFinite);
  const first = values[0];
  const last = values.at(-1);
  if (first !== undefined && last !== undefined && values.length >= 2 && last > first)
    return `The loss ended above where it started (${round(last)}, from ${round(first)}): ${lrAdvice(o)}.`;
  const end = o.curve.at(-1)?.x ?? 0;
  const start = o.curve[0]?.x ?? 0;
  const tail = o.curve.filter((p) => p.x >= end - (end - start) / 5).map((p) => p.y);
  if (tail.length >= 5) {
    const sorted = [...tail].sort((a, b) => a - b);
    const middle = sorted[Math.floor(sorted.length / 2)] as number;
    const swing = ((sorted.at(-1) as number) - (sorted[0] as number)) / Math.max(middle, 1e-12);
    if (swing > SETTLED_SWING)
      return `The loss never settled: over the last fifth of the run it still swung between ${round(sorted[0] as number)} and ${round(sorted.at(-1) as number)}. ${capitalize(lrAdvice(o))}${o.adam ? '' : ', or raise Batch size for steadier steps'}.`;
  }
  if (o.accuracy !== null && o.chance !== null && o.accuracy <= o.chance + CHANCE_MARGIN)
    return `The accuracy, ${percent(o.accuracy)}, is no better than always answering the largest class (${percent(o.chance)} of the rows): the model found nothing to separate the classes by. Try more epochs or a larger learning rate${o.scaleWarning === null ? '' : ', tick Standardize (the raw features differ widely in scale)'}, or hidden layers where a line cannot split the classes.`;
  if (o.r2 !== null && o.r2 <= CHANCE_MARGIN)
    return `R² is ${round(o.r2)}: the model predicts no better than the targets' mean would. Try more epochs or a larger learning rate${o.scaleWarning === null ? '' : ', tick Standardize (the raw features differ widely in scale)'}, or hidden layers where the target is not a plane in the features.`;
  return null;
}

const round = (x: number) => numberWords(Number(x.toPrecision(3)));
const capitalize = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
