"""Loads a webgpu-train model file into PyTorch's nn.Sequential with load_state_dict (strict: the
names and shapes must be PyTorch's) and prints, for every row of a CSV, in float64, what the head
predicts: σ(logit) (binary), softmax over the K logits, row after row (multiclass), or the output
with the target's z-score undone as the file's metadata gives it (regression).

usage: predict_sequential.py MODEL DATA --hidden 8,4 --activation relu [--features x2,sinx]
                             [--head binary|multiclass|regression] [--outputs K]"""
import argparse
import json

import numpy as np
import torch
from torch import nn

from torch_io import load_safetensors

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "linear": nn.Identity}
FEATURES = {
    "x2": lambda x, y: x * x,
    "y2": lambda x, y: y * y,
    "xy": lambda x, y: x * y,
    "sinx": lambda x, y: np.sin(x),
    "siny": lambda x, y: np.sin(y),
}

parser = argparse.ArgumentParser()
parser.add_argument("model")
parser.add_argument("data")
parser.add_argument("--hidden", default="")
parser.add_argument("--activation", default="tanh")
parser.add_argument("--features", default="")
parser.add_argument("--head", default="binary", choices=["binary", "multiclass", "regression"])
parser.add_argument("--outputs", type=int, default=1)
args = parser.parse_args()

table = np.loadtxt(args.data, delimiter=",", skiprows=1, ndmin=2)
X = table[:, :-1]
features = [f for f in args.features.split(",") if f]
X = np.column_stack([X] + [FEATURES[f](X[:, 0], X[:, 1]) for f in features])
widths = [X.shape[1]] + [int(h) for h in args.hidden.split(",") if h] + [args.outputs]
modules = []
for l in range(len(widths) - 1):
    if l > 0:
        modules.append(ACTIVATIONS[args.activation]())
    modules.append(nn.Linear(widths[l], widths[l + 1]))
net = nn.Sequential(*modules)

state, metadata = load_safetensors(args.model)
# in the file's dtype first: load_state_dict copies into the existing params, rounding F64 to float32
net = net.to(next(iter(state.values())).dtype)
net.load_state_dict(state)  # strict: every name and shape as nn.Sequential has them
net = net.double()
with torch.no_grad():
    z = net(torch.from_numpy(X))
    if args.head == "binary":
        p = torch.sigmoid(z).squeeze(1)
    elif args.head == "multiclass":
        p = torch.softmax(z, dim=1).reshape(-1)
    else:
        target = json.loads(metadata["model"]).get("target") if metadata else None
        p = z.squeeze(1) if target is None else z.squeeze(1) * target["scale"] + target["mean"]
print(json.dumps({
    "dtypes": sorted({str(t.dtype) for t in state.values()}),
    "metadata": metadata,
    "architecture": repr(net),
    "probabilities": p.tolist(),
}))
