import type { Dataset } from './dataset.ts';
import { F64 } from './arithmetic.ts';
import { forwardSample } from './forward.ts';
import { compileNetwork } from './network.ts';
import { HEAD } from './heads.ts';
import type { ModelSpec } from './spec.ts';

/** How a binary classifier does on one split, thresholding σ(logit) at 0.5. */
export interface BinaryMetrics {
  readonly head: 'binary';
  readonly samples: number;
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** area under the ROC curve: the chance a positive scores above a negative (ties count half) */
  readonly rocAuc: number;
  /** [[true negatives, false positives], [false negatives, true positives]]: rows are the labels */
  readonly confusion: readonly [readonly [number, number], readonly [number, number]];
}

/** Precision, recall and F1 averaged over classes, as scikit-learn's average='macro' or 'weighted'. */
export interface AveragedScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/** How a K-class classifier does on one split, predicting the most probable class. */
export interface MulticlassMetrics {
  readonly head: 'multiclass';
  readonly samples: number;
  readonly accuracy: number;
  /** the plain mean over the classes present in the labels or the predictions (scikit-learn's labels=None) */
  readonly macro: AveragedScores;
  /** the mean weighted by each class's count among the labels */
  readonly weighted: AveragedScores;
  /** mean −log p(true class), probabilities clipped to [ε, 1 − ε] as scikit-learn's log_loss */
  readonly logLoss: number;
  /** K×K: rows are the labels, columns the predicted classes */
  readonly confusion: readonly (readonly number[])[];
}

/** How a regression does on one split, in the target's own units. */
export interface RegressionMetrics {
  readonly head: 'regression';
  readonly samples: number;
  readonly mse: number;
  readonly rmse: number;
  readonly mae: number;
  /** 1 − SS_res/SS_tot; where every target is equal, 1 for exact predictions and 0 otherwise (scikit-learn's force_finite) */
  readonly r2: number;
}

export type Metrics = BinaryMetrics | MulticlassMetrics | RegressionMetrics;

/** A regression target's z-score: the network predicts (y − mean) / scale. */
export interface TargetScaling {
  readonly mean: number;
  readonly scale: number;
}

/**
 * What the model predicts for every sample, in float64 from the trained params, one row at a
 * time: per row the head's prediction (binary: P(class 1); multiclass: K probabilities; regression:
 * the value, in the target's units when it was standardized). The data holds the network's inputs
 * (extra features already appended).
 */
export function predictOutputs(
  spec: ModelSpec,
  params: ArrayLike<number>,
  data: Dataset,
  target: TargetScaling | null = null,
): Float64Array {
  const net = compileNetwork(spec);
  const head = HEAD[spec.head];
  const K = spec.outputs;
  const width = head.predictionWidth(K);
  const weights = Float64Array.from(params);
  const act = new Float64Array(net.actFloats);
  const z = new Float64Array(K);
  const out = new Float64Array(data.nSamples * width);
  for (let i = 0; i < data.nSamples; i++) {
    forwardSample(net, weights, data.X, i, act, z, F64);
    head.predict(z, K, out, i * width);
  }
  if (target !== null)
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) * target.scale + target.mean;
  return out;
}

/** σ(logit) of every sample: a binary model's predictOutputs. */
export function predictProbabilities(
  spec: ModelSpec,
  params: ArrayLike<number>,
  data: Dataset,
): Float64Array {
  if (spec.head !== 'binary')
    throw new RangeError(
      `predictProbabilities takes a binary model; this one's head is ${spec.head}`,
    );
  return predictOutputs(spec, params, data);
}

/**
 * The split's metrics for the model's head, from its predictions. `data.y` holds the labels as the
 * user has them (class indices, or targets in their own units); `target` the z-score the network's
 * outputs are in, when the target was standardized.
 */
export function measureModel(
  spec: ModelSpec,
  params: ArrayLike<number>,
  data: Dataset,
  target: TargetScaling | null = null,
): Metrics {
  const predictions = predictOutputs(spec, params, data, target);
  switch (spec.head) {
    case 'binary':
      return metricsOf(predictions, data.y);
    case 'multiclass':
      return multiclassMetrics(predictions, data.y, spec.outputs);
    case 'regression':
      return regressionMetrics(predictions, data.y);
  }
}

/** ROC AUC by ranks (Mann–Whitney U), with tied scores sharing their average rank. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (
      end + 1 < order.length &&
      scores[order[end + 1] as number] === scores[order[start] as number]
    )
      end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (labels[order[k] as number] === 1) {
        positives++;
        rankSum += rank;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** A binary classifier's metrics from σ(logit) per row and the 0/1 labels. */
