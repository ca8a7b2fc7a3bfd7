/** scikit-learn 1.2.1's make_blobs: isotropic Gaussian blobs, one class per blob. */
import {
  booleanOption,
  checkOptionNames,
  integerOption,
  numberListOption,
  numberOption,
  randomStateOption,
} from './checks.ts';
import { makeDataset, type Dataset } from '../core/dataset.ts';
import { CLUSTER_STD_BOUND, SAMPLES_BOUND } from './generator_bounds.ts';
import { ParameterError, describeValue } from './parameter_error.ts';
import type { RandomState } from '../core/random_state.ts';
import { shuffleSamples } from './shuffle_samples.ts';

export interface MakeBlobsOptions {
  readonly nSamples?: number;
  /** features per sample; explicit centers set it from their length */
  readonly nFeatures?: number;
  /** how many blobs (centers drawn in center_box), or each blob's center */
  readonly centers?: number | readonly (readonly number[])[];
  /** standard deviation of every blob, or one per blob */
  readonly clusterStd?: number | readonly number[];
  /** [low, high) of the random centers */
  readonly centerBox?: readonly [number, number];
  readonly shuffle?: boolean;
  /** a seed 0 … 2**32-1, or a RandomState to draw from; omitted: a random seed */
  readonly randomState?: number | RandomState;
}

const OPTION_NAMES = [
  'nSamples',
  'nFeatures',
  'centers',
  'clusterStd',
  'centerBox',
  'shuffle',
  'randomState',
];

/**
 * Gaussian blobs labelled 0 … centers-1, as `sklearn.datasets.make_blobs(**options)`.
 *
 * @example
 * makeBlobs({ nSamples: 200, centers: 2, clusterStd: 1.5, randomState: 0 });
 */
export function makeBlobs(options: MakeBlobsOptions = {}): Dataset {
  checkOptionNames('make_blobs', options, OPTION_NAMES);
  const nSamples = integerOption('n_samples', options.nSamples ?? 100, SAMPLES_BOUND.interval.min);
  const shuffle = booleanOption('shuffle', options.shuffle ?? true);
  const rng = randomStateOption(options.randomState);
  const centers = blobCenters(options, rng);
  const nCenters = centers.length;
  const D = (centers[0] as number[]).length;
  const stds = clusterStds(options.clusterStd ?? 1.0, nCenters);
  const X = new Float64Array(nSamples * D);
  const y = new Int32Array(nSamples);
  let row = 0;
  for (let c = 0; c < nCenters; c++) {
    // floor(N / centers) each, the first N % centers one more
    const count = Math.floor(nSamples / nCenters) + (c < nSamples % nCenters ? 1 : 0);
    const center = centers[c] as number[];
    const std = stds[c] as number;
    for (let i = row * D; i < (row + count) * D; i++)
      X[i] = (center[i % D] as number) + std * rng.standardNormal();
    y.fill(c, row, row + count);
    row += count;
  }
  const dataset = makeDataset(X, y, D);
  return shuffle ? shuffleSamples(dataset, rng) : dataset;
}

/** The given centers, or `centers` many drawn uniform in center_box (C order), as scikit-learn does first. */
function blobCenters(options: MakeBlobsOptions, rng: RandomState): number[][] {
  const centers = options.centers ?? 3;
  if (typeof centers === 'number') {
    const nCenters = integerOption('centers', centers, 1);
    const D = integerOption('n_features', options.nFeatures ?? 2, 1);
    const box = numberListOption('center_box', options.centerBox ?? [-10.0, 10.0], [2]);
    const [low, high] = box as [number, number];
    const drawn = rng.uniformArray(nCenters * D, low, high);
    return Array.from({ length: nCenters }, (_, c) =>
      Array.from(drawn.subarray(c * D, (c + 1) * D)),
    );
  }
  const rows: unknown = centers;
  const first: unknown = Array.isArray(rows) ? rows[0] : undefined;
  if (!Array.isArray(rows) || !Array.isArray(first) || first.length === 0) {
    throw new ParameterError(
      'centers',
      `centers must be a count or a list of points, got ${describeValue(centers)}`,
    );
  }
  const D = first.length;
  if (options.nFeatures !== undefined && options.nFeatures !== D) {
    throw new ParameterError(
      'n_features',
      `n_features=${describeValue(options.nFeatures)} but the centers have ${D} features`,
    );
  }
  return rows.map((center: unknown) => numberListOption('centers', center, [D]));
}

function clusterStds(clusterStd: unknown, nCenters: number): number[] {
  if (typeof clusterStd === 'number') {
    return new Array<number>(nCenters).fill(
      numberOption('cluster_std', clusterStd, CLUSTER_STD_BOUND.interval),
    );
  }
  if (Array.isArray(clusterStd) && clusterStd.length !== nCenters) {
    throw new ParameterError(
      'cluster_std',
      `Length of \`clusters_std\` not consistent with number of centers: cluster_std=${describeValue(clusterStd)} ` +
        `has ${clusterStd.length} values for ${nCenters} centers`,
    );
  }
  return numberListOption('cluster_std', clusterStd, [nCenters], { min: 0 });
}
