#!/usr/bin/python3
"""Writes the scikit-learn / numpy reference fixtures for src/data under test/fixtures/sklearn/.

Run with Debian bookworm's packages (python3-sklearn 1.2.1, numpy 1.24):

    /usr/bin/python3 tools/make_sklearn_fixtures.py

Every case stores its parameters (scikit-learn's snake_case names) next to the output,
so a test can rebuild the call. Floats are written by json, i.e. shortest round-trip repr.
"""

import inspect
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.datasets import make_blobs, make_circles, make_classification, make_moons, make_regression

OUT_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "sklearn"))
SOURCE = f"scikit-learn {sklearn.__version__}, numpy {np.__version__} (legacy RandomState), Python {sys.version.split()[0]}"

CLASSIFICATION_DEFAULTS = dict(
    n_samples=100,
    n_features=20,
    n_informative=2,
    n_redundant=2,
    n_repeated=0,
    n_classes=2,
    n_clusters_per_class=2,
    weights=None,
    flip_y=0.01,
    class_sep=1.0,
    hypercube=True,
    shift=0.0,
    scale=1.0,
    shuffle=True,
)

# (what the case exercises, parameters that differ from the defaults)
CLASSIFICATION_CASES = [
    ("the tutorial's data set at scale", dict(n_samples=1000, n_features=2, n_redundant=0, n_clusters_per_class=1, random_state=7)),
    ("all defaults: 20 features, 2 redundant, 16 useless; 4 clusters on 4 vertices (reservoir, no draws)", dict(random_state=0)),
    ("all defaults, another seed", dict(random_state=2**32 - 1)),
    ("repeated features", dict(n_samples=50, n_features=10, n_informative=3, n_redundant=2, n_repeated=3, random_state=1)),
    ("weights of length n_classes - 1, odd n_samples", dict(n_samples=101, n_features=4, weights=[0.9], random_state=2)),
    ("weights for 3 classes", dict(n_samples=60, n_features=5, n_informative=3, n_redundant=1, n_classes=3, n_clusters_per_class=1, weights=[0.2, 0.3, 0.5], random_state=3)),
    ("an empty class", dict(n_samples=30, n_features=3, n_redundant=0, n_clusters_per_class=1, weights=[1.0, 0.0], random_state=4)),
    ("hypercube=False", dict(n_samples=40, n_features=5, n_informative=3, n_redundant=1, hypercube=False, random_state=5)),
    ("shift=None, scale=None", dict(n_samples=40, n_features=6, shift=None, scale=None, random_state=6)),
    ("shift and scale per feature", dict(n_samples=20, n_features=2, n_redundant=0, n_clusters_per_class=1, shift=[1.5, -2.0], scale=[0.5, 3.0], random_state=8)),
    ("three classes, two clusters each", dict(n_samples=90, n_features=6, n_informative=3, n_redundant=1, n_classes=3, random_state=9)),
    ("n_informative > 30: hypercube hstacks randint(2) columns", dict(n_samples=20, n_features=35, n_informative=33, n_redundant=2, n_clusters_per_class=1, random_state=10)),
    ("flip_y=0", dict(n_samples=50, n_features=3, n_redundant=0, flip_y=0.0, random_state=11)),
    ("flip_y=0.5", dict(n_samples=50, n_features=3, n_redundant=0, flip_y=0.5, random_state=12)),
    ("ratio <= 0.01: tracking selection", dict(n_samples=30, n_features=12, n_informative=10, n_redundant=1, n_clusters_per_class=1, random_state=13)),
    ("0.99 <= ratio < 1: reservoir sampling with a draw", dict(n_samples=300, n_features=7, n_informative=7, n_redundant=0, n_classes=127, n_clusters_per_class=1, random_state=14)),
    ("shuffle=False", dict(n_samples=25, n_features=4, shuffle=False, random_state=15)),
    ("fewer samples than clusters", dict(n_samples=3, n_features=4, class_sep=2.5, random_state=16)),
    ("one sample", dict(n_samples=1, n_features=2, n_redundant=0, n_clusters_per_class=1, random_state=17)),
    ("one class", dict(n_samples=10, n_features=3, n_informative=1, n_redundant=0, n_classes=1, n_clusters_per_class=1, random_state=18)),
]

