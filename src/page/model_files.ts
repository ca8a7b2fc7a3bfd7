/**
 * Saving the current model and loading one back, through the model files' public functions: JSON
 * or safetensors, as the command line writes and reads them.
 */
import { savedColumnsOf, type TableDescription } from '../data/index.ts';
import type { ShownModel } from './model_field.ts';
import {
  modelFromJson,
  modelFromSafetensors,
  modelToJson,
  modelToSafetensors,
  savedModelOf,
  type SavedModel,
} from '../model/serialize.ts';

/**
 * The model as a file holds it, with the z-score its inputs take and, for a CSV file's data, how
 * its columns were read, so that `predict` reads files the same way.
 */
export function savedModel(model: ShownModel, table: TableDescription | null): SavedModel {
  const saved = savedModelOf(model.spec, model.standardization, Array.from(model.params));
  return table === null ? saved : { ...saved, columns: savedColumnsOf(table) };
}

/** Reads a model file; its errors name the file and what is wrong. */
export async function readModelFile(file: File): Promise<SavedModel> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return file.name.endsWith('.safetensors')
    ? modelFromSafetensors(bytes, file.name)
    : modelFromJson(new TextDecoder().decode(bytes), file.name);
}

/** Offers bytes to the user as a file download (no server involved). */
function download(name: string, contents: string | Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([contents as BlobPart], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function saveModel(model: SavedModel, as: 'json' | 'safetensors'): void {
  if (as === 'json') download('webgpu-train-model.json', modelToJson(model), 'application/json');
  else
    download(
      'webgpu-train-model.safetensors',
      modelToSafetensors(model),
      'application/octet-stream',
    );
}
