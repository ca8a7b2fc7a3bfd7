import {
  savedColumnsFrom,
  standardizationFrom,
  type SavedColumns,
  type Standardization,
} from '../data/index.ts';
import { FEATURES, type FeatureName } from '../core/features.ts';
import { HEADS, type HeadName } from '../core/heads.ts';
import type { TargetScaling } from '../core/metrics.ts';
import {
  ACTIVATIONS,
  checkSpec,
  layerShapes,
  paramCount,
  widths,
  type Activation,
  type ModelSpec,
} from '../core/spec.ts';
import {
  decodeSafetensors,
  encodeSafetensors,
  SafetensorsError,
  type FloatDtype,
  type SafetensorsFile,
  type Tensor,
} from './safetensors.ts';
import { linearLayers, sequentialName, type LinearTensors } from './state_dict.ts';

/**
 * A trained model as it is saved: what it takes (raw inputs, extra features), its shape, its
 * params. The JSON file is this object (docs/model.schema.json); a safetensors file holds the
 * params as tensors and the rest, whatever fields it has, in its metadata.
 */
export interface SavedModel {
  readonly format: 'webgpu-train-model';
  readonly version: 1;
  /** features in the data, before the extra ones are added */
  readonly inputs: number;
  readonly features: readonly FeatureName[];
  readonly hidden: readonly number[];
  readonly activation: Activation;
  /** what the outputs mean (src/core/heads.ts); files from before heads are binary */
  readonly head: HeadName;
  /** K: the network's outputs (the classes, for multiclass); 1 in files from before heads */
  readonly outputs: number;
  /** per layer: W (out × in, row-major) then b */
  readonly params: readonly number[];
  /** the z-score applied to the raw inputs before the network (fitted on the training split) */
  readonly standardization?: Standardization;
  /** regression: the target's z-score the network predicts in, undone at predict */
  readonly target?: TargetScaling;
  /** the training file's columns and label mapping, so predict reads files the same way */
  readonly columns?: SavedColumns;
}

/** The model without its params: what a safetensors file's metadata carries. */
export type ModelDescription = Omit<SavedModel, 'params'>;

/**
 * A model's description: its shape, the z-score its inputs take (null for none) and, for a
 * regression, its target's (null for none).
 */
export function describeModel(
  spec: ModelSpec,
  standardization: Standardization | null,
  target: TargetScaling | null = null,
): ModelDescription {
  return {
    format: 'webgpu-train-model',
    version: 1,
    inputs: spec.inputs,
    features: spec.features,
    hidden: spec.hidden,
    activation: spec.activation,
    head: spec.head,
    outputs: spec.outputs,
    ...(standardization === null ? {} : { standardization }),
    ...(target === null ? {} : { target }),
  };
}

/** A model as it is saved: its description and its params. */
export function savedModelOf(
  spec: ModelSpec,
  standardization: Standardization | null,
  params: readonly number[],
  target: TargetScaling | null = null,
): SavedModel {
  return { ...describeModel(spec, standardization, target), params };
}

/** A model file that cannot be read, with what is wrong and where. */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

/** A file with hidden layers that does not say their activation (a plain PyTorch state_dict). */
export class MissingActivationError extends ModelFileError {
  override name = 'MissingActivationError';
  constructor(
    readonly source: string,
    readonly hiddenLayers: number,
  ) {
    super(
      `${source}: the file does not say which activation its ${hiddenLayers} hidden layer${hiddenLayers === 1 ? '' : 's'} use (no "activation" in its __metadata__, as in a plain save_file(model.state_dict())); give one of ${ACTIVATIONS.join(', ')}`,
    );
  }
}

/** The model's description for the one engine (src/core/spec.ts): raw inputs, extra features, layers. */
export function modelSpecOf(
  model: Pick<SavedModel, 'inputs' | 'features' | 'hidden' | 'activation' | 'head' | 'outputs'>,
): ModelSpec {
  return {
    inputs: model.inputs,
    features: model.features,
    hidden: model.hidden,
    activation: model.activation,
    head: model.head,
    outputs: model.outputs,
  };
}

