export { train } from './train.ts';
export { initialParams, type Init } from './init.ts';
export {
  resolveTrainOptions,
  TrainOptionError,
  DEFAULT_LR,
  DEFAULT_STEPS,
  MAX_STEPS,
  type Backend,
  PROGRESS_INTERVAL_MS,
  type TrainOptions,
  type TrainProgress,
  type ResolvedTrainOptions,
} from './options.ts';
export type { AdapterSummary, Schedule, TrainResult, TrainTimings } from './result.ts';
