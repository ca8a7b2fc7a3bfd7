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
  const cost = (c: Tuning['stepCost']['persistent']) =>
    c === null ? 'not measured' : `${c.fixedNs.toFixed(0)} ns + ${c.perSampleNs.toFixed(3)} ns × N`;
  return [
    [
      'persistent',
      `workgroup ${tuning.persistentWorkgroupSize}, step ${cost(tuning.stepCost.persistent)}`,
    ],
    [
      'multi-workgroup',
      `workgroup ${tuning.multiWorkgroupSize}, at most ${tuning.maxWorkgroupsPerChunk} workgroups, step ${cost(tuning.stepCost.multi)}`,
    ],
    ['auto', `persistent up to N = ${tuning.persistentMaxSamples}, multi-workgroup beyond`],
  ];
}

async function runTune(flags: { json?: boolean }): Promise<void> {
  await installNodeWebGpu();
  const context = await acquireGpu();
  const store = fileTuningStore();
  const key = tuningKey(context.adapter);
  const previous = store.load(key);
  const start = performance.now();
  const tuning = await measureTuning(context);
  const elapsedMs = performance.now() - start;
  store.save(key, tuning);
  const report = {
    adapter: context.adapter,
    tuning,
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
      'time the workgroup shapes of both schedules on this adapter now, keep the fastest for later runs, and print them',
    )
    .option(
      '--json',
      'print one JSON object: {adapter, tuning, defaults, previous, elapsedMs, savedTo}',
    )
    .action((flags: { json?: boolean }) => runTune(flags));
}
