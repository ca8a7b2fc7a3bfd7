/**
 * The PyTorch script `webgpu-train export --pytorch` writes: short and readable, the run's settings
 * at the top, its initial params at the bottom, the same run in between, on one process or under
 * torchrun with DistributedDataParallel.
 */
import type { FeatureName } from '../core/features.ts';
import type { ResolvedOptimizer } from '../core/optimizers.ts';
import { HEAD } from '../core/heads.ts';
import type { Task } from '../core/heads.ts';
import type { TableDescription } from '../data/index.ts';
import { safetensorsMetadata, TORCH_ACTIVATIONS, torchArchitecture } from '../model/serialize.ts';
import type { PytorchRunPlan } from './run_plan.ts';
import { sequentialName } from '../model/state_dict.ts';

/** How webgpu-train read the CSV, for the script to read it the same way. */
export interface CsvLayout {
  readonly header: boolean;
  readonly delimiter: string;
  /** the feature columns, 0-based, in the model's order */
  readonly features: readonly number[];
  /** the label column, 0-based */
  readonly label: number;
  readonly task: Task;
  /** classification: the label values in class order (two: read as 0 and 1); null for a regression */
  readonly classes: readonly string[] | null;
}

/** The layout of a table read for training (it has a label column). */
export function csvLayoutOf(description: TableDescription): CsvLayout {
  const { label } = description;
  if (label === null) throw new RangeError(`${description.source} has no label column`);
  return {
    header: description.header,
    delimiter: description.delimiter,
    features: description.features,
    label: label.column,
    task: label.task,
    classes: label.classes,
  };
}

export interface ScriptSource {
  /** the `webgpu-train train …` command the script repeats, shown in its docstring */
  readonly command: string;
  /** the CSV, as the command named it */
  readonly dataPath: string;
  readonly csv: CsvLayout;
  /** where the script saves the trained model by default */
  readonly modelPath: string;
}

/** A Python float literal that reads back as the same double (JavaScript prints the shortest such). */
const py = (x: number): string => {
  if (!Number.isFinite(x)) throw new RangeError(`${x} has no Python literal here`);
  return Object.is(x, -0) ? '-0.0' : String(x);
};
const pyList = (values: readonly number[]) => `[${values.map(py).join(', ')}]`;
const pyString = (text: string) => JSON.stringify(text);

const FEATURE_CODE: Readonly<Record<FeatureName, string>> = {
  x2: 'lambda x, y: x * x',
  y2: 'lambda x, y: y * y',
  xy: 'lambda x, y: x * y',
  sinx: 'lambda x, y: np.sin(x)',
  siny: 'lambda x, y: np.sin(y)',
};

/** torch.optim with the hyperparameters webgpu-train used (its update rules are PyTorch 1.13's). */
function optimizerCode(o: ResolvedOptimizer): string {
  const wd = `weight_decay=${py(o.weightDecay)}`;
  const adam = `lr=${py(o.lr)}, betas=(${py(o.beta1)}, ${py(o.beta2)}), eps=${py(o.eps)}, ${wd}`;
  switch (o.name) {
    case 'sgd':
      return `torch.optim.SGD(params, lr=${py(o.lr)}, ${wd})`;
    case 'momentum':
      return `torch.optim.SGD(params, lr=${py(o.lr)}, momentum=${py(o.momentum)}, ${wd})`;
    case 'nesterov':
      return `torch.optim.SGD(params, lr=${py(o.lr)}, momentum=${py(o.momentum)}, nesterov=True, ${wd})`;
    case 'adam':
      return `torch.optim.Adam(params, ${adam})`;
    case 'adamw':
      return `torch.optim.AdamW(params, ${adam})`;
  }
}

