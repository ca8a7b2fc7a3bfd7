#!/usr/bin/python3
"""Writes PyTorch training trajectories for webgpu-train's tests to test/fixtures/torch/.

Run with Debian's packages (apt-get install python3-sklearn python3-torch):
    /usr/bin/python3 tools/make_torch_fixtures.py

Each case trains Sequential(Linear(D,1), Sigmoid()) with BCELoss (mean) by full-batch
gradient descent, param -= lr * grad after zero_grad() and backward(), exactly as the
tutorial does; losses[t] is the loss before update t. The data is scikit-learn's and is
stored in the fixture (X row-major, y), so the trainer is tested apart from the generators.
"""
import json
import os

import numpy as np
import sklearn
import torch
from sklearn.datasets import make_classification, make_moons

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "torch")


def train(X, y, weight, bias, lr, steps, dtype):
    torch.set_num_threads(1)
    Xt = torch.tensor(X, dtype=dtype)
    yt = torch.tensor(y, dtype=dtype).reshape(-1, 1)
    model = torch.nn.Sequential(torch.nn.Linear(X.shape[1], 1), torch.nn.Sigmoid()).to(dtype)
    with torch.no_grad():
        model[0].weight.copy_(torch.tensor([weight], dtype=dtype))
        model[0].bias.copy_(torch.tensor([bias], dtype=dtype))
    loss_fn = torch.nn.BCELoss()
    losses = []
    for _ in range(steps):
        model.zero_grad()
        loss = loss_fn(model(Xt), yt)
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                p -= lr * p.grad
    with torch.no_grad():
        accuracy = ((model(Xt) >= 0.5).to(dtype) == yt).to(torch.float64).mean().item()
    return {
        "losses": losses,
        "w": model[0].weight.detach().reshape(-1).tolist(),
        "b": model[0].bias.detach().item(),
        "accuracy": accuracy,
    }


def case(name, generator, params, X, y, weight, bias, lr=0.1, steps=1000):
    return {
        "name": name,
        "data": {"generator": generator, **params},
        "X": X.tolist(),
        "y": y.astype(int).tolist(),
        "init": {"weight": weight, "bias": bias},
        "lr": lr,
        "steps": steps,
        "float32": train(X, y, weight, bias, lr, steps, torch.float32),
        "float64": train(X, y, weight, bias, lr, steps, torch.float64),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = []
    tutorial = dict(n_features=2, n_redundant=0, n_clusters_per_class=1)
    p = dict(n_samples=1000, random_state=7, **tutorial)
    X, y = make_classification(**p)
    cases.append(case("rs7_n1000", "make_classification", p, X, y, [0.3, 0.7], -0.2))
    p = dict(n_samples=257, random_state=3, **tutorial)
    X, y = make_classification(**p)
    cases.append(case("rs3_n257_lr0.5", "make_classification", p, X, y, [-0.05, 0.02], 0.0, lr=0.5, steps=600))
    p = dict(n_samples=300, n_features=3, n_informative=3, n_redundant=0, n_clusters_per_class=1, random_state=11)
    X, y = make_classification(**p)
    cases.append(case("d3_rs11", "make_classification", p, X, y, [0.1, 0.2, -0.3], 0.05, steps=500))
    p = dict(n_samples=500, n_features=8, n_informative=4, n_redundant=2, n_clusters_per_class=1, random_state=5)
    X, y = make_classification(**p)
    cases.append(case("d8_rs5", "make_classification", p, X, y, [0.05 * k - 0.2 for k in range(8)], 0.1, steps=500))
    p = dict(n_samples=200, noise=0.1, random_state=1)
    X, y = make_moons(**p)
    cases.append(case("moons_rs1", "make_moons", p, X, y, [0.5, -0.5], 0.0, lr=1.0, steps=300))
    source = (
        f"PyTorch {torch.__version__} and scikit-learn {sklearn.__version__} with numpy {np.__version__} "
        "(Debian bookworm packages), written by tools/make_torch_fixtures.py"
    )
    with open(os.path.join(OUT, "linear_trajectories.json"), "w") as f:
        json.dump({"source": source, "cases": cases}, f)


if __name__ == "__main__":
    main()
