"""Trains an MLP described in a JSON file (argv[1]: X, y, hidden, activation, lr, batchSize, epochs, shuffleSeed,
initialParams laid out per layer as W row-major then b, dtype float32|float64) with nn.Sequential, BCEWithLogitsLoss
and torch.optim.Adam, in numpy's RandomState(shuffleSeed).permutation batch order, as webgpu-train trains it.
Prints one JSON object: {losses: the loss before each step, params: the final params in the same layout}."""
import json
import sys

import numpy as np
import torch

ACTIVATIONS = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid", "linear": "Identity"}

with open(sys.argv[1]) as f:
    request = json.load(f)
dtype = getattr(torch, request["dtype"])
X = torch.tensor(request["X"], dtype=dtype)
y = torch.tensor(request["y"], dtype=dtype).reshape(-1, 1)
layers, width = [], X.shape[1]
for h in request["hidden"]:
    layers += [torch.nn.Linear(width, h), getattr(torch.nn, ACTIVATIONS[request["activation"]])()]
    width = h
layers.append(torch.nn.Linear(width, 1))
model = torch.nn.Sequential(*layers).to(dtype)
flat = torch.tensor(request["initialParams"], dtype=dtype)
with torch.no_grad():
    at = 0
    for p in model.parameters():
        p.copy_(flat[at : at + p.numel()].reshape(p.shape))
        at += p.numel()
opt = torch.optim.Adam(model.parameters(), lr=request["lr"])
loss_fn = torch.nn.BCEWithLogitsLoss()
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
params = torch.cat([p.detach().reshape(-1) for p in model.parameters()]).tolist()
print(json.dumps({"losses": losses, "params": params}))
