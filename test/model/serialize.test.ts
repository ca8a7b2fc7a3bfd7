import { describe, expect, it } from 'vitest';
import { applyStandardization, makeMoons, type SavedColumns } from '../../src/data/index.ts';
import {
  initialModelParams,
  modelFromJson,
  modelFromSafetensors,
  ModelFileError,
  modelToJson,
  modelToSafetensors,
  predict,
  specOf,
  type SavedModel,
} from '../../src/model/index.ts';

const base = {
  format: 'webgpu-train-model',
  version: 1,
  inputs: 2,
  features: ['x2', 'sinx'],
  hidden: [5, 3],
  activation: 'relu',
} as const;
const model: SavedModel = {
  ...base,
  params: Array.from(initialModelParams(specOf(base), 4), Math.fround),
};

describe('saving and loading a model', () => {
  it('JSON round-trips exactly, and the loaded model predicts the same', () => {
    const back = modelFromJson(modelToJson(model));
    expect(back).toEqual(model);
    const data = makeMoons({ nSamples: 20, randomState: 0 });
    expect(Array.from(predict(back, data))).toEqual(Array.from(predict(model, data)));
  });

  it('safetensors round-trips the f32 params, with the header 8-byte aligned and the tensors named per layer', () => {
    const bytes = modelToSafetensors(model);
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
    const header = JSON.parse(
      new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)),
    ) as Record<string, { shape?: number[] }>;
    expect(header['layers.0.weight']?.shape).toEqual([5, 4]);
    expect(header['layers.2.bias']?.shape).toEqual([1]);
    expect(modelFromSafetensors(bytes)).toEqual(model);
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
    expect(() => modelFromJson(json({ hidden: [99] }), 'm.json')).toThrow(ModelFileError);
    expect(() => modelFromSafetensors(new Uint8Array(4), 'm.safetensors')).toThrow(
      /m\.safetensors: too short/,
    );
    const truncated = modelToSafetensors(model).subarray(0, 100);
    expect(() => modelFromSafetensors(truncated, 'm.safetensors')).toThrow(ModelFileError);
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