/** Checks a model read from anywhere, naming the field that is wrong. */
export function checkModel(value: unknown, source: string): SavedModel {
  const fail = (field: string, why: string): never => {
    throw new ModelFileError(`${source}: ${field} ${why}`);
  };
  if (typeof value !== 'object' || value === null) fail('the file', 'does not hold a JSON object');
  const m = value as Record<string, unknown>;
  if (m['format'] !== 'webgpu-train-model')
    fail('"format"', `must be "webgpu-train-model", got ${JSON.stringify(m['format'])}`);
  if (m['version'] !== 1) fail('"version"', `must be 1, got ${JSON.stringify(m['version'])}`);
  if (!Number.isInteger(m['inputs']) || (m['inputs'] as number) < 1)
    fail('"inputs"', 'must be a whole number ≥ 1');
  const features = m['features'];
  if (!Array.isArray(features) || !features.every((f) => FEATURES.includes(f as FeatureName)))
    fail('"features"', `must list some of ${FEATURES.join(', ')}`);
  if (!Array.isArray(m['hidden']) || !(m['hidden'] as unknown[]).every(Number.isInteger))
    fail('"hidden"', 'must be a list of widths');
  if (!ACTIVATIONS.includes(m['activation'] as Activation))
    fail('"activation"', `must be one of ${ACTIVATIONS.join(', ')}`);
  // files from before heads hold a binary classifier's one logit
  const head = m['head'] ?? 'binary';
  if (!HEADS.includes(head as HeadName)) fail('"head"', `must be one of ${HEADS.join(', ')}`);
  const outputs = m['outputs'] ?? 1;
  if (!Number.isInteger(outputs)) fail('"outputs"', 'must be a whole number');
  const target = m['target'];
  if (target !== undefined) {
    const t = target as Record<string, unknown> | null;
    if (
      head !== 'regression' ||
      typeof t !== 'object' ||
      t === null ||
      !Number.isFinite(t['mean']) ||
      !Number.isFinite(t['scale']) ||
      !((t['scale'] as number) > 0)
    )
      fail('"target"', 'must be {mean, scale} with a scale above 0, for a regression');
  }
  const model = { ...m, head, outputs } as unknown as SavedModel;
  try {
    checkSpec(modelSpecOf(model));
  } catch (error) {
    fail('the model', error instanceof Error ? error.message : String(error));
  }
  const P = paramCount(modelSpecOf(model));
  const params = model.params as unknown;
  if (!Array.isArray(params) || params.length !== P)
    fail(
      '"params"',
      `must hold ${P} numbers for this shape, got ${Array.isArray(params) ? params.length : typeof params}`,
    );
  (params as unknown[]).forEach((p, i) => {
    if (typeof p !== 'number' || !Number.isFinite(p))
      fail(`"params"[${i}]`, `is not a finite number: ${JSON.stringify(p)}`);
  });
  // optional, so that files saved before they existed still load
  for (const [field, read] of [
    ['standardization', (v: unknown) => standardizationFrom(v, model.inputs)],
    ['columns', (v: unknown) => savedColumnsFrom(v, model.inputs, model.outputs)],
  ] as const) {
    if (m[field] === undefined) continue;
    const checked = read(m[field]);
    if (typeof checked === 'string') fail(`"${field}"`, checked);
  }
  return model;
}

export function modelToJson(model: SavedModel): string {
  return JSON.stringify(model, null, 1) + '\n';
}

