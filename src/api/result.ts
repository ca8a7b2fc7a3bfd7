/**
 * The one result every run returns, on either backend, and its JSON form (the command line's
 * `--json`, documented in docs/cli.md).
 */
import type { LabelMapping, TableDescription } from '../data/index.ts';
import type { AdapterSummary } from '../gpu/adapter.ts';
import type { PlannerReport } from '../gpu/choose.ts';
import type { Tuning } from '../gpu/tuning.ts';
import type { SavedModel } from '../model/serialize.ts';
import type { Precision } from '../core/arithmetic.ts';
import type { Task } from '../core/heads.ts';
import type { Metrics } from '../core/metrics.ts';
import type { Backend } from '../core/options.ts';
import type { ResolvedOptimizer } from '../core/optimizers.ts';
import type { RunOutcome } from '../core/run.ts';

export interface RunTimings {
  /** getting the device, and the tuning pass when one ran (0 on the CPU) */
  readonly deviceMs: number;
  /** buffers, uploads and shader compiles */
  readonly setupMs: number;
  /** shader compiles alone (part of setupMs) */
  readonly compileMs: number;
  /** the training itself, from the first submit to the results read back */
  readonly trainMs: number;
  /** GPU time from timestamp queries; null where the adapter has none or the run was watched */
  readonly gpuMs: number | null;
  /**
   * WebGPU: from the call to the first step's loss on the host (a watched run's first report; an
   * unwatched run reads every loss at its end); null on the CPU
   */
  readonly firstStepMs: number | null;
}

/** How a run was executed. */
export interface RunReport {
  readonly backend: Backend;
  readonly precision: Precision;
  /** WebGPU: 'fused' (one workgroup, the whole run in one dispatch) or 'layered'; the CPU: 'reference' */
  readonly schedule: 'fused' | 'layered' | 'wide' | 'reference';
  readonly workgroupSize: number | null;
  readonly dispatchCount: number;
  readonly submitCount: number;
  readonly readbackCount: number;
  readonly timings: RunTimings;
  readonly adapter: AdapterSummary | null;
  readonly tuning: Tuning | null;
  /** WebGPU: how the schedule was chosen, and what the planner predicted; null on the CPU */
  readonly planner: PlannerReport | null;
}

export interface TrainResult extends RunOutcome {
  /** the model as it is saved: its description and the kept params */
  readonly model: SavedModel;
  readonly metrics: {
    readonly train: Metrics;
    readonly validation: Metrics | null;
    readonly test: Metrics | null;
  };
  readonly splitSizes: {
    readonly train: number;
    readonly validation: number;
    readonly test: number;
  };
  /** what the run trained with, every default filled in */
  readonly settings: {
    readonly optimizer: ResolvedOptimizer;
    readonly batchSize: number;
    readonly epochs: number;
    readonly patience: number | null;
    readonly shuffleSeed: number;
  };
  readonly run: RunReport;
  /** wall time of the whole call */
  readonly elapsedMs: number;
}

export type { TrainProgress } from '../core/run.ts';

/** How a CSV file was read into the run's data, as `--json` reports it under `data`. */
export interface DataJson {
  readonly source: string;
  readonly rows: number;
  readonly header: boolean;
  readonly delimiter: string;
  /** the feature columns' names, in the order the model takes them */
  readonly features: readonly string[];
  /** the label column's name; null for a file without one */
  readonly label: string | null;
  /** two classes: the label values read as 0 and 1 */
  readonly labels: LabelMapping | null;
  /** what the label column was read as: classes, or numbers to predict; null without a label */
  readonly task: Task | null;
  /** classification: the label values in class order; null for a regression or no label */
  readonly classes: readonly string[] | null;
  /** the columns left out (--ignore) */
  readonly ignored: readonly string[];
}

/** What `--json` says of the file a table came from. */
export function dataToJson(description: TableDescription): DataJson {
  return {
    source: description.source,
    rows: description.rows,
    header: description.header,
    delimiter: description.delimiter,
    features: description.featureNames,
    label: description.label?.name ?? null,
    labels: description.label?.mapping ?? null,
    task: description.label?.task ?? null,
    classes: description.label?.classes ?? null,
    ignored: description.ignored.map((c) => c.name),
  };
}

/** A classifier's accuracy; NaN for a regression, which has none. */
export const accuracyOf = (m: Metrics): number => (m.head === 'regression' ? NaN : m.accuracy);

/** NaN and ±Infinity as null, which JSON can carry. */
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
const list = (values: ArrayLike<number>): (number | null)[] => Array.from(values, finiteOrNull);

/**
 * The result as plain JSON, the one schema of every run (the command line's `--json`, a table of
 * its fields in docs/cli.md): typed arrays become lists and non-finite numbers null. The tutorial's
 * figures come first under the tutorial's names (`losses`, `accuracy`, and `weight` and `bias` for
 * a model with no hidden layer), then the rest of the result, the run report's fields at the top
 * level, the standardization (or null), and `data`: how the CSV file was read, when the data came
 * from one (`table`), else null.
 */
export function resultToJson(
  result: TrainResult,
  table: TableDescription | null = null,
): Record<string, unknown> {
  const { model } = result;
  const D = model.inputs + model.features.length;
  const linear = model.hidden.length === 0;
  return {
    losses: list(result.stepLosses),
    accuracy: finiteOrNull(accuracyOf(result.metrics.train)),
    ...(linear
      ? { weight: list(model.params.slice(0, D)), bias: finiteOrNull(model.params[D] ?? NaN) }
      : {}),
    steps: result.stepsDone,
    totalSteps: result.totalSteps,
    epochLosses: {
      train: list(result.epochLosses.train),
      validation: list(result.epochLosses.validation),
      test: list(result.epochLosses.test),
    },
    epochsRun: result.epochsRun,
    bestEpoch: result.bestEpoch,
    stoppedEarly: result.stoppedEarly,
    firstBadStep: result.firstBadStep,
    metrics: result.metrics,
    splitSizes: result.splitSizes,
    settings: result.settings,
    model: { ...model, params: list(model.params) },
    ...result.run,
    elapsedMs: result.elapsedMs,
    standardization: model.standardization ?? null,
    data: table === null ? null : dataToJson(table),
  };
}
