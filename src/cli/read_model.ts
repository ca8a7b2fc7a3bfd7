import { readFile } from 'node:fs/promises';
import { ACTIVATIONS, type Activation } from '../core/spec.ts';
import {
  MissingActivationError,
  modelFromJson,
  modelFromSafetensors,
  type SavedModel,
} from '../model/serialize.ts';
import { UsageError } from './errors.ts';

/** How the model file was named on the command line, for messages: `--model m.json`. */
export interface ModelFileFlag {
  readonly flag: '--model' | '--init-model';
  readonly path: string;
}

/**
 * A saved model from a .json or .safetensors file; a bad file names itself and what is wrong.
 * `activation` (--activation) serves a PyTorch state_dict that does not name its activation; a
 * file that names another one is a conflict.
 */
export async function readModel(
  { flag, path }: ModelFileFlag,
  activation?: Activation,
): Promise<SavedModel> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UsageError(
      `${path}: cannot read the model file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  let model: SavedModel;
  try {
    model = path.endsWith('.safetensors')
      ? modelFromSafetensors(new Uint8Array(bytes), path, activation ? { activation } : {})
      : modelFromJson(bytes.toString('utf8'), path);
  } catch (error) {
    if (error instanceof MissingActivationError)
      throw new UsageError(
        `${path}: the file does not say which activation its ${error.hiddenLayers} hidden layer${error.hiddenLayers === 1 ? '' : 's'} use (a plain PyTorch state_dict names none); give it with --activation ${ACTIVATIONS.join('|')}`,
      );
    throw error;
  }
  if (activation !== undefined && model.hidden.length > 0 && model.activation !== activation)
    throw new UsageError(
      `--activation ${activation} conflicts with ${flag} ${path}, whose model uses ${model.activation}`,
    );
  return model;
}
