/**
 * scikit-learn 1.2.1's make_classification, drawing from RandomState in exactly its order:
 * Gaussian clusters on the vertices of a hypercube, then redundant, repeated and useless
 * features, label noise, shift, scale and shuffles.
 */
import { makeDataset, type Dataset } from '../core/dataset.ts';
import { generateHypercube } from './hypercube.ts';
import {
  planClassification,
  type ClassificationPlan,
  type MakeClassificationOptions,
} from './classification_options.ts';
import { shuffleSamples } from './shuffle_samples.ts';

export type { MakeClassificationOptions } from './classification_options.ts';

/**
 * X (N × n_features) and labels 0 … n_classes-1, as
 * `sklearn.datasets.make_classification(**options)` returns them for the same random_state.
 *
 * @example
 * // the tutorial's data: 2 informative features, one cluster per class
 * makeClassification({ nSamples: 100, nFeatures: 2, nRedundant: 0, nClustersPerClass: 1, randomState: 0 });
 */
export function makeClassification(options: MakeClassificationOptions = {}): Dataset {
  const plan = planClassification(options);
  const { nSamples: N, nFeatures: D, nInformative, nUseless, rng } = plan;
  const X = new Float64Array(N * D);
  const y = new Int32Array(N);
  const centroids = clusterCentroids(plan);
  setColumns(X, D, 0, nInformative, rng.standardNormalArray(N * nInformative));
  placeClusters(X, y, centroids, plan);
  addRedundantFeatures(X, plan);
  addRepeatedFeatures(X, plan);
  if (nUseless > 0) setColumns(X, D, D - nUseless, nUseless, rng.standardNormalArray(N * nUseless));
  flipLabels(y, plan);
  shiftAndScale(X, plan);
  const dataset = makeDataset(X, y, D);
  return plan.shuffle ? shuffleFeatures(shuffleSamples(dataset, plan.rng), plan) : dataset;
}

/** Writes `values` (N × width, row-major) into columns first … first+width-1 of X. */
function setColumns(
  X: Float64Array,
  D: number,
  first: number,
  width: number,
  values: Float64Array,
): void {
  const N = X.length / D;
  for (let i = 0; i < N; i++) X.set(values.subarray(i * width, (i + 1) * width), i * D + first);
}

/** One centroid per cluster (clusters × n_informative): hypercube vertices at ±class_sep. */
function clusterCentroids({
  samplesPerCluster,
  nInformative,
  classSep,
  hypercube,
  rng,
}: ClassificationPlan): Float64Array {
  const nClusters = samplesPerCluster.length;
  const centroids = generateHypercube(nClusters, nInformative, rng).map(
    (bit) => bit * (2 * classSep) - classSep,
  );
  if (!hypercube) {
    const rowScale = rng.uniformArray(nClusters);
    const columnScale = rng.uniformArray(nInformative);
    // two separate in-place products, as numpy's `*=` twice rounds
    centroids.forEach(
      (c, i) => (centroids[i] = c * (rowScale[Math.floor(i / nInformative)] as number)),
    );
    centroids.forEach((c, i) => (centroids[i] = c * (columnScale[i % nInformative] as number)));
  }
  return centroids;
}

/** Each cluster's rows: label k % n_classes, a random linear map X_k @ A, then its centroid. */
function placeClusters(
  X: Float64Array,
  y: Int32Array,
  centroids: Float64Array,
  plan: ClassificationPlan,
): void {
  const { nSamples: N, nFeatures: D, nInformative: I, nClasses, samplesPerCluster, rng } = plan;
  let stop = 0;
  samplesPerCluster.forEach((count, k) => {
    // weights summing past 1 overrun N; numpy's slices clip, and so do these
    const start = Math.min(stop, N);
    stop = Math.min(start + count, N);
    y.fill(k % nClasses, start, stop);
    const A = rng.uniformArray(I * I).map((u) => 2 * u - 1);
    const row = new Float64Array(I);
    for (let i = start; i < stop; i++) {
      row.set(X.subarray(i * D, i * D + I));
      for (let j = 0; j < I; j++) {
        let sum = 0;
        for (let m = 0; m < I; m++) sum += (row[m] as number) * (A[m * I + j] as number);
        X[i * D + j] = sum;
      }
      for (let j = 0; j < I; j++)
        X[i * D + j] = (X[i * D + j] as number) + (centroids[k * I + j] as number);
    }
  });
}

/** Redundant features: X[:, :n_informative] @ B for a random B in [-1, 1). */
function addRedundantFeatures(
  X: Float64Array,
  { nSamples: N, nFeatures: D, nInformative: I, nRedundant: R, rng }: ClassificationPlan,
): void {
  if (R === 0) return;
  const B = rng.uniformArray(I * R).map((u) => 2 * u - 1);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < R; j++) {
      let sum = 0;
      for (let m = 0; m < I; m++) sum += (X[i * D + m] as number) * (B[m * R + j] as number);
      X[i * D + I + j] = sum;
    }
  }
}

/** Repeated features: copies of informative or redundant columns picked at random. */
function addRepeatedFeatures(X: Float64Array, plan: ClassificationPlan): void {
  const { nSamples: N, nFeatures: D, nRepeated, rng } = plan;
  if (nRepeated === 0) return;
  const n = plan.nInformative + plan.nRedundant;
  const sources = rng.uniformArray(nRepeated).map((u) => Math.trunc((n - 1) * u + 0.5));
  for (let i = 0; i < N; i++) {
    sources.forEach((source, r) => (X[i * D + n + r] = X[i * D + source] as number));
  }
}

/** Replaces the labels of a random flip_y fraction of samples with random classes. */
function flipLabels(y: Int32Array, { nSamples, nClasses, flipY, rng }: ClassificationPlan): void {
  const draws = rng.uniformArray(nSamples);
  const flipped: number[] = [];
  draws.forEach((u, i) => {
    if (u < flipY) flipped.push(i);
  });
  const labels = rng.randintArray(flipped.length, nClasses);
  flipped.forEach((i, f) => (y[i] = labels[f] as number));
}

/** X += shift, then X *= scale, per feature; null ones are drawn here, shift first. */
function shiftAndScale(
  X: Float64Array,
  { nFeatures: D, classSep, shift, scale, rng }: ClassificationPlan,
): void {
  const shiftBy = shift ?? rng.uniformArray(D).map((u) => (2 * u - 1) * classSep);
  X.forEach((x, i) => (X[i] = x + (shiftBy[i % D] as number)));
  const scaleBy = scale ?? rng.uniformArray(D).map((u) => 1 + 100 * u);
  X.forEach((x, i) => (X[i] = x * (scaleBy[i % D] as number)));
}

/** Permutes the feature columns (rng.shuffle(arange(n_features)), after the sample shuffle). */
function shuffleFeatures(dataset: Dataset, { rng }: ClassificationPlan): Dataset {
  const { X, nFeatures: D } = dataset;
  const order = rng.permutation(D);
  const permuted = X.map((_, i) => X[i - (i % D) + (order[i % D] as number)] as number);
  return makeDataset(permuted, dataset.y, D);
}
