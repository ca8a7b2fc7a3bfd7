export {
  runSweep,
  benchGpu,
  benchCpu,
  checkLosses,
  sweepData,
  sweepInit,
  DEFAULT_SIZES,
  DEFAULT_TFJS,
  type TfjsConfig,
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
export {
  runTfjs,
  TFJS_FIRST_LOSS_RTOL,
  type TfjsBackend,
  type TfjsVariant,
  type TfjsRunOptions,
  type TfjsFigures,
} from './tfjs.ts';
export { runMlpBench, MLP_SPEC, MLP_BATCH, MLP_FIRST_LOSS_RTOL, type MlpFigures } from './mlp.ts';
export { runPlaygroundBench, PLAYGROUND, type PlaygroundFigures } from './playground.ts';
/** The CPU loop the sweep times, in words. */
export { FAST_CPU_PATH } from '../cpu/index.ts';