export function metricsOf(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
): BinaryMetrics {
  let tn = 0,
    fp = 0,
    fn = 0,
    tp = 0;
  for (let i = 0; i < labels.length; i++) {
    const predicted = (probabilities[i] as number) >= 0.5;
    const positive = labels[i] === 1;
    if (positive && predicted) tp++;
    else if (positive) fn++;
    else if (predicted) fp++;
    else tn++;
  }
  // an undefined ratio (nothing predicted or nothing positive) counts as 0, as scikit-learn reports it
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  return {
    head: 'binary',
    samples: labels.length,
    accuracy: labels.length === 0 ? NaN : (tp + tn) / labels.length,
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    rocAuc: rocAuc(probabilities, labels),
    confusion: [
      [tn, fp],
      [fn, tp],
    ],
  };
}

/** The most probable class of each row of N×K probabilities (the first, where two tie, as numpy's argmax). */
export function argmaxRows(probabilities: ArrayLike<number>, K: number): Int32Array {
  const n = Math.floor(probabilities.length / K);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < K; j++)
      if ((probabilities[i * K + j] as number) > (probabilities[i * K + best] as number)) best = j;
    out[i] = best;
  }
  return out;
}

/** The float64 machine epsilon, scikit-learn 1.2's clip for log_loss (eps='auto'). */
const LOG_LOSS_EPS = 2 ** -52;

/**
 * A K-class classifier's metrics from N×K probabilities (row-major) and class indices, as
 * scikit-learn computes them: accuracy_score; precision_recall_fscore_support with
 * average='macro' and 'weighted' over the classes present in the labels or the predictions, an
 * undefined ratio counting 0; log_loss with labels=range(K); confusion_matrix with labels=range(K).
 */
export function multiclassMetrics(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  K: number,
): MulticlassMetrics {
  const n = labels.length;
  const predicted = argmaxRows(probabilities, K);
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  let correct = 0;
  let logLoss = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i] as number;
    const p = predicted[i] as number;
    (confusion[y] as number[])[p] = ((confusion[y] as number[])[p] as number) + 1;
    if (p === y) correct++;
    // rows are renormalized, then clipped, as log_loss does
    let rowSum = 0;
    for (let j = 0; j < K; j++) rowSum += probabilities[i * K + j] as number;
    const q = Math.min(
      1 - LOG_LOSS_EPS,
      Math.max(LOG_LOSS_EPS, (probabilities[i * K + y] as number) / rowSum),
    );
    logLoss -= Math.log(q);
  }
  const support = confusion.map((row) => row.reduce((s, c) => s + c, 0));
  const predictedCount = Array.from({ length: K }, (_, j) =>
    confusion.reduce((s, row) => s + (row[j] as number), 0),
  );
  const present = Array.from({ length: K }, (_, j) => j).filter(
    (j) => (support[j] as number) > 0 || (predictedCount[j] as number) > 0,
  );
  const perClass = present.map((j) => {
    const tp = (confusion[j] as number[])[j] as number;
    const precision = (predictedCount[j] as number) === 0 ? 0 : tp / (predictedCount[j] as number);
    const recall = (support[j] as number) === 0 ? 0 : tp / (support[j] as number);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { precision, recall, f1, support: support[j] as number };
  });
  const average = (weight: (c: (typeof perClass)[number]) => number): AveragedScores => {
    const total = perClass.reduce((s, c) => s + weight(c), 0);
    const mean = (f: (c: (typeof perClass)[number]) => number) =>
      total === 0 ? 0 : perClass.reduce((s, c) => s + weight(c) * f(c), 0) / total;
    return {
      precision: mean((c) => c.precision),
      recall: mean((c) => c.recall),
      f1: mean((c) => c.f1),
    };
  };
  return {
    head: 'multiclass',
    samples: n,
    accuracy: n === 0 ? NaN : correct / n,
    macro: average(() => 1),
    weighted: average((c) => c.support),
    logLoss: n === 0 ? NaN : logLoss / n,
    confusion,
  };
}

/** A regression's metrics from predictions and targets, as scikit-learn's mean_squared_error, mean_absolute_error and r2_score. */
export function regressionMetrics(
  predictions: ArrayLike<number>,
  targets: ArrayLike<number>,
): RegressionMetrics {
  const n = targets.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += targets[i] as number;
  mean /= n;
  let squared = 0;
  let absolute = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const d = (predictions[i] as number) - (targets[i] as number);
    squared += d * d;
    absolute += Math.abs(d);
    total += ((targets[i] as number) - mean) ** 2;
  }
  const mse = n === 0 ? NaN : squared / n;
  const r2 = n === 0 ? NaN : total === 0 ? (squared === 0 ? 1 : 0) : 1 - squared / total;
  return {
    head: 'regression',
    samples: n,
    mse,
    rmse: Math.sqrt(mse),
    mae: n === 0 ? NaN : absolute / n,
    r2,
  };
}