MOONS_CASES = [
    dict(n_samples=100, random_state=0),
    dict(n_samples=100, noise=0.1, random_state=0),
    dict(n_samples=101, noise=0.3, random_state=42),
    dict(n_samples=7, shuffle=False),
    dict(n_samples=7, shuffle=False, noise=0.2, random_state=1),
    dict(n_samples=1, random_state=3),
    dict(n_samples=2, noise=0.05, random_state=2**32 - 1),
]

CIRCLES_CASES = [
    dict(n_samples=100, random_state=0),
    dict(n_samples=100, noise=0.05, factor=0.5, random_state=0),
    dict(n_samples=101, noise=0.1, random_state=42),
    dict(n_samples=9, shuffle=False, factor=0.0),
    dict(n_samples=9, shuffle=False, noise=0.2, random_state=1),
    dict(n_samples=1, random_state=3),
]

BLOBS_CASES = [
    dict(random_state=0),
    dict(n_samples=101, n_features=3, centers=4, random_state=1),
    dict(n_samples=50, centers=[[0.0, 0.0], [5.0, 5.0], [-3.0, 4.0]], cluster_std=[0.5, 1.0, 2.0], random_state=2),
    dict(n_samples=40, n_features=4, centers=2, cluster_std=0.25, center_box=(-5.0, 5.0), random_state=3),
    dict(n_samples=7, centers=3, shuffle=False, random_state=4),
    dict(n_samples=20, centers=[[1.0, 2.0, 3.0]], cluster_std=0.0, random_state=5),
]

REGRESSION_DEFAULTS = dict(
    n_samples=100,
    n_features=100,
    n_informative=10,
    n_targets=1,
    bias=0.0,
    effective_rank=None,
    tail_strength=0.5,
    noise=0.0,
    shuffle=True,
)

# (what the case exercises, parameters that differ from the defaults)
REGRESSION_CASES = [
    ("all defaults: 100 x 100, 10 informative", dict(random_state=0)),
    ("the default 100 features on 20 samples, the largest seed", dict(n_samples=20, random_state=2**32 - 1)),
    ("noise and bias", dict(n_samples=50, n_features=5, n_informative=3, noise=1.5, bias=10.0, random_state=1)),
    ("n_informative above n_features is clipped to it", dict(n_samples=30, n_features=3, n_informative=10, random_state=2)),
    ("no informative feature: y is the bias plus noise", dict(n_samples=20, n_features=4, n_informative=0, bias=-3.0, noise=0.5, random_state=3)),
    ("shuffle=False", dict(n_samples=25, n_features=6, n_informative=2, noise=0.1, shuffle=False, random_state=4)),
    ("one sample", dict(n_samples=1, n_features=3, n_informative=2, random_state=5)),
    ("one feature", dict(n_samples=40, n_features=1, n_informative=1, noise=2.0, random_state=6)),
    ("effective_rank, more samples than features", dict(n_samples=60, n_features=20, n_informative=5, effective_rank=5, random_state=7)),
    ("effective_rank, fewer samples than features: u from a square QR", dict(n_samples=15, n_features=40, n_informative=8, effective_rank=3, tail_strength=0.2, noise=0.05, random_state=8)),
    ("effective_rank with no tail, unshuffled", dict(n_samples=30, n_features=30, n_informative=30, effective_rank=10, tail_strength=0.0, shuffle=False, random_state=9)),
    ("effective_rank with the tail alone", dict(n_samples=12, n_features=7, n_informative=4, effective_rank=2, tail_strength=1.0, bias=5.0, random_state=10)),
    ("effective_rank, the tutorial's size", dict(n_samples=1000, n_features=2, n_informative=2, effective_rank=1, noise=0.01, random_state=11)),
]

RANDOM_STATE_SEEDS = [0, 1, 42, 123456789, 2**32 - 1]


def dataset(X, y):
    return {"X": X.tolist(), "y": y.tolist()}


def classification_cases():
    cases = []
    for what, overrides in CLASSIFICATION_CASES:
        params = {**CLASSIFICATION_DEFAULTS, **overrides}
        X, y = make_classification(**params)
        cases.append({"what": what, "params": params, **dataset(X, y)})
    return cases