/** The regularization as the script's settings: the penalty's kind and rate. */
function regularizationCode(o: ResolvedOptimizer): string {
  const kind = o.regularization === 'none' ? 'None' : pyString(o.regularization);
  return `REGULARIZATION = ${kind}  # l1: rate·Σ|w|, l2: rate·½Σw², over the weights (not the biases)\nREGULARIZATION_RATE = ${py(o.regularizationRate)}`;
}

function splitCode(plan: PytorchRunPlan): string {
  const s = plan.split;
  if (s === null) return 'SPLIT = None  # every row trains';
  return [
    'SPLIT = {',
    `    "seed": ${s.seed},`,
    `    "stratify": ${s.stratify ? 'True' : 'False'},`,
    `    "sizes": ${pyList(s.sizes)},  # train, validation, test`,
    `    "labels": ${pyList(s.labels)},`,
    `    "class_counts": [${s.classCounts.map(pyList).join(', ')}],  # per split, rows of each label`,
    `    "first_rows": [${s.firstRows.map(pyList).join(', ')}],  # as webgpu-train drew them`,
    '}',
  ].join('\n');
}

function csvCode(csv: CsvLayout): string {
  return [
    'CSV = {',
    `    "header": ${csv.header ? 'True' : 'False'},`,
    `    "delimiter": ${pyString(csv.delimiter)},`,
    `    "features": ${pyList(csv.features)},  # columns, from 0`,
    `    "label": ${csv.label},`,
    csv.classes === null
      ? '    "classes": None,  # the label is a number to predict'
      : `    "classes": [${csv.classes.map(pyString).join(', ')}],  # read as 0, 1, …`,
    '}',
  ].join('\n');
}

function targetCode(plan: PytorchRunPlan): string {
  const t = plan.description.target;
  if (t === undefined) return 'TARGET = None  # the target as it is';
  return [
    "# the target's z-score, fitted on the training split: the network predicts (y - mean) / scale",
    `TARGET = {"mean": ${py(t.mean)}, "scale": ${py(t.scale)}}`,
  ].join('\n');
}

function standardizationCode(plan: PytorchRunPlan): string {
  // the z-score of the raw features, fitted on the training split (or --init-model's)
  const s = plan.description.standardization;
  if (s === undefined) return 'STANDARDIZATION = None  # the raw features';
  return [
    "# the z-score fitted on the training split (scikit-learn's StandardScaler mean_ and scale_)",
    'STANDARDIZATION = {',
    `    "mean": ${pyList(s.mean)},`,
    `    "scale": ${pyList(s.scale)},`,
    '}',
  ].join('\n');
}

function initialStateCode(plan: PytorchRunPlan): string {
  const lines = plan.initialParams.flatMap((layer, l) => [
    `    "${sequentialName(l, 'weight')}": [`,
    ...layer.weight.map((row) => `        ${pyList(row)},`),
    '    ],',
    `    "${sequentialName(l, 'bias')}": ${pyList(layer.bias)},`,
  ]);
  return ['INITIAL_STATE = {', ...lines, '}'].join('\n');
}

/** A shell command over lines of at most about 90 characters, continued with backslashes. */
function wrapCommand(command: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of command.split(' ')) {
    if (line !== '' && line.length + word.length > 86) {
      lines.push(`${line} \\`);
      line = '   ';
    }
    line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line].join('\n    ');
}

