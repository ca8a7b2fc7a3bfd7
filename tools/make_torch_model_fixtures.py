#!/usr/bin/python3
"""Writes PyTorch training runs of small MLPs for webgpu-train's tests to test/fixtures/torch/models.json
(binary classifiers) and test/fixtures/torch/heads.json (K-class softmax classifiers and regressions).

Run with Debian's packages (apt-get install python3-sklearn python3-torch):
    /usr/bin/python3 tools/make_torch_model_fixtures.py

Each case: nn.Sequential of Linear layers with an activation between them and the head's outputs:
one logit and BCEWithLogitsLoss (binary), K logits and CrossEntropyLoss on class indices
(multiclass), one output and MSELoss (regression), each the mean over the batch; a torch.optim optimizer, full batch or mini-batches whose order is
numpy's RandomState(seed).permutation(N), drawn once per epoch (webgpu-train draws the same).
losses[t] is the batch loss before step t. The initial params are torch's own default init
(torch.manual_seed(init_seed)), stored flat as webgpu-train lays them out: per layer, W row-major
(out x in), then b. The data is scikit-learn's, stored in the fixture.
"""
import json
import os

import numpy as np
import sklearn
import torch
from sklearn.datasets import make_blobs, make_circles, make_classification, make_moons, make_regression

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "torch")
LOSSES = {"binary": torch.nn.BCEWithLogitsLoss, "multiclass": torch.nn.CrossEntropyLoss, "regression": torch.nn.MSELoss}
ACTIVATIONS = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid, "linear": torch.nn.Identity}


def build(inputs, hidden, activation, init_seed, outputs=1):
    torch.manual_seed(init_seed)
    layers, width = [], inputs
    for h in hidden:
        layers += [torch.nn.Linear(width, h), ACTIVATIONS[activation]()]
        width = h
    layers.append(torch.nn.Linear(width, outputs))
    return torch.nn.Sequential(*layers)


def flat_params(model):
    return [v for m in model if isinstance(m, torch.nn.Linear) for t in (m.weight, m.bias) for v in t.detach().reshape(-1).tolist()]


def optimizer_for(spec, params):
    name, lr, wd = spec["name"], spec["lr"], spec.get("weightDecay", 0.0)
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, weight_decay=wd)
    if name in ("momentum", "nesterov"):
        return torch.optim.SGD(params, lr=lr, momentum=spec.get("momentum", 0.9), nesterov=name == "nesterov", weight_decay=wd)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(spec.get("beta1", 0.9), spec.get("beta2", 0.999)), eps=spec.get("eps", 1e-8), weight_decay=wd)
    return torch.optim.AdamW(params, lr=lr, betas=(spec.get("beta1", 0.9), spec.get("beta2", 0.999)), eps=spec.get("eps", 1e-8), weight_decay=spec.get("weightDecay", 0.01))


def run(X, y, model_spec, opt_spec, batch_size, epochs, shuffle_seed, init_model, dtype):
    torch.set_num_threads(1)
    head, outputs = model_spec.get("head", "binary"), model_spec.get("outputs", 1)
    model = build(X.shape[1], model_spec["hidden"], model_spec["activation"], 0, outputs).to(dtype)
    with torch.no_grad():
        for dst, src in zip(model.parameters(), init_model.parameters()):
            dst.copy_(src.to(dtype))
    Xt = torch.tensor(X, dtype=dtype)
    # class indices for CrossEntropyLoss; a column of targets for the one-output losses
    yt = torch.tensor(y, dtype=torch.long) if head == "multiclass" else torch.tensor(y, dtype=dtype).reshape(-1, 1)
    opt = optimizer_for(opt_spec, model.parameters())
    loss_fn = LOSSES[head]()
    n = len(y)
    rng = np.random.RandomState(shuffle_seed)
    losses = []
    for _ in range(epochs):
        if batch_size >= n:
            batches = [np.arange(n)]
        else:
            order = rng.permutation(n)
            batches = [order[s : s + batch_size] for s in range(0, n, batch_size)]
        for rows in batches:
            opt.zero_grad()
            loss = loss_fn(model(Xt[rows]), yt[rows])
            losses.append(loss.item())
            loss.backward()
            opt.step()
    return {"losses": losses, "params": flat_params(model)}


def case(name, data, X, y, model_spec, opt_spec, batch_size, epochs, shuffle_seed=0, init_seed=0):
    init_model = build(X.shape[1], model_spec["hidden"], model_spec["activation"], init_seed, model_spec.get("outputs", 1))
    return {
        "name": name,
        "data": data,
        "X": X.tolist(),
        "y": y.tolist() if model_spec.get("head") == "regression" else y.astype(int).tolist(),
        "model": model_spec,
        "optimizer": opt_spec,
        "batchSize": batch_size,
        "epochs": epochs,
        "shuffleSeed": shuffle_seed,
        "initialParams": flat_params(init_model),
        "float32": run(X, y, model_spec, opt_spec, batch_size, epochs, shuffle_seed, init_model, torch.float32),
        "float64": run(X, y, model_spec, opt_spec, batch_size, epochs, shuffle_seed, init_model, torch.float64),
    }


