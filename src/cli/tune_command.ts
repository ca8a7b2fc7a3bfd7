import { Command } from 'commander';
import {
  acquireGpu,
  defaultTuning,
  describeAdapter,
  measureTuning,
  tuningKey,
  type Tuning,
} from '../gpu/index.ts';
import { defaultTuningPath, fileTuningStore, installNodeWebGpu } from '../node/index.ts';

function describeTuning(tuning: Tuning): [string, string][] {
  const cost = (c: Tuning['stepCost']['fused']) =>
    c === null
      ? 'not measured'
      : `${(c.fixedNs / 1000).toFixed(1)} µs + ${c.perWorkNs.toFixed(3)} ns × W`;
  return [
    ['fused', `workgroup ${tuning.fusedWorkgroupSize}, step ${cost(tuning.stepCost.fused)}`],
    [
      'layered',
      `workgroup ${tuning.layeredWorkgroupSize}, at most ${tuning.layeredMaxBlocks} blocks, reduce ${tuning.reduceWorkgroupSize}, step ${cost(tuning.stepCost.layered)}`,
    ],
    [
      'wide',
      tuning.wide === undefined
        ? "not measured (the kind's default)"
        : `tiles of ${tuning.wide.tile.rows} rows × ${tuning.wide.tile.units} units, workgroup ${tuning.wide.workgroupSize}, gradient blocks of ${tuning.wide.blockRows} rows`,
    ],
    [
      'auto',
      `fused up to W = ${tuning.fusedMaxWork} a step (W = batch × (1 + params)), layered beyond; wide for a layer past 64 or 1024 params and more`,
    ],
  ];
}

async function runTune(flags: { json?: boolean }): Promise<void> {
  await installNodeWebGpu();
  const context = await acquireGpu();
  const store = fileTuningStore();
  const key = tuningKey(context.adapter);
  const previous = store.load(key);
  const { tuning, points, elapsedMs } = await measureTuning(context);
  store.save(key, tuning);
  const report = {
    adapter: context.adapter,
    tuning,
    points,
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
    ['took', `${elapsedMs.toFixed(0)} ms, kept in ${report.savedTo}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n');
}

export function tuneCommand(): Command {
  return new Command('tune')
    .description(
      'time the workgroup shapes and step costs of both schedules on this adapter now, keep the fastest for later runs, and print them',
    )
    .option(
      '--json',
      'print one JSON object: {adapter, tuning, points, defaults, previous, elapsedMs, savedTo}',
    )
    .action((flags: { json?: boolean }) => runTune(flags));
}
