/** The GPU side of the one engine: the device, the planner, the two schedules' runner, tuning. */
export { summarizeAdapter, describeAdapter, type AdapterSummary } from './adapter.ts';
export { acquireGpu, releaseGpu, defaultGpu, type GpuContext } from './device.ts';
export { runOnGpu, countSegments, type GpuRunRequest, type GpuRunOutcome } from './execute.ts';
export {
  planRun,
  GpuCapacityError,
  type Plan,
  type PlanLimits,
  type PlanRequest,
  type Schedule,
} from './plan.ts';
export { ShaderCompileError } from './kernels.ts';
export {
  crossoverWork,
  defaultTuning,
  fitStepCost,
  parseTuning,
  sleepBeforeReadbackMs,
  stepNs,
  stepsPerFrame,
  tuningKey,
  type CostPoint,
  type StepCost,
  type Tuning,
  type TuningStore,
} from './tuning.ts';
export { keptTuning, measureTuning, tuneOnce, type TuningMeasurement } from './tune.ts';
export { WebGpuUnavailableError, GpuDeviceLostError, GpuRunError } from './errors.ts';
