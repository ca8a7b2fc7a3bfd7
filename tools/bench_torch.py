#!/usr/bin/python3
"""Times PyTorch running the tutorial, for comparison with `webgpu-train bench` on the same machine.

    /usr/bin/python3 tools/bench_torch.py [--sizes 100,1000000] [--steps 1000] [--repeats 5] [--threads N]

Runs Sequential(Linear(2,1), Sigmoid()), BCELoss and `param -= lr * grad` exactly as the tutorial
does, on scikit-learn's make_classification (random_state 0), reading the loss each step as the
tutorial's loop does (`loss.item()`). Prints the median time of the timed runs after one warm-up.
"""
import argparse
import statistics
import time

import torch
from sklearn.datasets import make_classification


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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000000")
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
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
    main()
