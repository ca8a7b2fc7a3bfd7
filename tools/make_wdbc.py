#!/usr/bin/python3
"""Writes scikit-learn's breast-cancer data as a user keeps it, and scikit-learn's figures on it.

    /usr/bin/python3 tools/make_wdbc.py

Writes, under test/fixtures/wdbc/:

- wdbc.csv: the 569 rows of sklearn.datasets.load_breast_cancer() the way the Wisconsin Diagnostic
  Breast Cancer file usually reaches people (Kaggle's layout): UTF-8 with a BOM, CRLF line ends, an
  `id` column, `diagnosis` as M (malignant) or B (benign), the 30 features under their usual names
  (radius_mean … fractal_dimension_worst, "concave points_mean" with its space, as Kaggle's copy), and a blank line
  at the end. The ids are the row numbers 1 … 569 (scikit-learn does not ship the original ids).
- sklearn_logistic.json: the stratified 0.7 / 0 / 0.3 split that `webgpu-train train --split
  0.7,0,0.3 --stratify` makes (seed 0), re-done here from the rule in src/data/split.ts with numpy's
  RandomState (which webgpu-train ports bit for bit); StandardScaler fitted on its training rows;
  and the test accuracy of scikit-learn's LogisticRegression on it, standardized and raw.

The labels are mapped as webgpu-train maps them by default (LabelEncoder's sorted order): B → 0,
M → 1. The split depends only on those labels and the seed.
"""
import json
import math
import os

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "wdbc")
FRACTIONS = [0.7, 0.0, 0.3]  # train, validation, test, as --split 0.7,0,0.3
SEED = 0  # --split-seed's default


def column_name(sklearn_name):
    """'mean radius' → 'radius_mean', 'radius error' → 'radius_se', 'worst radius' → 'radius_worst'.

    As Kaggle's copy names them: "fractal_dimension" with an underscore, "concave points" with a space.
    """
    sklearn_name = sklearn_name.replace("fractal dimension", "fractal_dimension")
    if sklearn_name.startswith("mean "):
        return sklearn_name[len("mean "):] + "_mean"
    if sklearn_name.endswith(" error"):
        return sklearn_name[: -len(" error")] + "_se"
    if sklearn_name.startswith("worst "):
        return sklearn_name[len("worst "):] + "_worst"
    raise ValueError(sklearn_name)


def write_csv(path, names, X, diagnosis):
    lines = [",".join(["id", "diagnosis"] + names)]
    for i, (row, d) in enumerate(zip(X, diagnosis)):
        lines.append(",".join([str(i + 1), d] + [repr(float(x)) for x in row]))
    text = "\r\n".join(lines) + "\r\n\r\n"  # CRLF, and a blank line at the end
    with open(path, "wb") as f:
        f.write(b"\xef\xbb\xbf" + text.encode("utf-8"))


# --- src/data/split.ts, line for line -------------------------------------------------------------


def largest_remainder(floors, remainders, total):
    left = total - sum(floors)
    order = sorted(range(len(remainders)), key=lambda k: (-remainders[k], k))
    for k in order:
        if left <= 0:
            break
        floors[k] += 1
        left -= 1
    return floors


def split_sizes(fractions, n):
    fraction_sum = sum(fractions)
    exact = [(f / fraction_sum) * n for f in fractions]
    floors = [math.floor(e) for e in exact]
    return largest_remainder(floors, [e - f for e, f in zip(exact, floors)], n)


def class_shares(counts, total):
    count_sum = sum(counts)
    if count_sum == 0:
        return [0 for _ in counts]
    floors = [(c * total) // count_sum for c in counts]
    remainders = [c * total - f * count_sum for c, f in zip(counts, floors)]
    return largest_remainder(floors, remainders, total)


def stratified_split(y, fractions, seed):
    rng = np.random.RandomState(seed)
    sizes = split_sizes(fractions, len(y))
    labels = sorted(set(y.tolist()))
    by_class = [np.flatnonzero(y == label).astype(np.int32) for label in labels]
    remaining = [len(members) for members in by_class]
    per_class = []
    for s, size in enumerate(sizes):
        counts = list(remaining) if s == len(sizes) - 1 else class_shares(remaining, size)
        remaining = [r - c for r, c in zip(remaining, counts)]
        per_class.append(counts)
    for members in by_class:
        rng.shuffle(members)
    taken = [0 for _ in by_class]
    parts = []
    for counts in per_class:
        pieces = []
        for c, count in enumerate(counts):
            pieces.append(by_class[c][taken[c]: taken[c] + count])
            taken[c] += count
        indices = np.concatenate(pieces).astype(np.int32)
        rng.shuffle(indices)
        parts.append(indices)
    return parts


# --------------------------------------------------------------------------------------------------


def main():
    data = load_breast_cancer()
    X = data.data
    names = [column_name(n) for n in data.feature_names]
    diagnosis = ["M" if t == 0 else "B" for t in data.target]  # scikit-learn: 0 malignant, 1 benign
    y = np.array([1 if d == "M" else 0 for d in diagnosis])
    os.makedirs(OUT, exist_ok=True)
    write_csv(os.path.join(OUT, "wdbc.csv"), names, X, diagnosis)

    train, validation, test = stratified_split(y, FRACTIONS, SEED)
    assert len(validation) == 0
    scaler = StandardScaler().fit(X[train])
    standardized = LogisticRegression().fit(scaler.transform(X[train]), y[train])
    standardized_accuracy = standardized.score(scaler.transform(X[test]), y[test])
    # raw features need many more lbfgs iterations to converge
    raw = LogisticRegression(max_iter=100000).fit(X[train], y[train])
    raw_accuracy = raw.score(X[test], y[test])

    fixture = {
        "source": (
            f"tools/make_wdbc.py: scikit-learn {sklearn.__version__} load_breast_cancer, numpy "
            f"{np.__version__}; split re-done from src/data/split.ts (fractions {FRACTIONS}, seed "
            f"{SEED}, stratified, labels B=0 M=1)"
        ),
        "features": names,
        "label": {"name": "diagnosis", "negative": "B", "positive": "M"},
        "split": {"train": train.tolist(), "test": test.tolist()},
        "standardScaler": {"mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist()},
        "logisticRegression": {
            "standardized": {
                "params": "StandardScaler fitted on the training rows, then LogisticRegression() (C=1, lbfgs)",
                "testAccuracy": standardized_accuracy,
                "testCorrect": int(round(standardized_accuracy * len(test))),
            },
            "raw": {
                "params": "LogisticRegression(max_iter=100000) on the raw features",
                "testAccuracy": raw_accuracy,
                "testCorrect": int(round(raw_accuracy * len(test))),
            },
        },
    }
    with open(os.path.join(OUT, "sklearn_logistic.json"), "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(
        f"wrote {len(y)} rows; split {len(train)} train / {len(test)} test; "
        f"LogisticRegression test accuracy {standardized_accuracy:.4f} standardized, {raw_accuracy:.4f} raw"
    )


if __name__ == "__main__":
    main()
