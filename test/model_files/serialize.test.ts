import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { applyStandardization, makeMoons, type SavedColumns } from '../../src/data/index.ts';
import { FEATURES } from '../../src/core/features.ts';
import { initialParams } from '../../src/core/init.ts';
import { predict } from '../../src/model/predict.ts';
import { ACTIVATIONS } from '../../src/core/spec.ts';
import {
  decodeSafetensors,
  encodeSafetensors,
  MissingActivationError,
  modelFromJson,
  modelFromSafetensors,
  ModelFileError,
  modelToJson,
  modelToSafetensors,
  type SavedModel,
  type Tensor,
} from '../../src/model/index.ts';

const base = {
  format: 'webgpu-train-model',
  version: 1,
  inputs: 2,
  features: ['x2', 'sinx'],
  hidden: [5, 3],
  activation: 'relu',
  head: 'binary',
  outputs: 1,
} as const;
const model: SavedModel = {
  ...base,
  params: Array.from(initialParams(base, 4), Math.fround),
};
const f64Model: SavedModel = { ...model, params: Array.from(initialParams(base, 4)) };

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/models/${name}`, import.meta.url));

function headerOf(bytes: Uint8Array): Record<string, { dtype: string; shape: number[] }> & {
  __metadata__: Record<string, string>;
} {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as ReturnType<
    typeof headerOf
  >;
}

/** A state_dict as PyTorch's save_file writes it: these tensors, no metadata unless given. */
function stateDict(
  shapes: Record<string, number[]>,
  options: { dtype?: 'F32' | 'F64'; metadata?: Record<string, string> } = {},
): Uint8Array {
  const tensors = Object.entries(shapes).map(([name, shape]): [string, Tensor] => [
    name,
    {
      dtype: options.dtype ?? 'F32',
      shape,
      values: Float64Array.from({ length: shape.reduce((n, d) => n * d, 1) }, (_, i) => i / 8),
    },
  ]);
  return encodeSafetensors(tensors, options.metadata ?? null);
}

describe('saving and loading a model', () => {
  it('JSON round-trips exactly, and the loaded model predicts the same', () => {
    const back = modelFromJson(modelToJson(model));
    expect(back).toEqual(model);
    const data = makeMoons({ nSamples: 20, randomState: 0 });
    expect(Array.from(predict(back, data))).toEqual(Array.from(predict(model, data)));
  });

  it("safetensors names the tensors as nn.Sequential's state_dict, [out, in], with the model in the metadata", () => {
    const bytes = modelToSafetensors(model);
    const header = headerOf(bytes);
    expect((8 + Number(new DataView(bytes.buffer).getBigUint64(0, true))) % 8).toBe(0);
    expect(Object.keys(header).filter((k) => k !== '__metadata__')).toEqual([
      '0.weight',
      '0.bias',
      '2.weight',
      '2.bias',
      '4.weight',
      '4.bias',
    ]);
    expect(header['0.weight']).toMatchObject({ dtype: 'F32', shape: [5, 4] });
    expect(header['2.weight']?.shape).toEqual([3, 5]);
    expect(header['4.weight']?.shape).toEqual([1, 3]);
    expect(header['4.bias']?.shape).toEqual([1]);
    const meta = header.__metadata__;
    expect(meta).toMatchObject({
      format: 'webgpu-train-model',
      version: '1',
      inputs: '2',
      features: 'x2,sinx',
      hidden: '5,3',
      activation: 'relu',
      architecture:
        'nn.Sequential(nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 3), nn.ReLU(), nn.Linear(3, 1))',
    });
    expect(JSON.parse(meta['model']!)).toEqual(base);
    expect(modelFromSafetensors(bytes)).toEqual(model);
  });

  it('keeps every bit of float64 params (F64 tensors), and float32 params as F32', () => {
    const bytes = modelToSafetensors(f64Model);
    expect(headerOf(bytes)['0.weight']?.dtype).toBe('F64');
    expect(modelFromSafetensors(bytes)).toEqual(f64Model);
    expect(headerOf(modelToSafetensors(f64Model, { dtype: 'F32' }))['0.weight']?.dtype).toBe('F32');
    expect(modelFromSafetensors(modelToSafetensors(f64Model, { dtype: 'F32' })).params).toEqual(
      f64Model.params.map(Math.fround),
    );
  });

  it('carries fields it does not know yet through safetensors, unchanged', () => {
    const extended = {
      ...model,
      labels: { '0': 'B', '1': 'M' },
      standardize: { mean: [1, 2], std: [3, 4] },
    };
    const back = modelFromSafetensors(modelToSafetensors(extended)) as typeof extended;
    expect(back).toEqual(extended);
  });

  it('still loads the files of earlier versions (layers.L names, metadata as strings)', () => {
    expect(modelFromJson(fixture('v1_relu_5_3.json').toString('utf8'))).toEqual(model);
    expect(modelFromSafetensors(new Uint8Array(fixture('v1_relu_5_3.safetensors')))).toEqual(model);
  });

  it('reads a plain state_dict (no metadata) when told the activation, F32 or F64, under any module prefix', () => {
    const shapes = { '0.weight': [8, 3], '0.bias': [8], '2.weight': [1, 8], '2.bias': [1] };
    for (const dtype of ['F32', 'F64'] as const) {
      const loaded = modelFromSafetensors(stateDict(shapes, { dtype }), 'torch.safetensors', {
        activation: 'tanh',
      });
      expect(loaded).toMatchObject({ inputs: 3, features: [], hidden: [8], activation: 'tanh' });
      expect(loaded.params.slice(0, 3)).toEqual([0, 1 / 8, 2 / 8]);
      expect(loaded.params).toHaveLength(8 * 3 + 8 + 8 + 1);
    }
    const wrapped = Object.fromEntries(
      Object.entries(shapes).map(([name, shape]) => [`module.net.${name}`, shape]),
    );
    expect(modelFromSafetensors(stateDict(wrapped), 'ddp', { activation: 'relu' }).hidden).toEqual([
      8,
    ]);
    // a linear model needs no activation
    expect(modelFromSafetensors(stateDict({ '0.weight': [1, 30], '0.bias': [1] })).hidden).toEqual(
      [],
    );
    // the activation may come from metadata a PyTorch user writes
    const told = stateDict(shapes, { metadata: { activation: 'sigmoid' } });
    expect(modelFromSafetensors(told).activation).toBe('sigmoid');
  });

  it('asks for the activation of a plain state_dict with hidden layers', () => {
    const bytes = stateDict({
      '0.weight': [4, 2],
      '0.bias': [4],
      '2.weight': [4, 4],
      '2.bias': [4],
      '4.weight': [1, 4],
      '4.bias': [1],
    });
    expect(() => modelFromSafetensors(bytes, 'torch.safetensors')).toThrow(MissingActivationError);
    expect(() => modelFromSafetensors(bytes, 'torch.safetensors')).toThrow(
      /torch\.safetensors: the file does not say which activation its 2 hidden layers use/,
    );
  });

  it("reads a plain state_dict's K outputs as a K-class softmax, and one as a binary logit", () => {
    const three = modelFromSafetensors(
      stateDict({ '0.weight': [8, 3], '0.bias': [8], '2.weight': [3, 8], '2.bias': [3] }),
      'm.safetensors',
      { activation: 'relu' },
    );
    expect([three.head, three.outputs, three.hidden]).toEqual(['multiclass', 3, [8]]);
    const one = modelFromSafetensors(stateDict({ '0.weight': [1, 3], '0.bias': [1] }), 'm');
    expect([one.head, one.outputs]).toEqual(['binary', 1]);
  });

  it('checks every shape and dtype, naming the tensor and what was expected', () => {
    const cases: [Uint8Array, RegExp][] = [
      // the weight saved as [in, out], with the model in the metadata
      [
        (() => {
          const bytes = modelToSafetensors(model);
          const transposed = decodeSafetensors(bytes, 'm');
          const tensors = [...transposed.tensors].map(([name, t]): [string, Tensor] =>
            name === '0.weight' ? [name, { ...t, shape: [4, 5] }] : [name, t],
          );
          return encodeSafetensors(tensors, transposed.metadata);
        })(),
        /"0\.weight" has shape \[4, 5\], expected \[5, 4\] for nn\.Linear\(4, 5\) \(as the metadata describes the model\); it looks transposed/,
      ],
      [
        stateDict({ '0.weight': [8, 3], '0.bias': [8], '2.weight': [1, 5], '2.bias': [1] }),
        /"2\.weight" has shape \[1, 5\], expected \[1, 8\] for nn\.Linear\(8, 1\) \(it takes the 8 outputs of "0\.weight"\)/,
      ],
      [
        stateDict({
          '0.weight': [8, 3],
          '0.bias': [8],
          '2.weight': [4, 7],
          '2.bias': [4],
          '4.weight': [1, 4],
          '4.bias': [1],
        }),
        /"2\.weight" has shape \[4, 7\], expected \[4, 8\] for nn\.Linear\(8, 4\) \(it takes the 8 outputs of "0\.weight"\)/,
      ],
      [
        stateDict({ '0.weight': [1, 3], '0.bias': [2] }),
        /"0\.bias" has shape \[2\], expected \[1\]/,
      ],
      [stateDict({ '0.weight': [1, 3] }), /"0\.weight" has no bias beside it/],
      [
        stateDict({ 'fc1.weight': [1, 3], 'fc1.bias': [1] }),
        /tensor "fc1\.weight" is not a layer of an nn\.Sequential/,
      ],
      [
        stateDict({ 'a.0.weight': [1, 3], 'a.0.bias': [1], 'b.2.weight': [1, 1], 'b.2.bias': [1] }),
        /the tensors come from 2 modules/,
      ],
      [
        stateDict(
          { '0.weight': [1, 3], '0.bias': [1] },
          { metadata: { model: JSON.stringify({ ...base, inputs: 3 }) } },
        ),
        /the metadata describes 3 Linear layers \(widths 5-5-3-1\), the file holds 1 \(0\.weight\)/,
      ],
    ];
    for (const [bytes, message] of cases) {
      expect(() => modelFromSafetensors(bytes, 'm.safetensors', { activation: 'relu' })).toThrow(
        message,
      );
    }
    // a dtype the engine does not take: the first tensor's "F32" patched in place to "F16"
    const f16 = Buffer.from(modelToSafetensors(model));
    f16.write('F16', f16.indexOf('"dtype":"F32"') + '"dtype":"'.length, 'latin1');
    expect(() => modelFromSafetensors(new Uint8Array(f16), 'm.safetensors')).toThrow(
      /m\.safetensors: "0\.weight" is "F16"; webgpu-train reads F32 and F64 tensors/,
    );
  });

  it('refuses broken files, naming what is wrong', () => {
    const json = (change: Record<string, unknown>) => JSON.stringify({ ...model, ...change });
    expect(() => modelFromJson('{', 'm.json')).toThrow(/^m\.json: not JSON/);
    expect(() => modelFromJson(json({ format: 'other' }), 'm.json')).toThrow(
      /m\.json: "format" must be "webgpu-train-model"/,
    );
    expect(() => modelFromJson(json({ params: [1, 2] }), 'm.json')).toThrow(
      /"params" must hold 47 numbers/,
    );
    expect(() =>
      modelFromJson(json({ params: [...model.params.slice(1), 'x'] }), 'm.json'),
    ).toThrow(/"params"\[46\] is not a finite number/);
    expect(() => modelFromJson(json({ hidden: [4097] }), 'm.json')).toThrow(ModelFileError);
    expect(() => modelFromSafetensors(new Uint8Array(4), 'm.safetensors')).toThrow(
      /m\.safetensors: too short/,
    );
    const truncated = modelToSafetensors(model).subarray(0, 100);
    expect(() => modelFromSafetensors(truncated, 'm.safetensors')).toThrow(ModelFileError);
    const cut = modelToSafetensors(model);
    expect(() => modelFromSafetensors(cut.subarray(0, cut.length - 4), 'm.safetensors')).toThrow(
      /m\.safetensors: "4\.bias" lies in bytes \d+…\d+, outside the \d+ bytes of data/,
    );
  });

  it('refuses data with the wrong number of features', () => {
    expect(() =>
      predict(model, { X: new Float64Array(3), y: new Int32Array(1), nSamples: 1, nFeatures: 3 }),
    ).toThrow(/takes 2 features, the data has 3/);
  });

  describe('with a standardization and the columns it was trained on', () => {
    const columns: SavedColumns = {
      header: true,
      names: ['id', 'a', 'b', 'diagnosis'],
      features: [2, 3],
      label: 4,
      ignored: [1],
      labels: { negative: 'B', positive: 'M' },
    };
    const saved: SavedModel = {
      ...model,
      standardization: { mean: [0.1234567890123456, -3], scale: [1e-3 / 3, 7] },
      columns,
    };

    it('round-trips both in JSON and in safetensors metadata, every float64 digit kept', () => {
      expect(modelFromJson(modelToJson(saved))).toEqual(saved);
      const back = modelFromSafetensors(modelToSafetensors(saved));
      expect(back.standardization).toEqual(saved.standardization);
      expect(back.columns).toEqual(saved.columns);
    });

    it('predicts on raw inputs as the plain model does on standardized ones', () => {
      const data = makeMoons({ nSamples: 20, randomState: 0 });
      const standardization = saved.standardization ?? { mean: [], scale: [] };
      expect(Array.from(predict(saved, data))).toEqual(
        Array.from(predict(model, applyStandardization(standardization, data))),
      );
    });

    it('travels inside the "model" metadata of safetensors, as the other fields do', () => {
      const meta = headerOf(modelToSafetensors(saved)).__metadata__;
      const description = JSON.parse(meta['model'] ?? '{}') as Record<string, unknown>;
      expect(description['standardization']).toEqual(saved.standardization);
      expect(description['columns']).toEqual(saved.columns);
    });

    it('loads the files of the version that kept both under their own metadata keys', () => {
      const json = modelFromJson(fixture('v1_columns_standardized.json').toString('utf8'));
      const st = modelFromSafetensors(
        new Uint8Array(fixture('v1_columns_standardized.safetensors')),
      );
      expect(json.columns).toEqual({
        header: true,
        names: ['id', 'size', 'weight', 'kind'],
        features: [2, 3],
        label: 4,
        ignored: [1],
        labels: { negative: 'big', positive: 'small' },
      });
      expect(st.columns).toEqual(json.columns);
      expect(st.standardization).toEqual(json.standardization);
      expect(json.standardization?.mean[0]).toBeCloseTo(121.56, 2);
      // that version rounded the params to F32 in safetensors
      expect(st.params).toEqual(json.params.map(Math.fround));
      // saved again, it round-trips in today's layout
      expect(modelFromSafetensors(modelToSafetensors(st))).toEqual(st);
    });

    it('loads files saved before either existed', () => {
      const old = JSON.stringify(model);
      expect(old).not.toMatch(/standardization|columns/);
      expect(modelFromJson(old)).toEqual(model);
    });

    it('refuses a broken standardization or column list, naming it', () => {
      const json = (change: Record<string, unknown>) => JSON.stringify({ ...saved, ...change });
      expect(() =>
        modelFromJson(json({ standardization: { mean: [1], scale: [1] } }), 'm.json'),
      ).toThrow(/^m\.json: "standardization" mean must list 2 numbers, one per feature$/);
      expect(() =>
        modelFromJson(json({ columns: { ...saved.columns, features: [2, 9] } }), 'm.json'),
      ).toThrow(/^m\.json: "columns" "features" must list 2 column numbers from 1 to 4$/);
      expect(() =>
        modelFromJson(json({ columns: { ...saved.columns, labels: 'x' } }), 'm.json'),
      ).toThrow(/"labels" must be \{negative, positive\} or null/);
    });
  });
});

describe('the JSON format, docs/model.schema.json', () => {
  const schema = JSON.parse(
    readFileSync(new URL('../../docs/model.schema.json', import.meta.url), 'utf8'),
  ) as { properties: Record<string, { enum?: string[]; items?: { enum?: string[] } }> };
  const validate = new Ajv2020({ strict: true }).compile(schema);

  it('accepts every file webgpu-train writes, the earlier version, and the model inside safetensors metadata', () => {
    const files = [
      modelToJson(model),
      modelToJson(f64Model),
      modelToJson({ ...model, features: [], hidden: [], activation: 'tanh', params: [0.5, -1, 2] }),
      // a 3-class softmax, and a regression on a standardized target
      modelToJson({
        ...model,
        features: [],
        hidden: [],
        head: 'multiclass',
        outputs: 3,
        params: [1, 2, 3, 4, 5, 6, 7, 8, 9],
      }),
      modelToJson({
        ...model,
        features: [],
        hidden: [],
        head: 'regression',
        target: { mean: 150, scale: 77 },
        params: [0.5, -1, 2],
      }),
      fixture('v1_relu_5_3.json').toString('utf8'),
      fixture('v1_columns_standardized.json').toString('utf8'),
      modelToJson({
        ...model,
        standardization: { mean: [1, 2], scale: [3, 4] },
        columns: {
          header: false,
          names: ['column 1', 'column 2', 'column 3'],
          features: [1, 2],
          label: 3,
          ignored: [],
          labels: null,
        },
      }),
    ];
    for (const text of files)
      expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
    const meta = headerOf(modelToSafetensors(model)).__metadata__;
    expect(validate({ ...JSON.parse(meta['model']!), params: model.params })).toBe(true);
  });

  it('refuses what the loader refuses', () => {
    for (const change of [
      { format: 'other' },
      { activation: 'gelu' },
      { features: ['x3'] },
      { hidden: [4097] },
      { hidden: [1, 1, 1, 1, 1, 1, 1] },
      { inputs: 0 },
      { params: [1, 'x'] },
      { standardization: { mean: [0, 0], scale: [1, 0] } },
      { standardization: { mean: [0, 0] } },
      { head: 'ordinal' },
      { outputs: 0 },
      { head: 'regression', target: { mean: 0, scale: 0 } },
      {
        columns: { header: 'yes', names: [], features: [], label: null, ignored: [], labels: null },
      },
    ]) {
      const bad = { ...model, ...change };
      expect(validate(bad), JSON.stringify(change)).toBe(false);
      expect(() => modelFromJson(JSON.stringify(bad), 'm.json'), JSON.stringify(change)).toThrow(
        ModelFileError,
      );
    }
  });

  it('lists the same activations and features as the code', () => {
    expect(schema.properties['activation']?.enum).toEqual([...ACTIVATIONS]);
    expect(schema.properties['features']?.items?.enum).toEqual([...FEATURES]);
  });
});