def main():
    moons = dict(generator="make_moons", n_samples=120, noise=0.1, random_state=3)
    Xm, ym = make_moons(n_samples=120, noise=0.1, random_state=3)
    circles = dict(generator="make_circles", n_samples=150, noise=0.05, factor=0.5, random_state=4)
    Xc, yc = make_circles(n_samples=150, noise=0.05, factor=0.5, random_state=4)
    tanh8 = {"hidden": [8, 8], "activation": "tanh"}
    cases = [
        case("sgd_tanh_8_8", moons, Xm, ym, tanh8, {"name": "sgd", "lr": 0.5}, 120, 60),
        case("sgd_l2", moons, Xm, ym, tanh8, {"name": "sgd", "lr": 0.5, "weightDecay": 0.01}, 120, 60),
        case("momentum", moons, Xm, ym, tanh8, {"name": "momentum", "lr": 0.1, "momentum": 0.9}, 120, 60),
        case("nesterov_l2", moons, Xm, ym, tanh8, {"name": "nesterov", "lr": 0.1, "momentum": 0.8, "weightDecay": 0.001}, 120, 60),
        case("adam", moons, Xm, ym, tanh8, {"name": "adam", "lr": 0.02}, 120, 60),
        case("adam_l2", moons, Xm, ym, tanh8, {"name": "adam", "lr": 0.02, "weightDecay": 0.01, "beta1": 0.8, "beta2": 0.99}, 120, 60),
        case("adamw", moons, Xm, ym, tanh8, {"name": "adamw", "lr": 0.02, "weightDecay": 0.05}, 120, 60),
        case("relu_16_16_adam_minibatch", circles, Xc, yc, {"hidden": [16, 16], "activation": "relu"}, {"name": "adam", "lr": 0.01}, 32, 6, shuffle_seed=7, init_seed=1),
        case("sigmoid_4_momentum_minibatch", moons, Xm, ym, {"hidden": [4], "activation": "sigmoid"}, {"name": "momentum", "lr": 0.2}, 50, 5, shuffle_seed=2, init_seed=2),
        case("linear_3_sgd", moons, Xm, ym, {"hidden": [3], "activation": "linear"}, {"name": "sgd", "lr": 0.1}, 120, 40, init_seed=3),
        case("no_hidden_adamw", moons, Xm, ym, {"hidden": [], "activation": "relu"}, {"name": "adamw", "lr": 0.05}, 120, 50, init_seed=4),
    ]
    source = f"PyTorch {torch.__version__}, scikit-learn {sklearn.__version__}, numpy {np.__version__} (Debian bookworm), written by tools/make_torch_model_fixtures.py"
    with open(os.path.join(FIXTURES, "models.json"), "w") as f:
        json.dump({"source": source, "cases": cases}, f)
    with open(os.path.join(FIXTURES, "heads.json"), "w") as f:
        json.dump({"source": source, "cases": head_cases()}, f)


def head_cases():
    """K-class softmax classifiers and regressions, each on data scikit-learn makes."""
    blobs = dict(generator="make_blobs", n_samples=120, centers=3, n_features=2, cluster_std=1.5, random_state=5)
    Xb, yb = make_blobs(n_samples=120, centers=3, n_features=2, cluster_std=1.5, random_state=5)
    four = dict(generator="make_classification", n_samples=160, n_features=5, n_informative=3, n_redundant=1,
                n_classes=4, n_clusters_per_class=1, random_state=6)
    Xf, yf = make_classification(n_samples=160, n_features=5, n_informative=3, n_redundant=1, n_classes=4,
                                 n_clusters_per_class=1, random_state=6)
    # the targets divided by 100, so that they are of the order of one, as a standardized target is
    plane = dict(generator="make_regression", n_samples=100, n_features=3, n_informative=3, noise=10.0,
                 random_state=2, divided_by=100)
    Xr, yr = make_regression(n_samples=100, n_features=3, n_informative=3, noise=10.0, random_state=2)
    yr = yr / 100
    multi = lambda hidden, activation, k: {"hidden": hidden, "activation": activation, "head": "multiclass", "outputs": k}  # noqa: E731
    regress = lambda hidden, activation: {"hidden": hidden, "activation": activation, "head": "regression", "outputs": 1}  # noqa: E731
    return [
        case("multiclass_tanh_8_sgd", blobs, Xb, yb, multi([8], "tanh", 3), {"name": "sgd", "lr": 0.3}, 120, 60),
        case("multiclass_no_hidden_momentum", blobs, Xb, yb, multi([], "relu", 3), {"name": "momentum", "lr": 0.05}, 120, 40, init_seed=1),
        case("multiclass_relu_16_adam_minibatch", four, Xf, yf, multi([16], "relu", 4), {"name": "adam", "lr": 0.01}, 32, 6, shuffle_seed=3, init_seed=2),
        case("regression_linear_sgd", plane, Xr, yr, regress([], "relu"), {"name": "sgd", "lr": 0.1}, 100, 60, init_seed=3),
        case("regression_tanh_8_8_adam_minibatch", plane, Xr, yr, regress([8, 8], "tanh"), {"name": "adam", "lr": 0.01}, 20, 8, shuffle_seed=4, init_seed=4),
    ]


if __name__ == "__main__":
    main()
