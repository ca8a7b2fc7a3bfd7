"""Trains nn.Sequential(Linear(2,16), Tanh, Linear(16,8), Tanh, Linear(8,1)) on a webgpu-train CSV
with PyTorch alone (Adam, full batch), saves its state_dict as a plain save_file would (no
metadata), and prints σ(logit) of the saved params for every row, computed in float64.

usage: train_sequential.py DATA OUT.safetensors --dtype float32|float64"""
import argparse
import json

import numpy as np
import torch
from torch import nn

from torch_io import save_safetensors

parser = argparse.ArgumentParser()
parser.add_argument("data")
parser.add_argument("out")
parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
args = parser.parse_args()
dtype = getattr(torch, args.dtype)

table = np.loadtxt(args.data, delimiter=",", skiprows=1, ndmin=2)
X = torch.tensor(table[:, :-1], dtype=dtype)
y = torch.tensor(table[:, -1], dtype=dtype)
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 8), nn.Tanh(), nn.Linear(8, 1)).to(dtype)
optimizer = torch.optim.Adam(net.parameters(), lr=0.02)
loss_fn = nn.BCEWithLogitsLoss()
for step in range(300):
    optimizer.zero_grad()
    loss = loss_fn(net(X).squeeze(1), y)
    loss.backward()
    optimizer.step()

save_safetensors({name: t.detach() for name, t in net.state_dict().items()}, args.out)
with torch.no_grad():
    p = torch.sigmoid(net.double()(torch.from_numpy(table[:, :-1]))).squeeze(1)
accuracy = float(((p >= 0.5).double() == torch.from_numpy(table[:, -1])).double().mean())
print(json.dumps({"probabilities": p.tolist(), "accuracy": accuracy, "loss": float(loss)}))
