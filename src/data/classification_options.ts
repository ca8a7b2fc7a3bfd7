/**
 * make_classification's options: scikit-learn 1.2.1's parameters and defaults, checked,
 * and the per-cluster sample counts derived from them as scikit-learn derives them.
 */
import {
  booleanOption,
  checkOptionNames,
  integerOption,
  numberListOption,
  numberOption,
  randomStateOption,
} from './checks.ts';
import { CLASS_SEP_BOUND, SAMPLES_BOUND } from './generator_bounds.ts';
import { ParameterError, describeValue } from './parameter_error.ts';
import type { RandomState } from '../core/random_state.ts';

export interface MakeClassificationOptions {
  readonly nSamples?: number;
  readonly nFeatures?: number;
  readonly nInformative?: number;
  readonly nRedundant?: number;
  readonly nRepeated?: number;
  readonly nClasses?: number;
  readonly nClustersPerClass?: number;
  /** fraction of samples per class; n_classes - 1 values get the rest as the last; null: equal */
  readonly weights?: readonly number[] | null;
  readonly flipY?: number;
  readonly classSep?: number;
  readonly hypercube?: boolean;
  /** added to every feature: one number, one per feature, or null for uniform in ±class_sep */
  readonly shift?: number | readonly number[] | null;
  /** multiplies every feature after the shift: one number, one per feature, or null for 1 … 101 */
  readonly scale?: number | readonly number[] | null;
  readonly shuffle?: boolean;
  /** a seed 0 … 2**32-1, or a RandomState to draw from; omitted: a random seed */
  readonly randomState?: number | RandomState;
}

const OPTION_NAMES = [
  'nSamples',
  'nFeatures',
  'nInformative',
  'nRedundant',
  'nRepeated',
  'nClasses',
  'nClustersPerClass',
  'weights',
  'flipY',
  'classSep',
  'hypercube',
  'shift',
  'scale',
  'shuffle',
  'randomState',
] as const;

/** The checked options, with per-feature shift and scale (null: drawn at random). */
export interface ClassificationPlan {
  readonly nSamples: number;
  readonly nFeatures: number;
  readonly nInformative: number;
  readonly nRedundant: number;
  readonly nRepeated: number;
  readonly nUseless: number;
  readonly nClasses: number;
  readonly samplesPerCluster: readonly number[];
  readonly flipY: number;
  readonly classSep: number;
  readonly hypercube: boolean;
  readonly shift: Float64Array | null;
  readonly scale: Float64Array | null;
  readonly shuffle: boolean;
  readonly rng: RandomState;
}

export function planClassification(options: MakeClassificationOptions): ClassificationPlan {
  checkOptionNames('make_classification', options, OPTION_NAMES);
  const nSamples = integerOption('n_samples', options.nSamples ?? 100, SAMPLES_BOUND.interval.min);
  const nFeatures = integerOption('n_features', options.nFeatures ?? 20, 1);
  const nInformative = integerOption('n_informative', options.nInformative ?? 2, 1);
  const nRedundant = integerOption('n_redundant', options.nRedundant ?? 2, 0);
  const nRepeated = integerOption('n_repeated', options.nRepeated ?? 0, 0);
  const nClasses = integerOption('n_classes', options.nClasses ?? 2, 1);
  const nClustersPerClass = integerOption(
    'n_clusters_per_class',
    options.nClustersPerClass ?? 2,
    1,
  );
  checkFeatureCounts(nFeatures, nInformative, nRedundant, nRepeated);
  checkClusterCount(nInformative, nClasses, nClustersPerClass);
  const weights = classWeights(options.weights ?? null, nClasses);
  return {
    nSamples,
    nFeatures,
    nInformative,
    nRedundant,
    nRepeated,
    nUseless: nFeatures - nInformative - nRedundant - nRepeated,
    nClasses,
    samplesPerCluster: samplesPerCluster(nSamples, weights, nClustersPerClass),
    flipY: numberOption('flip_y', options.flipY ?? 0.01, { min: 0, max: 1 }),
    classSep: numberOption('class_sep', options.classSep ?? 1.0, CLASS_SEP_BOUND.interval),
    hypercube: booleanOption('hypercube', options.hypercube ?? true),
    shift: perFeature('shift', options.shift === undefined ? 0 : options.shift, nFeatures),
    scale: perFeature('scale', options.scale === undefined ? 1 : options.scale, nFeatures),
    shuffle: booleanOption('shuffle', options.shuffle ?? true),
    rng: randomStateOption(options.randomState),
  };
}

