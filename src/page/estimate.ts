/**
 * How long a run should take, said before it runs. On WebGPU, the planner's own prediction
 * (forecastRun: the cost model auto chooses by, fitted to this adapter by a tuning pass, else its
 * kind's prices): the compile still owed and the training. On the CPU, and until a prediction
 * comes, a step's work is its batch's rows times the model's params plus one (the loss and every
 * gradient); the page measures the work per second each backend manages (a warm-up run, then
 * every finished run) and divides.
 */
import { stepsPerEpoch } from '../core/batches.ts';
import { fitLine } from '../core/line_fit.ts';
import type { PageState } from './fields.ts';
import { grouped } from './grouped.ts';
import { PROGRESS_INTERVAL_MS } from '../gpu/progress.ts';
import type { WarmPace } from './worker_protocol.ts';

/** Work a run does: steps × batch rows × (P + 1). */
export function runWork(steps: number, batchRows: number, params: number): number {
  return steps * batchRows * (params + 1);
}

/** Steps a run will take: whole epochs of ⌈train rows / batch⌉ steps. */
export function plannedSteps(trainRows: number, batch: number | null, epochs: number): number {
  return stepsPerEpoch(Math.max(1, trainRows), batch) * epochs;
}

/** Rows a split leaves for training (the split rounds by largest remainder; this is within one). */
export function trainRowsOf(samples: number, split: readonly number[]): number {
  const [train = 1, validation = 0, test = 0] = split;
  return Math.max(1, Math.round((samples * train) / (train + validation + test)));
}

/**
 * The whole run's time (past its compile) from the warm-up, which ran its first steps: those
 * took what they took (setting up, the first readbacks, the metrics); the rest go at the warm-up's
 * time a step, in segments of about a frame of work, each paying a readback.
 */
export function pacedMs(pace: WarmPace): number {
  const rest = Math.max(0, pace.totalSteps - pace.steps) * pace.msPerStep;
  return pace.ms + rest + Math.ceil(rest / PROGRESS_INTERVAL_MS) * pace.readbackMs;
}

/** A stretch of a watched run between two progress reports: its steps and the time they took. */
export interface Stretch {
  readonly steps: number;
  readonly ms: number;
}

/**
 * A stretch's time as one readback plus its steps, `ms ≈ readbackMs + steps · msPerStep`, fitted
 * by least squares over the stretches (a run's segments grow from a step or a few, so their
 * lengths differ and the two parts come apart); null where the stretches cannot part them (fewer
 * than two lengths, or time that does not grow with the steps). A readback found to cost less
 * than nothing is taken as free, the line through the origin.
 */
export function fitStretches(
  stretches: readonly Stretch[],
): { msPerStep: number; readbackMs: number } | null {
  const line = fitLine(stretches.map((s) => ({ x: s.steps, y: s.ms })));
  if (line === null || !(line.slope > 0)) return null;
  if (line.intercept >= 0) return { msPerStep: line.slope, readbackMs: line.intercept };
  const through =
    stretches.reduce((s, x) => s + x.steps * x.ms, 0) /
    stretches.reduce((s, x) => s + x.steps * x.steps, 0);
  return through > 0 ? { msPerStep: through, readbackMs: 0 } : null;
}

/** "about 40 s", "about 3 min", "about 2.5 h". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'an unknown time';
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `about ${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min`;
  return `about ${Number((seconds / 3600).toPrecision(2))} h`;
}

/** Runs longer than this get a warning before they start. */
export const LONG_RUN_SECONDS = 60;

/**
 * What a run of these settings will be, said before it starts: its steps and, once a rate has
 * been measured on this backend, how long it should take; `long` when past a minute.
 */
export function describeEstimate(
  state: PageState,
  run: { readonly samples: number; readonly params: number },
  workPerSecond: number | null,
  /** WebGPU: the planner's predicted compile and training, in ms, for these very settings */
  forecastMs: number | null = null,
): { text: string; long?: boolean; seconds?: number } {
  const rows = trainRowsOf(run.samples, state.split);
  const batchRows = Math.min(state.batch ?? rows, rows);
  const P = run.params;
  if (state.epochs === null)
    return {
      text: `${grouped(stepsPerEpoch(rows, state.batch))} steps an epoch of ${batchRows} rows, ${P} params: Play runs until you pause it`,
    };
  const steps = plannedSteps(rows, state.batch, state.epochs);
  const predicted = state.backend === 'webgpu' && forecastMs !== null;
  if (!predicted && workPerSecond === null)
    return { text: `${grouped(steps)} steps of ${batchRows} rows, ${P} params` };
  const seconds = predicted
    ? forecastMs / 1000
    : runWork(steps, batchRows, P) / (workPerSecond as number);
  const long = seconds > LONG_RUN_SECONDS;
  const basis = predicted ? 'as predicted for this adapter' : 'at the rate measured here';
  return {
    text: `${grouped(steps)} steps: ${formatDuration(seconds)} on ${state.backend} ${basis}${long ? ` — lower Epochs${state.dataset === 'csv' ? '' : ' or Samples'}, or raise Batch size, to see it sooner` : ''}`,
    long,
    seconds,
  };
}
