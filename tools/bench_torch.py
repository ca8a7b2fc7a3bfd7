#!/usr/bin/python3
"""Times PyTorch on webgpu-train's workloads, for comparison with `webgpu-train bench` on the same machine.

    /usr/bin/python3 tools/bench_torch.py [--sizes 100,1000000] [--steps 1000] [--repeats 5] [--threads N]
    /usr/bin/python3 tools/bench_torch.py --mlp < request.json

The tutorial: Sequential(Linear(2,1), Sigmoid()), BCELoss and `param -= lr * grad` exactly as the
tutorial does, on scikit-learn's make_classification (random_state 0), reading the loss each step
as the tutorial's loop does (`loss.item()`). Prints the median time of the timed runs after one
warm-up.

--mlp (what `webgpu-train bench --mlp` and `bench --wide` run): an MLP as webgpu-train describes it
on stdin (JSON: X, y, classes, hidden, activation, optimizer {name: adam, lr}, batchSize, epochs,
shuffleSeed, initialParams laid out per layer as W row-major then b, repeats), trained with
torch.optim.Adam in numpy's RandomState(shuffleSeed).permutation batch order, loss.item() each
step: with 2 classes one logit and BCEWithLogitsLoss, with K > 2 K logits and CrossEntropyLoss
on the class indices. Prints one JSON object: {available, version, threads, ms (each timed run),
losses}.
"""
import argparse
import json
import statistics
import sys
import time


def tutorial(X, y, steps, lr=0.1):
    model = torch.nn.Sequential(torch.nn.Linear(X.shape[1], 1), torch.nn.Sigmoid())
    loss_fn = torch.nn.BCELoss()
    losses = []
    for _ in range(steps):
        model.zero_grad()
        loss = loss_fn(model(X), y)
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                p -= lr * p.grad
    return losses


ACTIVATIONS = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid", "linear": "Identity"}


def mlp(request):
    import numpy as np

    X = torch.tensor(request["X"], dtype=torch.float32)
    classes = request["classes"]
    if classes == 2:
        y = torch.tensor(request["y"], dtype=torch.float32).reshape(-1, 1)
        outputs, loss_fn = 1, torch.nn.BCEWithLogitsLoss()
    else:
        y = torch.tensor(request["y"], dtype=torch.int64)
        outputs, loss_fn = classes, torch.nn.CrossEntropyLoss()
    layers, width = [], X.shape[1]
    for h in request["hidden"]:
        layers += [torch.nn.Linear(width, h), getattr(torch.nn, ACTIVATIONS[request["activation"]])()]
        width = h
    layers.append(torch.nn.Linear(width, outputs))
    flat = torch.tensor(request["initialParams"], dtype=torch.float32)

    def train():
        model = torch.nn.Sequential(*layers)
        with torch.no_grad():
            at = 0
            for p in model.parameters():
                p.copy_(flat[at : at + p.numel()].reshape(p.shape))
                at += p.numel()
        opt = torch.optim.Adam(model.parameters(), lr=request["optimizer"]["lr"])
        n, batch = len(y), request["batchSize"]
        rng = np.random.RandomState(request["shuffleSeed"])
        losses = []
        for _ in range(request["epochs"]):
            order = torch.from_numpy(rng.permutation(n)) if batch < n else torch.arange(n)
            for s in range(0, n, batch):
                rows = order[s : s + batch]
                opt.zero_grad()
                loss = loss_fn(model(X[rows]), y[rows])
                losses.append(loss.item())
                loss.backward()
                opt.step()
        return losses

    train()
    times = []
    for _ in range(request["repeats"]):
        start = time.perf_counter()
        losses = train()
        times.append((time.perf_counter() - start) * 1000)
    return {"available": True, "version": torch.__version__, "threads": torch.get_num_threads(), "ms": times, "losses": losses}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000000")
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (default: torch's own choice)")
    parser.add_argument("--mlp", action="store_true", help="train the MLP described on stdin; print JSON")
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    if args.mlp:
        print(json.dumps(mlp(json.load(sys.stdin))))
        return
    from sklearn.datasets import make_classification

    args.threads = torch.get_num_threads()
    print(f"PyTorch {torch.__version__}, {args.threads} threads, {args.steps} steps")
    for n in [int(s) for s in args.sizes.split(",")]:
        X, y = make_classification(n_samples=n, n_features=2, n_redundant=0, n_clusters_per_class=1, random_state=0)
        X = torch.tensor(X, dtype=torch.float32)
        y = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)
        steps = args.steps if n <= 100_000 else max(1, args.steps // 50)
        tutorial(X, y, min(steps, 10))
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            tutorial(X, y, steps)
            times.append((time.perf_counter() - start) * 1000)
        median = statistics.median(times)
        print(f"N={n:>9}  steps={steps:>5}  median {median:10.2f} ms  ({median / steps:.4f} ms/step)")


if __name__ == "__main__":
    try:
        import torch
    except ImportError as error:
        print(json.dumps({"available": False, "reason": f"PyTorch is not installed ({error}); apt-get install python3-torch"}))
        sys.exit(3)
    main()
