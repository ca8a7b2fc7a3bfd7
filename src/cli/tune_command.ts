import { Command } from 'commander';
import {
  acquireGpu,
  defaultTuning,
  describeAdapter,
  measureTuning,
  SCHEDULE_COUNTS,
  SCHEDULE_NAMES,
  tuningKey,
  type Schedule,
  type MeasuredPoint,
  type ScheduleCost,
  type Tuning,
} from '../gpu/index.ts';
import { defaultTuningPath, fileTuningStore, installNodeWebGpu } from '../node/index.ts';
import { describeWideShape } from '../gpu/wide_tuning.ts';
import { table } from './text_table.ts';

const ns = (x: number): string =>
  x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toPrecision(2);
const percent = (x: number): string => `${(100 * x).toFixed(0)} %`;

/** One schedule's fitted model: ns per unit of each count, compile lines, and its error. */
function describeCost(cost: ScheduleCost, names: readonly string[]): string {
  const terms = Object.entries(cost.ns)
    .filter(([name, v]) => v > 0 && names.includes(name))
    .map(([name, v]) => `${ns(v)} ns × ${name}`);
  const { unrolled, looped } = cost.compile;
  const line = (l: typeof unrolled) =>
    `${l.fixedMs.toFixed(0)} ms + ${l.perParamMs.toFixed(2)} ms × P`;
  return [
    `run ${terms.join(' + ') || '0'}`,
    `compile written out ${line(unrolled)}, looped ${line(looped)}`,
    `error ± ${percent(cost.error)} (rms, each point predicted from the others)`,
  ].join('; ');
}

function describeTuning(tuning: Tuning): [string, string][] {
  const cost = (schedule: string): string => {
    const c = tuning.cost[schedule];
    return c === undefined
      ? 'not measured'
      : describeCost(c, SCHEDULE_COUNTS[schedule as Schedule] ?? []);
  };
  return [
    ['fused', `workgroup ${tuning.fusedWorkgroupSize}; ${cost('fused')}`],
    [
      'layered',
      `workgroup ${tuning.layeredWorkgroupSize}, at most ${tuning.layeredMaxBlocks} blocks, reduce ${tuning.reduceWorkgroupSize}; ${cost('layered')}`,
    ],
    [
      'wide',
      `${describeWideShape(tuning.wide)}, gradient blocks of ${tuning.wide.blockRows} rows; ${cost('wide')}`,
    ],
    [
      'auto',
      "the schedule predicted to train fastest, each in its cheaper code form (compile + training); a short trial on the run's first steps where two predictions are within their errors",
    ],
  ];
}

/** The grid: each point as measured, as the model predicts it, and as predicted from the others. */
function pointTable(
  schedule: string,
  points: readonly MeasuredPoint[],
  errors: readonly number[],
): string {
  return table([
    ['schedule', 'model', 'rows', 'batch', 'code', 'measured', 'fitted', 'left out', 'compile'],
    ...points.map((p, i) => [
      schedule,
      p.workload,
      String(p.rows),
      String(p.batchSize),
      p.unrolled ? 'written out' : 'looped',
      `${p.ms.toFixed(2)} ms`,
      `${p.predictedMs.toFixed(2)} ms`,
      `± ${percent(errors[i] ?? 0)}`,
      p.compileMs > 0 ? `${p.compileMs.toFixed(0)} ms` : '—',
    ]),
  ]);
}

async function runTune(flags: { json?: boolean }): Promise<void> {
  await installNodeWebGpu();
  const context = await acquireGpu();
  const store = fileTuningStore();
  const key = tuningKey(context.adapter);
  const previous = store.load(key);
  const { tuning, points, errors, wideShapes, elapsedMs } = await measureTuning(context);
  store.save(key, tuning);
  const report = {
    adapter: context.adapter,
    tuning,
    points,
    errors,
    wideShapes,
    defaults: defaultTuning(context.adapter),
    previous,
    elapsedMs,
    savedTo: defaultTuningPath(),
  };
  if (flags.json === true) {
    process.stdout.write(JSON.stringify(report) + '\n');
    return;
  }
  const rows: [string, string][] = [
    ['adapter', describeAdapter(context.adapter)],
    ...describeTuning(tuning),
    ...wideShapes.map((t): [string, string] => [
      t.shape === tuning.wide ? 'wide, kept' : 'wide, tried',
      `${describeWideShape(t.shape)}: ${(t.ns / 1e6).toFixed(2)} ms a step`,
    ]),
    ['took', `${elapsedMs.toFixed(0)} ms, kept in ${report.savedTo}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const grid = SCHEDULE_NAMES.map((s) => pointTable(s, points[s] ?? [], errors[s] ?? []));
  process.stdout.write(
    [rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n'), ...grid].join('\n\n') + '\n',
  );
}

export function tuneCommand(): Command {
  return new Command('tune')
    .description(
      "time both schedules on this adapter over a grid of models and sizes now, fit each one's cost model (and its error), keep it for later runs, and print it",
    )
    .option(
      '--json',
      'print one JSON object: {adapter, tuning, points, errors, wideShapes, defaults, previous, elapsedMs, savedTo}',
    )
    .action((flags: { json?: boolean }) => runTune(flags));
}
