/**
 * The planner's choice as a run starts. Forced: the schedule asked for. Auto: the fastest
 * prediction, unless the two fastest are within their errors of each other and the run is long
 * enough to pay for finding out; then a short trial of both on the run's own first steps, in turns,
 * decides, and the answer is kept for runs of the same shape (runShapeKey), in this process and the
 * tuning store. A trial runs apart from the run (its own buffers, results dropped): the run itself
 * starts from step 0 on the winner, with the kernels the trial compiled.
 */
import type { RunData, RunDescription } from '../core/run.ts';
import { totalMs, type Prediction } from './cost.ts';
import type { GpuContext } from './device.ts';
import { runOnGpu } from './execute.ts';
import { planRun, type Plan, type PlanRequest, type Schedule } from './plan.ts';

/** How the planner chose, with what it predicted: the run report's `planner`. */
export interface PlannerReport {
  /** forced (asked for), predicted (the cheaper by far enough), trial (timed on the first steps), kept (a trial's answer for this shape) */
  readonly choice: 'forced' | 'predicted' | 'trial' | 'kept';
  /** each schedule weighed, its predicted compile and training time and form */
  readonly predictions: Readonly<Partial<Record<Schedule, Prediction>>>;
  /** the trial's measured training time per schedule, on its first `steps` steps; null without one */
  readonly trial: {
    readonly steps: number;
    /** each schedule's fastest run */
    readonly ms: Readonly<Partial<Record<Schedule, number>>>;
    /** each schedule's runs, in the order they ran (the schedules took turns) */
    readonly runs: Readonly<Partial<Record<Schedule, readonly number[]>>>;
    /** the whole trial, compiles included */
    readonly elapsedMs: number;
  } | null;
}

/** Where trials' answers are kept, by run shape. */
export interface DecisionMemory {
  get(shape: string): Schedule | undefined;
  set(shape: string, schedule: Schedule): void;
}

/**
 * What a run's schedule depends on: the model, the optimizer, the batch, each split's rows, and
 * the epochs to within a factor of two.
 */
export function runShapeKey(run: RunDescription, rows: PlanRequest['rows']): string {
  const { spec } = run.net;
  const layers = [run.net.inputs, ...spec.hidden, 1].join('-');
  const epochs = 2 ** Math.round(Math.log2(Math.max(1, run.epochs)));
  return `${layers} ${spec.activation} ${run.optimizer.name} batch ${run.batchSize} rows ${rows.train}/${rows.validation}/${rows.test} epochs ~${epochs}`;
}

/** A trial is worth its cost when the run is predicted to take this many times longer than the trial. */
export const TRIAL_PAYBACK = 4;
/** A trial times each schedule for about this long, at least one epoch (so its evaluation passes count). */
export const TRIAL_MS = 30;
/**
 * Runs of each schedule a trial times, taking turns (the first ahead in odd rounds, the second in
 * even ones), each kept at its fastest: one run apiece let a busy spell, or whatever a schedule's
 * first run pays once, decide for the other (on a busy machine a trial kept a schedule 6× slower).
 */
export const TRIAL_ROUNDS = 3;

/** The plan the run executes, and how it was chosen. */
export async function choosePlan(
  context: GpuContext,
  request: PlanRequest,
  data: RunData,
  memory: DecisionMemory,
): Promise<{ plan: Plan; report: PlannerReport }> {
  const planned = planRun(request);
  const predictions = planned.prediction.bySchedule;
  if (request.schedule !== 'auto')
    return { plan: planned, report: { choice: 'forced', predictions, trial: null } };
  const shape = runShapeKey(request.run, request.rows);
  const kept = memory.get(shape);
  if (kept !== undefined && kept in predictions) {
    const plan = kept === planned.schedule ? planned : planRun({ ...request, schedule: kept });
    return {
      plan: withPredictions(plan, predictions),
      report: { choice: 'kept', predictions, trial: null },
    };
  }
  const rival = planned.prediction.close;
  const best = predictions[planned.schedule];
  const other = rival === null ? undefined : predictions[rival];
  if (
    rival === null ||
    best === undefined ||
    other === undefined ||
    !worthATrial(planned, best, other)
  )
    return { plan: planned, report: { choice: 'predicted', predictions, trial: null } };

  const start = performance.now();
  const epochs = trialEpochs(planned, best);
  const contenders = [
    planned,
    withPredictions(planRun({ ...request, schedule: rival }), predictions),
  ];
  const runs: Partial<Record<Schedule, number[]>> = {};
  for (let round = 0; round < TRIAL_ROUNDS; round++)
    for (const plan of round % 2 === 0 ? contenders : [...contenders].reverse())
      (runs[plan.schedule] ??= []).push(await timeTrial(context, request, plan, data, epochs));
  const ms: Partial<Record<Schedule, number>> = {};
  for (const plan of contenders) ms[plan.schedule] = Math.min(...(runs[plan.schedule] ?? []));
  const winner = contenders.reduce((a, b) =>
    (ms[b.schedule] ?? Infinity) < (ms[a.schedule] ?? Infinity) ? b : a,
  );
  memory.set(shape, winner.schedule);
  return {
    plan: winner,
    report: {
      choice: 'trial',
      predictions,
      trial: {
        steps: epochs * planned.stepsPerEpoch,
        ms,
        runs,
        elapsedMs: performance.now() - start,
      },
    },
  };
}

const withPredictions = (plan: Plan, bySchedule: Plan['prediction']['bySchedule']): Plan => ({
  ...plan,
  prediction: { ...plan.prediction, bySchedule },
});

/** The trial costs the rival's compile and its rounds of short runs; the run must be long enough to repay it. */
function worthATrial(plan: Plan, best: Prediction, other: Prediction): boolean {
  const trialMs = other.compileMs + 2 * TRIAL_ROUNDS * Math.min(best.runMs, TRIAL_MS);
  return best.runMs >= TRIAL_PAYBACK * trialMs && plan.totalSteps > plan.stepsPerEpoch;
}

/** Whole epochs that take about TRIAL_MS on the predicted cheaper schedule, at least one. */
function trialEpochs(plan: Plan, best: Prediction): number {
  const epochs = plan.totalSteps / plan.stepsPerEpoch;
  const epochMs = best.runMs / epochs;
  return Math.max(1, Math.min(epochs - 1, Math.ceil(TRIAL_MS / Math.max(epochMs, 1e-6))));
}

/** The first `epochs` epochs of the run on this plan's schedule, in their own buffers: the training time. */
async function timeTrial(
  context: GpuContext,
  request: PlanRequest,
  plan: Plan,
  data: RunData,
  epochs: number,
): Promise<number> {
  const run = { ...request.run, epochs, patience: null };
  const short = planRun({ ...request, run, schedule: plan.schedule, unrolled: plan.unrolled });
  const outcome = await runOnGpu({ context, plan: short, run, data });
  return outcome.gpuMs ?? outcome.trainMs;
}

/** The predicted total of a plan's own schedule. */
export function predictedMs(plan: Plan): number | null {
  const p = plan.prediction.bySchedule[plan.schedule];
  return p === undefined ? null : totalMs(p);
}
