import type { Dataset } from './dataset.ts';
import { F64 } from './arithmetic.ts';
import { forwardSample } from './forward.ts';
import { compileNetwork } from './network.ts';
import type { ModelSpec } from './spec.ts';

/** How a model does on one split, thresholding σ(logit) at 0.5. */
export interface Metrics {
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

/**
 * σ(logit) of every sample, in float64 from the trained params, one row at a time. The data holds
 * the network's inputs (extra features already appended).
 */
export function predictProbabilities(
  spec: ModelSpec,
  params: ArrayLike<number>,
  data: Dataset,
): Float64Array {
  const net = compileNetwork(spec);
  const weights = Float64Array.from(params);
  const act = new Float64Array(net.actFloats);
  const logit = new Float64Array(1);
  const out = new Float64Array(data.nSamples);
  for (let i = 0; i < data.nSamples; i++) {
    forwardSample(net, weights, data.X, i, act, logit, F64);
    out[i] = 1 / (1 + Math.exp(-(logit[0] as number)));
  }
  return out;
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

export function metricsOf(probabilities: ArrayLike<number>, labels: ArrayLike<number>): Metrics {
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
