#!/usr/bin/python3
"""Writes scikit-learn's metrics for webgpu-train's tests: binary classification to
test/fixtures/sklearn/metrics.json, K-class classification and regression to
test/fixtures/sklearn/metrics_heads.json.

    /usr/bin/python3 tools/make_metrics_fixtures.py

Each case: probabilities (some tied, some exactly 0.5) and labels, with scikit-learn's accuracy_score,
precision_score, recall_score, f1_score (predictions: probability >= 0.5), roc_auc_score on the
probabilities, and confusion_matrix. K classes: softmax-like probabilities per row, with
accuracy_score, precision/recall/f1 averaged 'macro' and 'weighted' (predictions: the most probable
class; some classes neither labelled nor predicted, on purpose), log_loss with labels=range(K) and
confusion_matrix with labels=range(K). Regression: mean_squared_error, mean_absolute_error and
r2_score, with a constant target among the cases.
"""
import json
import os

import numpy as np
import sklearn
from sklearn import metrics

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "sklearn", "metrics.json")


def case(seed, n):
    rng = np.random.RandomState(seed)
    labels = rng.randint(0, 2, size=n)
    scores = np.clip(0.5 + (labels - 0.5) * rng.uniform(0, 0.6, size=n) + rng.normal(0, 0.25, size=n), 0, 1)
    scores = np.round(scores, 2)  # ties on purpose
    scores[: n // 10] = 0.5
    predicted = (scores >= 0.5).astype(int)
    return {
        "seed": seed,
        "probabilities": scores.tolist(),
        "labels": labels.tolist(),
        "accuracy": metrics.accuracy_score(labels, predicted),
        "precision": metrics.precision_score(labels, predicted),
        "recall": metrics.recall_score(labels, predicted),
        "f1": metrics.f1_score(labels, predicted),
        "rocAuc": metrics.roc_auc_score(labels, scores),
        "confusion": metrics.confusion_matrix(labels, predicted, labels=[0, 1]).tolist(),
    }


def multiclass_case(seed, n, k, absent):
    rng = np.random.RandomState(seed)
    labels = rng.randint(0, k, size=n)
    labels[np.isin(labels, absent)] = 0
    logits = rng.normal(0, 1, size=(n, k))
    logits[np.arange(n), labels] += 1.5
    logits[:, absent] -= 50  # never predicted either
    probabilities = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    predicted = probabilities.argmax(axis=1)
    average = lambda f, how: f(labels, predicted, average=how, zero_division=0)  # noqa: E731
    return {
        "seed": seed,
        "classes": k,
        "probabilities": probabilities.reshape(-1).tolist(),
        "labels": labels.tolist(),
        "accuracy": metrics.accuracy_score(labels, predicted),
        "macro": {name: average(f, "macro") for name, f in SCORES.items()},
        "weighted": {name: average(f, "weighted") for name, f in SCORES.items()},
        "logLoss": metrics.log_loss(labels, probabilities, labels=list(range(k))),
        "confusion": metrics.confusion_matrix(labels, predicted, labels=list(range(k))).tolist(),
    }


SCORES = {"precision": metrics.precision_score, "recall": metrics.recall_score, "f1": metrics.f1_score}


def regression_case(seed, n, constant=False):
    rng = np.random.RandomState(seed)
    targets = np.full(n, 3.5) if constant else rng.normal(100, 30, size=n)
    predictions = targets + rng.normal(0, 10, size=n)
    return {
        "seed": seed,
        "predictions": predictions.tolist(),
        "targets": targets.tolist(),
        "mse": metrics.mean_squared_error(targets, predictions),
        "mae": metrics.mean_absolute_error(targets, predictions),
        "r2": metrics.r2_score(targets, predictions),
    }


def main():
    cases = [case(seed, n) for seed, n in [(0, 50), (1, 200), (2, 1000), (3, 7)]]
    source = f"scikit-learn {sklearn.__version__}, written by tools/make_metrics_fixtures.py"
    with open(OUT, "w") as f:
        json.dump({"source": source, "cases": cases}, f)
    heads = {
        "source": source,
        "multiclass": [multiclass_case(seed, n, k, absent) for seed, n, k, absent in [(4, 60, 3, []), (5, 300, 4, [2]), (6, 500, 10, [7, 9]), (7, 9, 5, [4])]],
        "regression": [regression_case(8, 40), regression_case(9, 500), regression_case(10, 20, constant=True)],
    }
    with open(os.path.join(os.path.dirname(OUT), "metrics_heads.json"), "w") as f:
        json.dump(heads, f)


if __name__ == "__main__":
    main()
