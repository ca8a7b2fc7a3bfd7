export { summarizeAdapter, describeAdapter, type AdapterSummary } from './adapter.ts';
export { acquireGpu, releaseGpu, defaultGpu, type GpuContext } from './device.ts';
export { trainOnGpu, type GpuTrainRequest, type GpuTrainOutcome } from './engine.ts';
export {
  planRun,
  chunkSamples,
  fitWorkgroupSize,
  GpuCapacityError,
  MAX_STEPS_PER_SUBMIT,
  MAX_WORKGROUPS_PER_CHUNK,
  type Plan,
  type PlanLimits,
  type PlanRequest,
  type Chunk,
  type GpuSchedule,
  type ScheduleChoice,
} from './legacy_plan.ts';
export { ShaderCompileError, KERNELS, type KernelName } from './pipelines.ts';
export {
  defaultTuning,
  measureTuning,
  tuneOnce,
  tuningKey,
  workgroupSizeFor,
  stepNs,
  type StepCost,
  type Tuning,
  type TuningStore,
} from './legacy_tuning.ts';
export { WebGpuUnavailableError, GpuDeviceLostError, GpuRunError } from './errors.ts';
// building blocks for other engines on the same device (src/model)
export { RunResources } from './buffers.ts';
export { RunGuard } from './guard.ts';
export { compileWgsl } from './pipelines.ts';