export function modelFromJson(text: string, source = 'the model'): SavedModel {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ModelFileError(
      `${source}: not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  return checkModel(value, source);
}

/** PyTorch's module for each activation; linear is nn.Identity, which keeps the Linear layers at 2l. */
export const TORCH_ACTIVATIONS: Readonly<Record<Activation, string>> = {
  relu: 'nn.ReLU()',
  tanh: 'nn.Tanh()',
  sigmoid: 'nn.Sigmoid()',
  linear: 'nn.Identity()',
};

/** The model as PyTorch code: `nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))`. */
export function torchArchitecture(
  model: Pick<SavedModel, 'inputs' | 'features' | 'hidden' | 'activation' | 'head' | 'outputs'>,
): string {
  const w = widths(modelSpecOf(model));
  const modules = w
    .slice(1)
    .flatMap((outputs, l) => [
      ...(l > 0 ? [TORCH_ACTIVATIONS[model.activation]] : []),
      `nn.Linear(${w[l]}, ${outputs})`,
    ]);
  return `nn.Sequential(${modules.join(', ')})`;
}

/** The metadata key that holds the whole description as JSON; the other keys are there to be read. */
export const MODEL_METADATA_KEY = 'model';

/**
 * A safetensors file's __metadata__: the model's description as JSON under "model" (every field,
 * so fields added later travel without new code), and readable keys for people and for PyTorch
 * scripts: format, version, architecture, inputs, features, hidden, activation.
 */
export function safetensorsMetadata(model: ModelDescription): Record<string, string> {
  const description: Record<string, unknown> = { ...model };
  delete description['params'];
  return {
    [MODEL_METADATA_KEY]: JSON.stringify(description),
    format: model.format,
    version: String(model.version),
    architecture: torchArchitecture(model),
    inputs: String(model.inputs),
    features: model.features.join(','),
    hidden: model.hidden.join(','),
    activation: model.activation,
  };
}

export interface SafetensorsWriteOptions {
  /** F32, or F64; by default F64 exactly when some param is not a float32 (a float64 run), so nothing is rounded */
  readonly dtype?: FloatDtype;
}

/**
 * The model as safetensors with nn.Sequential state_dict names (`0.weight` out × in, `0.bias`,
 * `2.weight`, …), so `model.load_state_dict(load_file(path))` loads it into
 * {@link torchArchitecture}'s network.
 */
export function modelToSafetensors(
  model: SavedModel,
  options: SafetensorsWriteOptions = {},
): Uint8Array {
  const dtype = options.dtype ?? (model.params.every((p) => Math.fround(p) === p) ? 'F32' : 'F64');
  const tensors: [string, Tensor][] = layerShapes(modelSpecOf(model)).flatMap((layer, l) => [
    [
      sequentialName(l, 'weight'),
      {
        dtype,
        shape: [layer.outputs, layer.inputs],
        values: Float64Array.from(model.params.slice(layer.weightOffset, layer.biasOffset)),
      },
    ],
    [
      sequentialName(l, 'bias'),
      {
        dtype,
        shape: [layer.outputs],
        values: Float64Array.from(
          model.params.slice(layer.biasOffset, layer.biasOffset + layer.outputs),
        ),
      },
    ],
  ]);
  return encodeSafetensors(tensors, safetensorsMetadata(model));
}

export interface SafetensorsReadOptions {
  /** the hidden layers' activation when the file does not name one (a plain PyTorch state_dict) */
  readonly activation?: Activation;
}

/**
 * A model from safetensors: webgpu-train's own files (any version), or a PyTorch
 * `save_file(model.state_dict())` of an nn.Sequential of Linear layers and activations, F32 or
 * F64, with or without metadata. Every tensor's shape and dtype is checked, and a mismatch named.
 */
export function modelFromSafetensors(
  bytes: Uint8Array,
  source = 'the model',
  options: SafetensorsReadOptions = {},
): SavedModel {
  const fail = (why: string): never => {
    throw new ModelFileError(`${source}: ${why}`);
  };
  let file: SafetensorsFile;
  try {
    file = decodeSafetensors(bytes, source);
  } catch (error) {
    if (error instanceof SafetensorsError) throw new ModelFileError(error.message);
    throw error;
  }
  const description = descriptionOf(file.metadata, fail);
  const layers = linearLayers(file.tensors, fail);
  const features = Array.isArray(description['features'])
    ? (description['features'] as FeatureName[])
    : [];
  const w = checkShapes(layers, expectedWidths(description, features), fail);
  const hidden = w.slice(1, -1);
  const outputs = w[w.length - 1] as number;
  const inputs = (w[0] as number) - features.length;
  // metadata that gives only some of the widths must agree with the tensors
  for (const [key, value] of [
    ['inputs', inputs],
    ['hidden', hidden],
  ] as const) {
    if (key in description && JSON.stringify(description[key]) !== JSON.stringify(value))
      fail(
        `__metadata__ says ${key} ${JSON.stringify(description[key])}, the tensors have ${JSON.stringify(value)}`,
      );
  }
  const named = description['activation'];
  if (named === undefined && options.activation === undefined && hidden.length > 0)
    throw new MissingActivationError(source, hidden.length);
  return checkModel(
    {
      format: 'webgpu-train-model',
      version: 1,
      ...description,
      inputs,
      features,
      hidden,
      // a plain state_dict's K > 1 outputs are a softmax's logits; one output, a binary classifier's
      head: description['head'] ?? (outputs > 1 ? 'multiclass' : 'binary'),
      outputs,
      activation: named ?? options.activation ?? 'linear',
      params: layers.flatMap((layer) => [...layer.weight.values, ...layer.bias.values]),
    },
    source,
  );
}

/** What the metadata says of the model: the JSON description, else the readable keys, else nothing. */
function descriptionOf(
  metadata: Readonly<Record<string, string>> | null,
  fail: (why: string) => never,
): Record<string, unknown> {
  if (metadata === null) return {};
  const json = metadata[MODEL_METADATA_KEY];
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      fail(`__metadata__ "${MODEL_METADATA_KEY}" is not JSON`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      fail(`__metadata__ "${MODEL_METADATA_KEY}" is not a JSON object`);
    return parsed as Record<string, unknown>;
  }
  // webgpu-train's first safetensors files, or metadata a PyTorch user wrote by hand
  const list = (text: string) => (text === '' ? [] : text.split(','));
  const out: Record<string, unknown> = {};
  const { inputs, features, hidden, activation } = metadata;
  if (inputs !== undefined) out['inputs'] = Number(inputs);
  if (features !== undefined) out['features'] = list(features);
  if (hidden !== undefined) out['hidden'] = list(hidden).map(Number);
  if (activation !== undefined) out['activation'] = activation;
  // files saved before the "model" key kept these two as JSON under their own keys
  for (const field of ['standardization', 'columns'] as const) {
    const text = metadata[field];
    if (text === undefined) continue;
    try {
      out[field] = JSON.parse(text) as unknown;
    } catch {
      fail(`__metadata__ "${field}" is not JSON`);
    }
  }
  return out;
}

/** The widths [D, H₁, …, K] the description promises, when it gives the inputs and the hidden layers. */
function expectedWidths(
  description: Record<string, unknown>,
  features: readonly FeatureName[],
): number[] | null {
  const { inputs, hidden, outputs } = description;
  if (typeof inputs !== 'number' || !Array.isArray(hidden)) return null;
  return [
    inputs + features.length,
    ...(hidden as number[]),
    typeof outputs === 'number' ? outputs : 1,
  ];
}

const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/**
 * Checks every layer's weight [out, in] and bias [out]: against the description where it gives the
 * widths, else against each other (each layer takes the outputs of the one before). Returns the
 * widths [D, H₁, …, K].
 */
function checkShapes(
  layers: readonly LinearTensors[],
  expected: readonly number[] | null,
  fail: (why: string) => never,
): number[] {
  if (expected !== null && expected.length - 1 !== layers.length)
    fail(
      `the metadata describes ${expected.length - 1} Linear layers (widths ${expected.join('-')}), the file holds ${layers.length} (${layers.map((l) => l.weightName).join(', ')})`,
    );
  const first = layers[0]?.weight.shape;
  const w = [expected?.[0] ?? (first?.length === 2 ? (first[1] as number) : 0)];
  layers.forEach((layer, l) => {
    const inputs = w[l] as number;
    const given = layer.weight.shape;
    const outputs = expected?.[l + 1] ?? (given.length === 2 ? (given[0] as number) : 0);
    const why =
      expected !== null
        ? 'as the metadata describes the model'
        : l > 0
          ? `it takes the ${inputs} outputs of "${layers[l - 1]?.weightName}"`
          : 'a weight is [out, in]';
    const want = [outputs, inputs];
    if (given.length !== 2 || given[0] !== outputs || given[1] !== inputs) {
      const transposed = given.length === 2 && given[0] === inputs && given[1] === outputs;
      fail(
        `"${layer.weightName}" has shape ${shapeText(given)}, expected ${shapeText(want)} for nn.Linear(${inputs}, ${outputs}) (${why})${transposed ? '; it looks transposed: PyTorch keeps a weight as [out, in]' : ''}`,
      );
    }
    const bias = layer.bias.shape;
    if (bias.length !== 1 || bias[0] !== outputs)
      fail(`"${layer.biasName}" has shape ${shapeText(bias)}, expected [${outputs}]`);
    w.push(outputs);
  });
  return w;
}
