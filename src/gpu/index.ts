/** The GPU side of the one engine: the device, the planner, the two schedules' runner, tuning. */
export { summarizeAdapter, describeAdapter, type AdapterSummary } from './adapter.ts';
export { acquireGpu, releaseGpu, defaultGpu, type GpuContext } from './device.ts';
export { runOnGpu, countSegments, type GpuRunRequest, type GpuRunOutcome } from './execute.ts';
export {
  planRun,
  shapeRun,
  SCHEDULE_NAMES,
  GpuCapacityError,
  type Plan,
  type PlanLimits,
  type PlanRequest,
  type PlanPrediction,
  type Schedule,
} from './plan.ts';
export { ShaderCompileError } from './kernels.ts';
export {
  defaultTuning,
  parseTuning,
  sleepBeforeReadbackMs,
  stepsPerFrame,
  tuningKey,
  type Tuning,
  type TuningStore,
} from './tuning.ts';
export {
  fitCounts,
  leaveOneOutErrors,
  predictCompileMs,
  predictRunMs,
  tooCloseToCall,
  totalMs,
  type CompileCost,
  type CostPoint,
  type Prediction,
  type RunCounts,
  type ScheduleCost,
} from './cost.ts';
export { RUN_COUNTS, SCHEDULE_COUNTS } from './run_counts.ts';
export { choosePlan, runShapeKey, type PlannerReport, type DecisionMemory } from './choose.ts';
export {
  keptTuning,
  measureTuning,
  tuneOnce,
  type MeasuredPoint,
  type TuningMeasurement,
} from './tune.ts';
export { WebGpuUnavailableError, GpuDeviceLostError, GpuRunError } from './errors.ts';
