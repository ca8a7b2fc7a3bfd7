#!/usr/bin/python3
"""Writes scikit-learn's iris, wine, digits and diabetes as the CSV files users have, and
scikit-learn's figures on the splits the tests train with.

    /usr/bin/python3 tools/make_datasets.py

Writes, under test/fixtures/datasets/:

- iris.csv: the 150 rows of load_iris(), its four feature names as scikit-learn gives them
  ("sepal length (cm)" …) and a text `species` column (setosa, versicolor, virginica);
- wine.csv: the 178 rows of load_wine(), its 13 feature names and a `cultivar` column
  (class_0, class_1, class_2);
- digits.csv: the 1797 rows of load_digits(), the 64 pixel columns pixel_0_0 … pixel_7_7 (whole
  numbers 0 … 16) and a `digit` label (0 … 9);
- diabetes.csv: the 442 rows of load_diabetes(scaled=False): the raw features (age, sex, bmi,
  bp, s1 … s6) and the `progression` target one year on (a whole number, 25 … 346);
- sklearn_reference.json: per data set, the split the tests ask train() for (re-derived from the
  rule in src/data/split.ts with numpy's RandomState, which webgpu-train ports bit for bit; the
  tests check that webgpu-train picks the same rows) and scikit-learn's figures on it: the test
  accuracy of LogisticRegression after a StandardScaler fitted on the training rows, and for
  diabetes the test R² and MSE of LinearRegression (the floor its test holds a model to).

Every number is written as Python writes it: a whole number without a fraction, any other as its
shortest round-trip repr. Labels are in the files as text; webgpu-train's classes are their sorted
order, as LabelEncoder's, which is scikit-learn's target order for all three.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.datasets import load_diabetes, load_digits, load_iris, load_wine
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.preprocessing import StandardScaler

from make_wdbc import split_sizes, stratified_split

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "datasets")
SEED = 0  # --split-seed's default


def number(x):
    x = float(x)
    return str(int(x)) if x.is_integer() else repr(x)


def write_csv(name, features, label, X, labels):
    lines = [",".join(features + [label])]
    for row, value in zip(X, labels):
        lines.append(",".join([number(x) for x in row] + [value]))
    with open(os.path.join(OUT, f"{name}.csv"), "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def plain_split(n, fractions, seed):
    """src/data/split.ts without stratify: one permutation of the rows, cut in the split sizes."""
    order = np.random.RandomState(seed).permutation(n).astype(np.int32)
    sizes = split_sizes(fractions, n)
    return [order[sum(sizes[:k]): sum(sizes[: k + 1])] for k in range(len(sizes))]


def classification(name, bunch, label, fractions, max_iter):
    classes = [str(c) for c in bunch.target_names]
    # webgpu-train's class indices are the sorted names: scikit-learn's targets, for these three
    assert classes == sorted(classes)
    labels = [classes[t] for t in bunch.target]
    write_csv(name, list(bunch.feature_names), label, bunch.data, labels)
    train, validation, test = stratified_split(bunch.target, fractions, SEED)
    assert len(validation) == 0
    X, y = bunch.data, bunch.target
    scaler = StandardScaler().fit(X[train])
    model = LogisticRegression(max_iter=max_iter).fit(scaler.transform(X[train]), y[train])
    accuracy = model.score(scaler.transform(X[test]), y[test])
    print(f"{name}: {len(y)} rows, {len(train)} train / {len(test)} test; LogisticRegression {accuracy:.4f}")
    return {
        "file": f"{name}.csv",
        "rows": len(y),
        "features": list(bunch.feature_names),
        "label": label,
        "classes": classes,
        "split": {"fractions": fractions, "seed": SEED, "stratify": True, "train": train.tolist(), "test": test.tolist()},
        "logisticRegression": {
            "params": f"StandardScaler fitted on the training rows, then LogisticRegression(max_iter={max_iter})",
            "testAccuracy": accuracy,
        },
    }


def diabetes(fractions):
    bunch = load_diabetes(scaled=False)
    X, y = bunch.data, bunch.target
    assert all(float(t).is_integer() for t in y)
    write_csv("diabetes", list(bunch.feature_names), "progression", X, [number(t) for t in y])
    train, validation, test = plain_split(len(y), fractions, SEED)
    assert len(validation) == 0
    model = LinearRegression().fit(X[train], y[train])
    predicted = model.predict(X[test])
    r2 = r2_score(y[test], predicted)
    mse = mean_squared_error(y[test], predicted)
    print(f"diabetes: {len(y)} rows, {len(train)} train / {len(test)} test; LinearRegression R² {r2:.4f}, MSE {mse:.1f}")
    return {
        "file": "diabetes.csv",
        "rows": len(y),
        "features": list(bunch.feature_names),
        "label": "progression",
        "classes": None,
        "split": {"fractions": fractions, "seed": SEED, "stratify": False, "train": train.tolist(), "test": test.tolist()},
        "linearRegression": {
            "params": "LinearRegression() on the raw features (least squares: the same fit standardized)",
            "testR2": r2,
            "testMse": mse,
        },
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    reference = {
        "source": f"tools/make_datasets.py: scikit-learn {sklearn.__version__}'s bundled data, numpy {np.__version__}",
        "iris": classification("iris", load_iris(), "species", [0.7, 0.0, 0.3], 1000),
        "wine": classification("wine", load_wine(), "cultivar", [0.7, 0.0, 0.3], 1000),
        "digits": classification("digits", load_digits(), "digit", [0.8, 0.0, 0.2], 5000),
        "diabetes": diabetes([0.7, 0.0, 0.3]),
    }
    with open(os.path.join(OUT, "sklearn_reference.json"), "w") as f:
        json.dump(reference, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
