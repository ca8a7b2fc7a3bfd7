#!/usr/bin/python3
"""Writes scikit-learn's classification metrics for webgpu-train's tests to test/fixtures/sklearn/metrics.json.

    /usr/bin/python3 tools/make_metrics_fixtures.py

Each case: probabilities (some tied, some exactly 0.5) and labels, with scikit-learn's accuracy_score,
precision_score, recall_score, f1_score (predictions: probability >= 0.5), roc_auc_score on the
probabilities, and confusion_matrix.
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


def main():
    cases = [case(seed, n) for seed, n in [(0, 50), (1, 200), (2, 1000), (3, 7)]]
    with open(OUT, "w") as f:
        json.dump({"source": f"scikit-learn {sklearn.__version__}, written by tools/make_metrics_fixtures.py", "cases": cases}, f)


if __name__ == "__main__":
    main()
