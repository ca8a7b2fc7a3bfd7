/**
 * What the page and its workers say to each other. Data workers make one data set or read one CSV
 * file each. The training worker lives as long as the page: it holds the GPU device and its
 * compiled kernels, runs train() on either backend, and takes play, pause, step, speed and stop
 * while a run goes.
 */
import type { Metrics } from '../core/metrics.ts';
import type { TrainResult } from '../api/result.ts';
import type {
  Dataset,
  GeneratorName,
  GeneratorOptions,
  TableColumns,
  TableDescription,
} from '../data/index.ts';
import type { Task } from '../core/heads.ts';
import type { AdapterSummary } from '../gpu/index.ts';
import type { RunForecast, TrainCallOptions } from '../train.ts';

/** How the page reads a CSV file's columns: by 0-based index, as the user picks them from lists. */
export interface CsvChoice {
  /** the label column; null: the last column not left out */
  readonly label: number | null;
  readonly ignored: readonly number[];
  /** the label value read as 1; null: the second in sorted order */
  readonly positive: string | null;
  /** the label read as classes or as numbers to predict; null: as the column's values say */
  readonly task: Task | null;
}

export type DataJob =
  | {
      readonly kind: 'make';
      readonly generator: GeneratorName;
      readonly options: GeneratorOptions;
    }
  | { readonly kind: 'csv'; readonly file: File; readonly choice: CsvChoice };

/** A data set, and for a CSV file how it was read (its columns, label mapping, rows). */
export interface LoadedData {
  readonly data: Dataset;
  readonly table: TableDescription | null;
  /**
   * A copy of `data` made in the data worker, for the training worker: the page hands it on by
   * transfer, so the main thread never copies a large data set itself. Used once.
   */
  readonly spare?: Dataset;
}

export type DataReply =
  | { readonly kind: 'data'; readonly loaded: LoadedData }
  /** a CSV file's columns, as soon as its header is read (before any row is checked) */
  | { readonly kind: 'columns'; readonly columns: TableColumns }
  /** bytes of a CSV file read so far, of `total` */
  | { readonly kind: 'progress'; readonly bytes: number; readonly total: number }
  | { readonly kind: 'error'; readonly name: string; readonly message: string };

/** train()'s options that can cross to a worker: no callbacks, signal, control or device. */
export type WorkerTrainOptions = Omit<
  TrainCallOptions,
  'onProgress' | 'signal' | 'control' | 'context' | 'tune' | 'tuningStore'
>;

/** How a run is paced: at most `stepsPerSegment` steps a frame (null: as fast as it goes). */
export interface Pace {
  readonly stepsPerSegment: number | null;
}

/**
 * The warm-up's account of the run it started: its first `steps` of `totalSteps` took `ms` past
 * their compile (setting up, training, the metrics); between its reports a step took `msPerStep`
 * and a readback `readbackMs` (fitStretches).
 */
export interface WarmPace {
  readonly steps: number;
  readonly totalSteps: number;
  readonly ms: number;
  readonly msPerStep: number;
  readonly readbackMs: number;
}

export type TrainJob =
  | { readonly kind: 'adapter' }
  | { readonly kind: 'warm-up'; readonly dataId: number; readonly options: WorkerTrainOptions }
  | { readonly kind: 'data'; readonly dataId: number; readonly data: Dataset }
  | {
      readonly kind: 'train';
      readonly runId: number;
      readonly dataId: number;
      readonly options: WorkerTrainOptions;
      readonly paused: boolean;
      readonly pace: Pace;
    }
  | {
      readonly kind: 'control';
      readonly runId: number;
      readonly action: 'pause' | 'resume' | 'finish' | 'step';
      /** steps to let through (step) */
      readonly steps?: number;
    }
  | { readonly kind: 'pace'; readonly runId: number; readonly pace: Pace }
  | { readonly kind: 'abort'; readonly runId: number }
  | {
      readonly kind: 'score';
      readonly requestId: number;
      readonly dataId: number;
      readonly options: WorkerTrainOptions;
    }
  /** the planner's prediction for a run of these options, without running it */
  | {
      readonly kind: 'forecast';
      readonly requestId: number;
      readonly dataId: number;
      readonly options: WorkerTrainOptions;
    };

/** A stretch of a series: values for indices from `from` on. */
export interface SeriesPart {
  readonly from: number;
  readonly values: Float32Array;
}

export interface EpochParts {
  readonly train: SeriesPart;
  readonly validation: SeriesPart;
  readonly test: SeriesPart;
}

/** A run's result without its long arrays (the page has them from the progress messages). */
export type RunSummary = Omit<
  TrainResult,
  'stepLosses' | 'epochLosses' | 'params' | 'lastParams'
> & {
  readonly params: Float64Array;
  readonly lastParams: Float64Array;
  /** the loss before the last step taken */
  readonly lastStepLoss: number;
  /** each split's loss at the end of the kept epoch (early stopping) or of the last epoch run */
  readonly epochLoss: {
    readonly train: number;
    readonly validation: number;
    readonly test: number;
  } | null;
};

export interface ProgressReport {
  readonly stepsDone: number;
  readonly totalSteps: number;
  readonly epochsDone: number;
  /** step losses not sent before */
  readonly steps: SeriesPart;
  /** per-epoch losses not sent before (from the last epoch sent, which full batch completes late) */
  readonly epochs: EpochParts;
  readonly params: Float64Array;
}

export type TrainReply =
  | {
      readonly kind: 'adapter';
      readonly adapter: AdapterSummary | null;
      /** why there is no WebGPU, where there is none */
      readonly problem: string | null;
    }
  | {
      readonly kind: 'warmed';
      readonly backend: 'webgpu' | 'cpu';
      readonly ms: number;
      readonly workPerSecond: number;
      /** WebGPU: how the start of the run went, which the estimate of the rest follows (null on the CPU) */
      readonly pace: WarmPace | null;
    }
  | { readonly kind: 'warm-failed'; readonly message: string }
  | { readonly kind: 'progress'; readonly runId: number; readonly report: ProgressReport }
  /** the run is held: every step allowed so far has been reported */
  | { readonly kind: 'held'; readonly runId: number; readonly stepsDone: number }
  | {
      readonly kind: 'done';
      readonly runId: number;
      readonly summary: RunSummary;
      readonly report: ProgressReport;
    }
  | {
      readonly kind: 'failed';
      readonly runId: number;
      readonly name: string;
      readonly message: string;
      /** the option at fault, as the options table names it, where one is */
      readonly parameter: string | null;
    }
  | {
      readonly kind: 'scored';
      readonly requestId: number;
      readonly metrics: {
        readonly train: Metrics;
        readonly validation: Metrics | null;
        readonly test: Metrics | null;
        /** each split's mean loss (null for an empty split) */
        readonly losses: {
          readonly train: number;
          readonly validation: number | null;
          readonly test: number | null;
        };
      };
    }
  /** null where there is none: the CPU backend, or options that cannot run */
  | { readonly kind: 'forecast'; readonly requestId: number; readonly forecast: RunForecast | null }
  | {
      readonly kind: 'score-failed';
      readonly requestId: number;
      readonly message: string;
      readonly parameter: string | null;
    };
