import { readFile } from 'node:fs/promises';
import { modelFromJson, modelFromSafetensors, type SavedModel } from '../model/index.ts';
import { UsageError } from './errors.ts';

/** A saved model from a .json or .safetensors file; a bad file names itself and what is wrong. */
export async function readModel(path: string): Promise<SavedModel> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UsageError(
      `${path}: cannot read the model file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  return path.endsWith('.safetensors')
    ? modelFromSafetensors(new Uint8Array(bytes), path)
    : modelFromJson(bytes.toString('utf8'), path);
}
