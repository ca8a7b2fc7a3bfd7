export { spread, relativeDifference, type Spread } from './stats.ts';
export {
  runSweep,
  benchGpu,
  benchCpu,
  checkLosses,
  sweepData,
  sweepInit,
  DEFAULT_SIZES,
  DEFAULT_TFJS,
  LOSS_CHECK_RTOL,
  type TfjsConfig,
  type SweepOptions,
  type SweepResult,
  type SizeResult,
  type BackendFigures,
  type GpuFigures,
  type LossCheck,
  type SweepEvent,
} from './sweep.ts';
export {
  runTfjs,
  TFJS_FIRST_LOSS_RTOL,
  type TfjsBackend,
  type TfjsVariant,
  type TfjsRunOptions,
  type TfjsFigures,
} from './tfjs.ts';
export { runTfjsFit, type FitOptions, type FitFigures } from './tfjs_fit.ts';
export {
  PLAYGROUND,
  LINEAR_ADAM,
  LINEAR_SGD,
  MLP_LARGE,
  FIRST_LOSS_RTOL,
  TRAJECTORY_RTOL,
  runWorkload,
  type Workload,
  type WorkloadFigures,
  type WorkloadRow,
  type WorkloadLossCheck,
} from './workloads.ts';
export {
  runSuite,
  TFJS_INITIAL_LOSS_RTOL,
  type SuiteOptions,
  type SuiteResult,
  type FitComparison,
  type TorchComparison,
} from './suite.ts';
export { torchRequest, torchUnavailable, type TorchRequest, type TorchFigures } from './torch.ts';
export { benchTargets, type Target } from './targets.ts';
/** The CPU loop the sweep times, in words. */
export { FAST_CPU_PATH } from './fast_loop.ts';