def regression_cases():
    """make_regression with coef=True: the coefficients after the feature shuffle are 100 * uniform
    draws in the shuffled order, so a test can hold the permutation and the draws bit for bit."""
    # the defaults written above are scikit-learn's own (the tests take the random_state=0 case as them)
    signature = inspect.signature(make_regression).parameters
    assert all(signature[name].default == value for name, value in REGRESSION_DEFAULTS.items()), "REGRESSION_DEFAULTS"
    cases = []
    for what, overrides in REGRESSION_CASES:
        params = {**REGRESSION_DEFAULTS, **overrides}
        X, y, coef = make_regression(**params, coef=True)
        # one sample squeezes y to a 0-d array and one feature the coefficients
        cases.append({"what": what, "params": params, **dataset(X, np.atleast_1d(y)), "coef": np.atleast_1d(coef).tolist()})
    return cases


def generator_cases(fn, case_list):
    cases = []
    for params in case_list:
        X, y = fn(**params)
        cases.append({"params": {k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items()}, **dataset(X, y)})
    return cases


def random_state_ops(rs):
    """One stream of calls on a single RandomState: checks each method and that they share the state."""
    ops = []

    def record(op, args, size, out):
        ops.append({"op": op, "args": args, "size": size, "out": np.asarray(out).tolist()})

    record("uint32", [], 8, rs.randint(0, 2**32, size=8, dtype=np.uint64))
    record("random_sample", [], 8, rs.random_sample(size=8))
    record("standard_normal", [], 9, rs.standard_normal(size=9))
    # the polar method caches its second value; other draws must not disturb the cache
    record("standard_normal", [], None, rs.standard_normal())
    record("random_sample", [], None, rs.random_sample())
    record("standard_normal", [], None, rs.standard_normal())
    record("normal", [3.0, 2.0], 5, rs.normal(3.0, 2.0, size=5))
    record("uniform", [-10.0, 10.0], 5, rs.uniform(-10.0, 10.0, size=5))
    record("uniform", [], None, rs.uniform())
    record("randint", [2], 10, rs.randint(2, size=10))
    record("randint", [10], None, rs.randint(10))
    record("randint", [-5, 7], 10, rs.randint(-5, 7, size=10))
    record("randint", [3, 4], 3, rs.randint(3, 4, size=3))  # a range of one value draws nothing
    record("randint", [0, 1000], 6, rs.randint(0, 1000, size=6))
    record("randint", [0, 2**31 + 1], 6, rs.randint(0, 2**31 + 1, size=6))
    record("randint", [0, 2**32 - 1], 4, rs.randint(0, 2**32 - 1, size=4))
    record("randint", [0, 2**32], 4, rs.randint(0, 2**32, size=4))
    record("permutation", [10], None, rs.permutation(10))
    record("permutation", [1], None, rs.permutation(1))
    values = np.arange(7) * 10
    rs.shuffle(values)
    record("shuffle", [(np.arange(7) * 10).tolist()], None, values)
    record("random_sample", [], 3, rs.random_sample(size=3))
    return ops


def random_state_cases():
    cases = [{"seed": seed, "ops": random_state_ops(np.random.RandomState(seed))} for seed in RANDOM_STATE_SEEDS]
    # long streams: several refills of the 624-word state, and many logs in the polar method
    long_rs = np.random.RandomState(0)
    cases.append({"seed": 0, "ops": [{"op": "uint32", "args": [], "size": 1500, "out": long_rs.randint(0, 2**32, size=1500, dtype=np.uint64).tolist()}]})
    long_rs = np.random.RandomState(2024)
    cases.append({"seed": 2024, "ops": [{"op": "standard_normal", "args": [], "size": 3000, "out": long_rs.standard_normal(size=3000).tolist()}]})
    return cases


def write(name, cases):
    path = os.path.join(OUT_DIR, name)
    with open(path, "w") as f:
        json.dump({"source": SOURCE, "cases": cases}, f, separators=(",", ":"))
        f.write("\n")
    print(f"{path}: {len(cases)} cases, {os.path.getsize(path)} bytes")


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    write("make_classification.json", classification_cases())
    write("make_moons.json", generator_cases(make_moons, MOONS_CASES))
    write("make_circles.json", generator_cases(make_circles, CIRCLES_CASES))
    write("make_blobs.json", generator_cases(make_blobs, BLOBS_CASES))
    write("make_regression.json", regression_cases())
    write("random_state.json", random_state_cases())


if __name__ == "__main__":
    main()
