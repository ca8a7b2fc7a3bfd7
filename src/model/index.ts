/** Model files: JSON and safetensors with PyTorch's nn.Sequential names, read and written. */
export {
  checkModel,
  MissingActivationError,
  MODEL_METADATA_KEY,
  modelFromJson,
  modelFromSafetensors,
  modelToJson,
  modelToSafetensors,
  ModelFileError,
  safetensorsMetadata,
  TORCH_ACTIVATIONS,
  torchArchitecture,
  type ModelDescription,
  type SafetensorsReadOptions,
  type SafetensorsWriteOptions,
  type SavedModel,
} from './serialize.ts';
export { sequentialName } from './state_dict.ts';
export {
  decodeSafetensors,
  encodeSafetensors,
  SafetensorsError,
  type FloatDtype,
  type SafetensorsFile,
  type Tensor,
} from './safetensors.ts';
