export {
  arithmeticFor,
  floatArray,
  F32,
  F64,
  type Arithmetic,
  type Precision,
} from './arithmetic.ts';
export {
  forwardLossGradCpu,
  sampleLossAndResidual,
  treeReduce,
  SEQUENTIAL,
  type ReductionLayout,
} from './forward_loss_grad.ts';
export { reduceUpdateCpu } from './reduce_update.ts';
export {
  createCpuRun,
  trainCpuReference,
  trainPersistentCpu,
  toPrecision,
  type CpuRun,
  type CpuTrainOptions,
  type CpuTrainResult,
} from './train.ts';
export { accuracy, logit } from './metrics.ts';
export { trainCpuFast, FAST_CPU_PATH } from './fast.ts';
