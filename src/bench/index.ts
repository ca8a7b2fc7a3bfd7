export {
  runSweep,
  sweepData,
  DEFAULT_SIZES,
  LOSS_CHECK_RTOL,
  type SweepOptions,
  type SweepResult,
  type SizeResult,
  type BackendFigures,
  type GpuFigures,
  type LossCheck,
  type Spread,
  type SweepEvent,
} from './sweep.ts';