function checkFeatureCounts(
  nFeatures: number,
  nInformative: number,
  nRedundant: number,
  nRepeated: number,
): void {
  if (nInformative + nRedundant + nRepeated > nFeatures) {
    throw new ParameterError(
      'n_features',
      'Number of informative, redundant and repeated features must sum to less than the number of total features: ' +
        `n_informative(${nInformative}) + n_redundant(${nRedundant}) + n_repeated(${nRepeated}) > n_features(${nFeatures})`,
    );
  }
}

function checkClusterCount(
  nInformative: number,
  nClasses: number,
  nClustersPerClass: number,
): void {
  // scikit-learn compares n_informative with log2(clusters); the integer form avoids rounding
  if (nClasses * nClustersPerClass > 2 ** nInformative) {
    throw new ParameterError(
      'n_informative',
      `n_classes(${nClasses}) * n_clusters_per_class(${nClustersPerClass}) must be smaller or equal ` +
        `2**n_informative(${nInformative})=${(2n ** BigInt(nInformative)).toString()}`,
    );
  }
}

/** The class weights, n_classes long: given whole, completed with 1 - sum, or equal. */
function classWeights(weights: unknown, nClasses: number): number[] {
  if (weights === null) return Array.from({ length: nClasses }, () => 1.0 / nClasses);
  if (!Array.isArray(weights) || (weights.length !== nClasses && weights.length !== nClasses - 1)) {
    const length = Array.isArray(weights) ? `${weights.length} values` : 'not a list';
    throw new ParameterError(
      'weights',
      `Weights specified but incompatible with number of classes: weights=${describeValue(weights)} is ${length}, ` +
        `n_classes(${nClasses}) needs ${nClasses} or ${nClasses - 1}`,
    );
  }
  const given = numberListOption('weights', weights, [weights.length], { min: 0 });
  if (given.length === nClasses) return given;
  const rest = 1.0 - given.reduce((sum, w) => sum + w, 0);
  if (rest < -1e-9) {
    throw new ParameterError(
      'weights',
      `weights=${describeValue(weights)} sum to more than 1, leaving ${rest} for the last class`,
    );
  }
  return [...given, rest];
}

/** Samples per cluster: each class's share split evenly, the remainder dealt out in turn. */
function samplesPerCluster(
  nSamples: number,
  weights: readonly number[],
  nClustersPerClass: number,
): number[] {
  const nClasses = weights.length;
  const counts = Array.from({ length: nClasses * nClustersPerClass }, (_, k) =>
    Math.trunc((nSamples * (weights[k % nClasses] as number)) / nClustersPerClass),
  );
  const dealt = nSamples - counts.reduce((sum, n) => sum + n, 0);
  for (let i = 0; i < dealt; i++)
    counts[i % counts.length] = (counts[i % counts.length] as number) + 1;
  return counts;
}

/** shift or scale as one value per feature; null stays null (drawn later, in scikit-learn's order). */
function perFeature(parameter: string, value: unknown, nFeatures: number): Float64Array | null {
  if (value === null) return null;
  if (typeof value === 'number')
    return new Float64Array(nFeatures).fill(numberOption(parameter, value));
  // numpy broadcasts a one-value list over every feature
  const list = numberListOption(parameter, value, nFeatures === 1 ? [1] : [1, nFeatures]);
  return list.length === 1
    ? new Float64Array(nFeatures).fill(list[0] as number)
    : Float64Array.from(list);
}