/** The script, as text. */
export function pytorchScript(plan: PytorchRunPlan, source: ScriptSource): string {
  const d = plan.description;
  const head = HEAD[d.head];
  const loss = head.torch.functional;
  // one output (binary, regression) is squeezed to the rows' one value, as the target is
  const out = (x: string) => (head.torch.target === 'float' ? `${x}.squeeze(1)` : x);
  const features = d.features.map((f) => `    (${pyString(f)}, ${FEATURE_CODE[f]}),`);
  const dtype = plan.precision === 'f64' ? 'float64' : 'float32';
  return `#!/usr/bin/env python3
r"""PyTorch's version of this webgpu-train run, written by \`webgpu-train export --pytorch\`:

    ${wrapCommand(source.command)}

The same nn.Sequential, CSV columns, split, standardization, initial params, optimizer,
regularization, batch order and early stopping; it saves a safetensors file that \`webgpu-train predict --model\`
reads. Needs PyTorch and numpy.

    python3 SCRIPT [--data CSV] [--out MODEL] [--dtype float32|float64] [--losses JSON]
    torchrun --nproc_per_node=N SCRIPT [...]   # DistributedDataParallel over N processes (gloo)

(Debian's PyTorch 1.13 under Python 3.11 needs \`torchrun --redirects 2 --tee 2 …\`: its default
of 0 is not parsed there, pytorch/pytorch#92319.)

Under torchrun every process takes its share of each batch and backpropagates its rows' summed
loss x N / batch size: DDP averages the N gradients, which gives the gradient of the batch's mean
loss, as on one process. Process 0 saves the model.
"""
import argparse
import csv
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.distributed as dist
from torch import nn
from torch.nn.functional import ${loss}

DATA = ${pyString(source.dataPath)}
${csvCode(source.csv)}
OUT = ${pyString(source.modelPath)}
DTYPE = ${pyString(dtype)}  # webgpu-train's WebGPU backend computes in float32
# TensorFlow Playground's extra inputs, computed from x0 and x1, appended in this order
FEATURES = [${features.length === 0 ? ']' : `\n${features.join('\n')}\n]`}
HIDDEN = ${pyList(d.hidden)}
OUTPUTS = ${d.outputs}  # ${head.describe(d.outputs)} (${head.torch.module})
ACTIVATION = ${TORCH_ACTIVATIONS[d.activation].replace('()', '')}
BATCH_SIZE = ${plan.batchSize}  # rows per step; the whole training split takes them in order
EPOCHS = ${plan.epochs}
SHUFFLE_SEED = ${plan.shuffleSeed}  # one RandomState draws every epoch's order
PATIENCE = ${plan.patience ?? 'None'}  # epochs without a better validation loss before stopping
${regularizationCode(plan.optimizer)}
${splitCode(plan)}
${standardizationCode(plan)}
${targetCode(plan)}
# what webgpu-train keeps in a model file's metadata
METADATA = ${JSON.stringify(safetensorsMetadata(d), null, 4)}


def make_optimizer(params):
    return ${optimizerCode(plan.optimizer)}


def penalty(net):
    """The regularization term the optimizer descends with the loss (the losses recorded are the data's alone)."""
    weights = [m.weight for m in net if isinstance(m, nn.Linear)]
    if REGULARIZATION == "l1":
        return REGULARIZATION_RATE * sum(w.abs().sum() for w in weights)
    if REGULARIZATION == "l2":
        return REGULARIZATION_RATE / 2 * sum((w * w).sum() for w in weights)
    return 0.0


def read_csv(path):
    """The feature columns and the label of every row (a class index, or the number to predict), as webgpu-train read the file."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [r for r in csv.reader(f, delimiter=CSV["delimiter"]) if any(v.strip() for v in r)]
    if CSV["header"]:
        rows = rows[1:]
    # ";" and tab files may write a decimal comma, as spreadsheets in many locales do
    comma = CSV["delimiter"] != ","
    number = lambda text: float(text.strip().replace(",", ".") if comma else text.strip())  # noqa: E731
    key = lambda text: ("number", float(text)) if is_number(text) else ("text", text)  # noqa: E731
    X = np.array([[number(r[j]) for j in CSV["features"]] for r in rows], dtype=np.float64).reshape(len(rows), -1)
    if CSV["classes"] is None:
        y = np.array([number(r[CSV["label"]]) for r in rows], dtype=np.float64)
        return X, y if TARGET is None else (y - TARGET["mean"]) / TARGET["scale"]
    index = {key(v): i for i, v in enumerate(CSV["classes"])}
    labels = [key(r[CSV["label"]].strip()) for r in rows]
    if any(k not in index for k in labels):
        sys.exit(f"a label other than {CSV['classes']}: is this the CSV the script was made for?")
    return X, np.array([index[k] for k in labels], dtype=np.float64)


def is_number(text):
    try:
        float(text)
        return text.strip().lower() not in ("nan", "inf", "-inf", "+inf", "infinity", "-infinity")
    except ValueError:
        return False


def standardize(X):
    if STANDARDIZATION is None:
        return X
    return (X - np.array(STANDARDIZATION["mean"])) / np.array(STANDARDIZATION["scale"])


def with_features(X):
    return np.column_stack([X] + [f(X[:, 0], X[:, 1]) for _, f in FEATURES])


def split_rows(y):
    """Train, validation and test rows, drawn as webgpu-train's splitDataset draws them."""
    if SPLIT is None:
        return [np.arange(len(y)), np.arange(0), np.arange(0)]
    rng = np.random.RandomState(SPLIT["seed"])
    if SPLIT["stratify"]:
        # each class shuffled; each split takes its count of every class in turn, then is shuffled
        members = [np.flatnonzero(y == label) for label in SPLIT["labels"]]
        for rows in members:
            rng.shuffle(rows)
        taken, parts = [0] * len(members), []
        for counts in SPLIT["class_counts"]:
            rows = np.concatenate([m[t : t + k] for m, t, k in zip(members, taken, counts)])
            taken = [t + k for t, k in zip(taken, counts)]
            rng.shuffle(rows)
            parts.append(rows)
    else:
        order = rng.permutation(len(y))
        ends = np.cumsum(SPLIT["sizes"])
        parts = [order[: ends[0]], order[ends[0] : ends[1]], order[ends[1] :]]
    for rows, first in zip(parts, SPLIT["first_rows"]):
        if rows[: len(first)].tolist() != first:
            sys.exit("the split is not webgpu-train's: is this the CSV the script was made for?")
    return parts


def build_model(inputs):
    """${torchArchitecture(d)}"""
    widths = [inputs] + HIDDEN + [OUTPUTS]
    layers = [nn.Linear(widths[0], widths[1])]
    for i in range(1, len(widths) - 1):
        layers += [ACTIVATION(), nn.Linear(widths[i], widths[i + 1])]
    return nn.Sequential(*layers)


def mean_loss(net, X, y):
    """The mean loss over a split; NaN for an empty split."""
    if len(y) == 0:
        return float("nan")
    return ${loss}(${out('net(X)')}, y).item()


def save_safetensors(state, path):
    """safetensors.torch.save_file(state, path, METADATA), or the same bytes without that package."""
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        from safetensors.torch import save_file

        save_file(state, temporary, metadata=METADATA)
    except ImportError:
        kinds = {torch.float32: ("F32", "<f4"), torch.float64: ("F64", "<f8")}
        header, blobs, offset = {"__metadata__": METADATA}, [], 0
        for name, tensor in state.items():
            dtype, layout = kinds[tensor.dtype]
            blob = tensor.contiguous().numpy().astype(layout).tobytes()
            header[name] = {"dtype": dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(blob)]}
            blobs.append(blob)
            offset += len(blob)
        text = json.dumps(header).encode()
        text += b" " * (-(8 + len(text)) % 8)  # the data starts 8-byte aligned
        with open(temporary, "wb") as f:
            f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
    os.replace(temporary, path)  # whole or not at all


def main():
    parser = argparse.ArgumentParser(description="PyTorch's version of a webgpu-train run")
    parser.add_argument("--data", default=DATA, help="the CSV (default %(default)s)")
    parser.add_argument("--out", default=OUT, help="where to save the model (default %(default)s)")
    parser.add_argument("--dtype", default=DTYPE, choices=["float32", "float64"])
    parser.add_argument("--losses", help="also write every step's and epoch's losses here, as JSON")
    args = parser.parse_args()
    dtype = getattr(torch, args.dtype)
    world, rank = int(os.environ.get("WORLD_SIZE", "1")), int(os.environ.get("RANK", "0"))
    if world > 1:
        dist.init_process_group("gloo")

    X, y = read_csv(args.data)
    X = with_features(standardize(X))
    splits = [(torch.tensor(X[rows], dtype=dtype), torch.tensor(y[rows], dtype=${head.torch.target === 'long' ? 'torch.long' : 'dtype'})) for rows in split_rows(y)]
    X_train, y_train = splits[0]
    net = build_model(X.shape[1]).to(dtype)
    net.load_state_dict({name: torch.tensor(value, dtype=dtype) for name, value in INITIAL_STATE.items()})
    model = nn.parallel.DistributedDataParallel(net) if world > 1 else net
    optimizer = make_optimizer(model.parameters())

    n = len(y_train)
    batch = min(BATCH_SIZE, n)
    shuffle = np.random.RandomState(SHUFFLE_SEED)
    step_losses, epoch_losses = [], {"train": [], "validation": [], "test": []}
    best_loss, best_epoch, best_state, stopped_early = float("inf"), -1, None, False
    for epoch in range(EPOCHS):
        order = shuffle.permutation(n) if batch < n else np.arange(n)
        for start in range(0, n, batch):
            rows = order[start : start + batch]
            mine = torch.as_tensor(rows[rank::world])  # this process's share of the batch
            optimizer.zero_grad()
            loss_sum = ${loss}(${out('model(X_train[mine])')}, y_train[mine], reduction="sum")
            (loss_sum * world / len(rows) + penalty(net)).backward()
            optimizer.step()
            total = loss_sum.detach().clone()
            if world > 1:
                dist.all_reduce(total)
            step_losses.append(total.item() / len(rows))
            if not np.isfinite(step_losses[-1]):
                sys.exit(f"the run diverged at step {len(step_losses) - 1}: a smaller learning rate may help")
        with torch.no_grad():
            losses = [mean_loss(net, *split) for split in splits]
        for name, loss in zip(epoch_losses, losses):
            epoch_losses[name].append(loss)
        if PATIENCE is not None:
            if losses[1] < best_loss:
                best_loss, best_epoch = losses[1], epoch
                best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
            elif epoch - best_epoch >= PATIENCE:
                stopped_early = True
                break
    epochs_run = epoch + 1
    if best_state is not None:
        net.load_state_dict(best_state)  # the params of the best validation loss
    kept = best_epoch if best_state is not None else epochs_run - 1

    if rank == 0:
        save_safetensors({k: v.detach() for k, v in net.state_dict().items()}, args.out)
        train, validation, test = (epoch_losses[k][kept] for k in epoch_losses)
        print(f"model       {build_model.__doc__}")
        print(f"training    {world} process{'es' if world > 1 else ''}, {args.dtype}; {epochs_run} epochs"
              + (f", stopped early (best epoch {kept + 1})" if stopped_early else ""))
        print(f"loss        epoch {kept + 1}: train {train:.6g}, validation {validation:.6g}, test {test:.6g}")
        print(f"saved       {args.out}")
        if args.losses:
            as_json = lambda xs: [x if np.isfinite(x) else None for x in xs]  # noqa: E731 (JSON has no NaN)
            with open(args.losses, "w") as f:
                json.dump({"step_losses": as_json(step_losses), "epochs_run": epochs_run, "best_epoch": kept,
                           "epoch_losses": {k: as_json(v) for k, v in epoch_losses.items()},
                           "stopped_early": stopped_early}, f)
    if world > 1:
        dist.barrier()  # process 0 has saved; no collective is left in flight
        dist.destroy_process_group()


# the params the run starts from, per layer: weight (out rows of in values), then bias
${initialStateCode(plan)}

if __name__ == "__main__":
    main()
`;
}
