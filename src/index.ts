/// <reference types="@webgpu/types" preserve="true" />
/**
 * webgpu-train, the package's browser entry (`import … from 'webgpu-train'`): the one `train`,
 * its options table, play/pause control and JSON form; data sets and CSV reading; models and their
 * files; the adapter. Node users import 'webgpu-train/node', which re-exports all of this with
 * Dawn's WebGPU installed (and reads CSV files from disk).
 */
export { forecastRun, train, type RunForecast, type TrainCallOptions } from './train.ts';
export { RunControl } from './core/control.ts';
export {
  BACKENDS,
  OptionError,
  OPTIONS,
  PRECISIONS,
  SCHEDULES,
  type Backend,
  type OptionKey,
  type OptionSpec,
  type ScheduleChoice,
} from './core/options.ts';
export type { TrainOptions } from './api/resolve.ts';
export {
  dataToJson,
  resultToJson,
  type DataJson,
  type RunReport,
  type RunTimings,
  type TrainProgress,
  type TrainResult,
} from './api/result.ts';
export type { EpochLosses } from './core/run.ts';
export { metricsOf, type Metrics } from './core/metrics.ts';
export { predict } from './model/predict.ts';
export {
  ACTIVATIONS,
  describeSpec,
  ModelSpecError,
  type Activation,
  type ModelSpec,
} from './core/spec.ts';
export { FEATURES, type FeatureName } from './core/features.ts';
export { OPTIMIZERS, type OptimizerName } from './core/optimizers.ts';
export {
  applyStandardization,
  CsvError,
  fitStandardization,
  formatCsv,
  generatorNames,
  generators,
  makeBlobs,
  makeCircles,
  makeClassification,
  makeDataset,
  makeMoons,
  makeRegression,
  makeRegressionWithCoef,
  ParameterError,
  parseCsv,
  RandomState,
  readTableStream,
  readTableText,
  regressGaussian,
  regressPlane,
  scaleWarning,
  spiral,
  splitDataset,
  xor,
  type Dataset,
  type Generator,
  type GeneratorName,
  type LabelMapping,
  type MakeBlobsOptions,
  type MakeCirclesOptions,
  type MakeClassificationOptions,
  type MakeMoonsOptions,
  type MakeRegressionOptions,
  type RegressionWithCoef,
  type ParseCsvOptions,
  type PlaygroundOptions,
  type ReadTableOptions,
  type SavedColumns,
  type SplitOptions,
  type Splits,
  type Standardization,
  type Table,
  type TableDescription,
} from './data/index.ts';
export {
  MissingActivationError,
  ModelFileError,
  modelFromJson,
  modelFromSafetensors,
  modelToJson,
  modelToSafetensors,
  torchArchitecture,
  type ModelDescription,
  type SafetensorsReadOptions,
  type SafetensorsWriteOptions,
  type SavedModel,
} from './model/serialize.ts';
export { describeAdapter, type AdapterSummary } from './gpu/adapter.ts';
export { acquireGpu, releaseGpu, type GpuContext } from './gpu/device.ts';
export { GpuDeviceLostError, GpuRunError, WebGpuUnavailableError } from './gpu/errors.ts';
export { ShaderCompileError } from './gpu/kernels.ts';
export { GpuCapacityError } from './gpu/plan.ts';
