export {
  ACTIVATIONS,
  checkSpec,
  layerShapes,
  MAX_HIDDEN_LAYERS,
  MAX_WIDTH,
  ModelSpecError,
  paramCountOf,
  widths,
  type Activation,
  type LayerShape,
  type ModelSpec,
} from './spec.ts';
export { activate, activationGrad } from './activations.ts';
export {
  OPTIMIZERS,
  optimizerStepCpu,
  resolveOptimizer,
  stateSlots,
  type OptimizerName,
  type OptimizerSpec,
  type ResolvedOptimizer,
} from '../core/optimizers.ts';
export { forwardBackwardCpu, forwardCpu, lossCpu } from './forward_backward_cpu.ts';
export { epochBatches, stepsPerEpoch } from './batches.ts';
export { initialModelParams } from './init.ts';
export { FEATURES, withFeatures, type FeatureName } from '../core/features.ts';
export {
  trainModelCpu,
  type EpochLosses,
  type ModelRunOptions,
  type ModelRunResult,
} from './train_cpu.ts';
export {
  trainModelOnGpu,
  type ModelGpuOptions,
  type ModelGpuOutcome,
  type ModelProgress,
} from './gpu_run.ts';
export { metricsOf, rocAuc, type Metrics } from '../core/metrics.ts';
export { predictProbabilities } from './predict_legacy.ts';
export {
  checkModel,
  modelFromJson,
  modelFromSafetensors,
  modelToJson,
  modelToSafetensors,
  ModelFileError,
  specOf,
  type SavedModel,
} from './serialize.ts';
export {
  predict,
  trainModel,
  type TrainModelOptions,
  type TrainModelResult,
} from './train_model.ts';
