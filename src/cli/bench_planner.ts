/**
 * `bench --planner`: the planner's grid (src/bench/planner.ts) as a table, or one JSON object,
 * with the tuning it ran under and the worst ratio of auto to the best forced schedule.
 */
import {
  PLANNER_GRID,
  runPlannerGrid,
  type PlannerFigures,
  type PlannerRow,
} from '../bench/planner.ts';
import { acquireGpu, describeAdapter, keptTuning } from '../gpu/index.ts';
import { fileTuningStore, installNodeWebGpu } from '../node/index.ts';
import { progressBar } from './progress.ts';
import { table } from './text_table.ts';
import { UsageError } from './errors.ts';

/** Auto is held to this much of the best forced schedule's time on every workload. */
export const PLANNER_TARGET_RATIO = 1.25;

const ms = (x: number): string =>
  x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x >= 10 ? 1 : 2)} ms`;

function cell(row: PlannerRow): string {
  const form = row.unrolled === null ? '' : row.unrolled ? ' w' : ' l';
  return `${ms(row.trainMs.min)}${form}`;
}

function formatGrid(workloads: readonly PlannerFigures[]): string {
  const schedules = workloads[0]?.forced.map((f) => f.asked) ?? [];
  return table([
    [
      'workload',
      'rows',
      'steps',
      'auto',
      'chose',
      'how',
      ...schedules,
      'auto/best',
      'auto cold',
      'first step',
      'again',
    ],
    ...workloads.map((w) => [
      w.name,
      String(w.rows),
      String(w.steps),
      cell(w.auto),
      w.auto.schedule,
      w.auto.choice ?? '—',
      ...w.forced.map(cell),
      w.ratio.toFixed(2),
      ms(w.auto.firstRunMs),
      w.auto.firstStepMs === null ? '—' : ms(w.auto.firstStepMs),
      w.auto.secondFirstStepMs === null ? '—' : ms(w.auto.secondFirstStepMs),
    ]),
  ]);
}

export async function runPlannerBench(
  flags: { repeats: number; json?: boolean; workloads?: readonly number[] },
  invocation: string,
): Promise<void> {
  // the grid's rows, numbered from 1 for people
  const only = flags.workloads?.map((n) => n - 1);
  if (only?.some((i) => !Number.isInteger(i) || i < 0 || i >= PLANNER_GRID.length))
    throw new UsageError(
      `--workloads: rows of the grid are numbered 1 to ${PLANNER_GRID.length}, got ${flags.workloads?.join(',')}`,
    );
  await installNodeWebGpu();
  const shared = await acquireGpu();
  // as a user's runs would: the tuning `webgpu-train tune` kept, else the kind's defaults
  const store = fileTuningStore();
  const context = { ...shared, tuning: keptTuning(shared, store) };
  const bar = progressBar(
    flags.workloads?.length ?? PLANNER_GRID.length,
    'planner grid',
    flags.json !== true,
  );
  const result = await runPlannerGrid({
    context,
    store,
    repeats: flags.repeats,
    ...(only === undefined ? {} : { only }),
    onWorkload: (_name, done) => bar.update(done),
  });
  bar.stop();
  const tuning = context.tuning;
  const met = result.worstRatio <= PLANNER_TARGET_RATIO;
  if (flags.json === true) {
    process.stdout.write(
      JSON.stringify({
        command: invocation,
        adapter: context.adapter,
        tuning,
        ...result,
        target: { ratio: PLANNER_TARGET_RATIO, met },
      }) + '\n',
    );
    return;
  }
  const errors = Object.entries(tuning.cost)
    .map(([s, c]) => `${s} ± ${(100 * c.error).toFixed(0)} %`)
    .join(', ');
  process.stdout.write(
    [
      `$ ${invocation}`,
      `adapter: ${describeAdapter(context.adapter)}`,
      `tuning: ${tuning.source === 'measured' ? 'measured by `webgpu-train tune`' : 'the defaults for this kind of adapter'} (prediction error ${errors})`,
      `training time, the fastest of ${flags.repeats} runs with the kernels compiled, the choices in turn (w: per-sample code written out, l: loops); auto/best: auto's fastest run over the best schedule's, auto's runs pooled with the forced runs of the same schedule and form where it chose one (the same kernels); auto cold: its first run, compiles and any trial included; first step: from train() to the first loss of auto's first run (watched), and again: of a second run of the same shape`,
      formatGrid(result.workloads),
      `worst auto/best: ${result.worstRatio.toFixed(2)} (target ≤ ${PLANNER_TARGET_RATIO}: ${met ? 'met' : 'not met'}); ${(result.elapsedMs / 1000).toFixed(0)} s`,
    ].join('\n') + '\n',
  );
}
