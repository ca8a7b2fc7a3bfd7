import {
  savedColumnsFrom,
  standardizationFrom,
  type SavedColumns,
  type Standardization,
} from '../data/index.ts';
import { FEATURES, type FeatureName } from '../core/features.ts';
import {
  ACTIVATIONS,
  checkSpec,
  layerShapes,
  paramCountOf,
  type Activation,
  type ModelSpec,
} from './spec.ts';

/** A trained model as it is saved: what it takes (raw inputs, extra features), its shape, its params. */
export interface SavedModel {
  readonly format: 'webgpu-train-model';
  readonly version: 1;
  /** features in the data, before the extra ones are added */
  readonly inputs: number;
  readonly features: readonly FeatureName[];
  readonly hidden: readonly number[];
  readonly activation: Activation;
  /** per layer: W (out × in, row-major) then b */
  readonly params: readonly number[];
  /** the z-score applied to the raw inputs before the network (fitted on the training split) */
  readonly standardization?: Standardization;
  /** the training file's columns and label mapping, so predict reads files the same way */
  readonly columns?: SavedColumns;
}

/** A model file that cannot be read, with what is wrong and where. */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

/** The network's spec: its inputs are the raw features plus the extra ones. */
export function specOf(
  model: Pick<SavedModel, 'inputs' | 'features' | 'hidden' | 'activation'>,
): ModelSpec {
  return {
    inputs: model.inputs + model.features.length,
    hidden: model.hidden,
    activation: model.activation,
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
  const model = m as unknown as SavedModel;
  try {
    checkSpec(specOf(model));
  } catch (error) {
    fail('the model', error instanceof Error ? error.message : String(error));
  }
  const P = paramCountOf(specOf(model));
  const params = m['params'];
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
    ['standardization', standardizationFrom],
    ['columns', savedColumnsFrom],
  ] as const) {
    if (m[field] === undefined) continue;
    const checked = read(m[field], model.inputs);
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

/**
 * safetensors (Hugging Face's format): an 8-byte little-endian header length, a JSON header naming
 * each tensor's dtype, shape and byte range, then the raw little-endian data. One F32 tensor per
 * layer weight (`layers.L.weight`, out × in) and bias (`layers.L.bias`); the rest in __metadata__.
 */
export function modelToSafetensors(model: SavedModel): Uint8Array {
  const header: Record<string, unknown> = {
    __metadata__: {
      format: model.format,
      version: String(model.version),
      inputs: String(model.inputs),
      features: model.features.join(','),
      hidden: model.hidden.join(','),
      activation: model.activation,
      // strings, as safetensors requires of its metadata: JSON keeps every float64 digit
      ...(model.standardization === undefined
        ? {}
        : { standardization: JSON.stringify(model.standardization) }),
      ...(model.columns === undefined ? {} : { columns: JSON.stringify(model.columns) }),
    },
  };
  layerShapes(specOf(model)).forEach((layer, l) => {
    const w = layer.weightOffset * 4;
    const b = layer.biasOffset * 4;
    header[`layers.${l}.weight`] = {
      dtype: 'F32',
      shape: [layer.outputs, layer.inputs],
      data_offsets: [w, b],
    };
    header[`layers.${l}.bias`] = {
      dtype: 'F32',
      shape: [layer.outputs],
      data_offsets: [b, b + layer.outputs * 4],
    };
  });
  let json = JSON.stringify(header);
  // the data starts 8-byte aligned, padded with spaces as the format allows
  while ((8 + new TextEncoder().encode(json).length) % 8 !== 0) json += ' ';
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + model.params.length * 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  model.params.forEach((p, i) => view.setFloat32(8 + headerBytes.length + 4 * i, p, true));
  return out;
}

export function modelFromSafetensors(bytes: Uint8Array, source = 'the model'): SavedModel {
  const fail = (why: string): never => {
    throw new ModelFileError(`${source}: ${why}`);
  };
  if (bytes.length < 8) fail('too short for safetensors (no header length)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = Number(view.getBigUint64(0, true));
  if (8 + length > bytes.length)
    fail(`the header says ${length} bytes, the file has ${bytes.length - 8} after the length`);
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }> & {
    __metadata__?: Record<string, string>;
  };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as typeof header;
  } catch {
    return fail('the safetensors header is not JSON');
  }
  const meta = header.__metadata__ ?? fail('no __metadata__ naming the model');
  const list = (text: string | undefined): string[] =>
    text === undefined || text === '' ? [] : text.split(',');
  const shape = {
    inputs: Number(meta['inputs']),
    features: list(meta['features']) as FeatureName[],
    hidden: list(meta['hidden']).map(Number),
    activation: meta['activation'] as Activation,
  };
  const data = bytes.subarray(8 + length);
  const params: number[] = [];
  let layers: ReturnType<typeof layerShapes> = [];
  try {
    layers = layerShapes(checkSpec(specOf(shape)));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  layers.forEach((layer, l) => {
    for (const [name, count] of [
      [`layers.${l}.weight`, layer.inputs * layer.outputs],
      [`layers.${l}.bias`, layer.outputs],
    ] as const) {
      const tensor = header[name] ?? fail(`no tensor "${name}"`);
      if (tensor.dtype !== 'F32') fail(`"${name}" is ${tensor.dtype}, not F32`);
      const [start, end] = tensor.data_offsets;
      if (end - start !== count * 4 || end > data.length)
        fail(
          `"${name}" has ${(end - start) / 4} values in bytes ${start}…${end}, expected ${count}`,
        );
      const values = new DataView(data.buffer, data.byteOffset + start, end - start);
      for (let i = 0; i < count; i++) params.push(values.getFloat32(4 * i, true));
    }
  });
  const parsed = (field: 'standardization' | 'columns'): Record<string, unknown> => {
    const text = meta[field];
    if (text === undefined) return {};
    try {
      return { [field]: JSON.parse(text) as unknown };
    } catch {
      return fail(`__metadata__.${field} is not JSON`);
    }
  };
  return checkModel(
    {
      format: meta['format'],
      version: Number(meta['version']),
      ...shape,
      params,
      ...parsed('standardization'),
      ...parsed('columns'),
    },
    source,
  );
}
