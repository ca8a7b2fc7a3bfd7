import type { Dataset } from '../data/index.ts';
import type { TrainModelOptions, TrainModelResult } from '../model/index.ts';
import type { TrainOptions, TrainResult } from '../train/index.ts';
import type { PageState } from './url_state.ts';

/** What the page asks of a worker: a data set made or read from a file, or a run on the CPU. */
export type WorkerJob =
  | { readonly kind: 'make'; readonly state: PageState }
  | { readonly kind: 'csv'; readonly file: File }
  | { readonly kind: 'train'; readonly data: Dataset; readonly options: CpuRunOptions }
  | { readonly kind: 'model'; readonly data: Dataset; readonly options: CpuModelOptions };

/** The options of a CPU run that can cross to a worker (no callbacks, no signal). */
export type CpuRunOptions = Pick<TrainOptions, 'steps' | 'lr' | 'init' | 'precision'>;

/** The options of a model run on the CPU that can cross to a worker. */
export type CpuModelOptions = Omit<
  TrainModelOptions,
  'backend' | 'onProgress' | 'signal' | 'context'
>;

/** What a worker answers: progress (runs only), then one data set, one result or one error. */
export type WorkerReply =
  | {
      readonly kind: 'progress';
      readonly stepsDone: number;
      readonly steps: number;
      /** the losses since the last progress message */
      readonly newLosses: Float32Array | Float64Array;
      readonly params: Float32Array | Float64Array;
    }
  | { readonly kind: 'data'; readonly data: Dataset }
  | { readonly kind: 'trained'; readonly result: TrainResult }
  | { readonly kind: 'model-trained'; readonly result: TrainModelResult }
  | { readonly kind: 'error'; readonly name: string; readonly message: string };
