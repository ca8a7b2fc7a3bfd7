import { Command, Option } from 'commander';
import { describeAdapter, type ScheduleChoice } from '../gpu/index.ts';
import { fileTuningStore, installNodeWebGpu } from '../node/index.ts';
import { train, type Backend, type Init, type TrainResult } from '../train/index.ts';
import { RunFailedError, UsageError } from './errors.ts';
import {
  parseNumber,
  parseNumberList,
  parsePositiveInteger,
  parsePositiveNumber,
  parseSeed,
  SCHEDULE_CHOICES,
} from './flags.ts';
import { progressBar } from './progress.ts';
import { addModelFlags, runModelTrain, wantsModel, type ModelFlags } from './model_train.ts';
import {
  addStandardizeFlag,
  addTableFlags,
  describeTable,
  rawScaleWarning,
  readDataTable,
  standardizeAllRows,
  standardizeLine,
  tableJson,
  trainTableOptions,
  type StandardizeFlag,
  type TableFlags,
} from './table_flags.ts';

export interface TrainFlags extends ModelFlags, TableFlags, StandardizeFlag {
  data: string;
  backend: Backend;
  steps: number;
  lr: number;
  initWeight?: number[];
  initBias?: number;
  seed?: number;
  precision?: 'f32' | 'f64';
  schedule: ScheduleChoice;
  workgroupSize?: number;
  tune: boolean;
  json?: boolean;
}

export function initFrom(flags: TrainFlags): Init {
  if (flags.initWeight !== undefined || flags.initBias !== undefined) {
    if (flags.initWeight === undefined) throw new UsageError('--init-bias needs --init-weight too');
    if (flags.initBias === undefined) throw new UsageError('--init-weight needs --init-bias too');
    return { weight: flags.initWeight, bias: flags.initBias };
  }
  return { seed: flags.seed ?? 0 };
}

function formatNumber(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(7))) : String(x);
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summary(result: TrainResult, nSamples: number): string {
  const lastLoss = result.losses[result.losses.length - 1] ?? NaN;
  const correct = Math.round(result.accuracy * nSamples);
  const rows: [string, string][] = [];
  if (result.adapter !== null) rows.push(['adapter', describeAdapter(result.adapter)]);
  const how =
    result.backend === 'webgpu'
      ? `webgpu (f32, ${result.schedule} schedule, workgroup ${result.workgroupSize}, ` +
        `${count(result.dispatchCount, 'dispatch', 'dispatches')}, ${count(result.submitCount, 'submit')}, ` +
        `${count(result.readbackCount, 'readback')})`
      : `cpu (${result.precision} reference)`;
  rows.push(['backend', how]);
  rows.push(['steps', `${result.steps} at lr ${result.lr}`]);
  if (result.firstBadStep !== null) {
    rows.push([
      'diverged',
      `the loss or the weights stopped being finite at step ${result.firstBadStep}; training stopped there`,
    ]);
  }
  rows.push(['final loss', formatNumber(lastLoss)]);
  rows.push(['accuracy', `${(result.accuracy * 100).toFixed(1)} % (${correct} of ${nSamples})`]);
  rows.push(['weight', `[${result.weight.map(formatNumber).join(', ')}]`]);
  rows.push(['bias', formatNumber(result.bias)]);
  const t = result.timings;
  const gpu = t.gpuMs === null ? '' : `, GPU ${t.gpuMs.toFixed(2)} ms`;
  const tuned = result.tuning?.source === 'measured' ? 'device and tuning' : 'device';
  const setup =
    result.backend === 'webgpu'
      ? ` (${tuned} ${t.deviceMs.toFixed(1)} ms, setup ${t.setupMs.toFixed(1)} ms incl. compile ` +
        `${t.compileMs.toFixed(1)} ms, training ${t.trainMs.toFixed(2)} ms${gpu})`
      : '';
  rows.push(['time', `${result.elapsedMs.toFixed(1)} ms${setup}`]);
  return rows.map(([k, v]) => `${k.padEnd(11)} ${v}`).join('\n') + '\n';
}

/** The flags no backend can honour together. */
export function checkBackendFlags(flags: TrainFlags): void {
  if (flags.backend === 'webgpu' && flags.precision === 'f64') {
    throw new UsageError(
      '--precision f64 runs on the CPU only: the webgpu backend computes in f32 (use --backend cpu)',
    );
  }
}

async function runTrain(flags: TrainFlags): Promise<void> {
  if (wantsModel(flags)) {
    checkBackendFlags(flags);
    const table = await readDataTable(flags.data, trainTableOptions(flags));
    process.stderr.write(rawScaleWarning(table, flags) ?? '');
    if (flags.backend === 'webgpu') await installNodeWebGpu();
    return runModelTrain(table, flags);
  }
  const init = initFrom(flags);
  checkBackendFlags(flags);
  const table = await readDataTable(flags.data, trainTableOptions(flags));
  process.stderr.write(rawScaleWarning(table, flags) ?? '');
  const data = table.dataset;
  const standardization = flags.standardize === true ? standardizeAllRows(data) : null;
  if (flags.backend === 'webgpu') await installNodeWebGpu();
  const bar = progressBar(flags.steps, 'training', flags.json !== true);
  let result: TrainResult;
  try {
    result = await train(data, {
      backend: flags.backend,
      steps: flags.steps,
      lr: flags.lr,
      init,
      precision: flags.precision ?? 'f32',
      schedule: flags.schedule,
      ...(flags.workgroupSize === undefined ? {} : { workgroupSize: flags.workgroupSize }),
      tune: flags.tune,
      tuningStore: fileTuningStore(),
      ...(flags.json === true || !process.stderr.isTTY
        ? {}
        : { onProgress: (p) => bar.update(p.stepsDone) }),
    });
  } finally {
    bar.stop();
  }
  if (flags.json === true) {
    // the tutorial's figures first, then everything else the run reports
    const { losses, weight, bias, accuracy, backend, precision, steps, elapsedMs, ...rest } =
      result;
    const json = {
      losses: Array.from(losses),
      weight,
      bias,
      accuracy,
      backend,
      precision,
      steps,
      elapsedMs,
      ...rest,
      data: tableJson(table.description, standardization),
    };
    process.stdout.write(JSON.stringify(json) + '\n');
  } else {
    const about = [
      ...describeTable(table.description),
      ...(standardization === null ? [] : [standardizeLine(data.nSamples, false)]),
    ];
    process.stdout.write(
      about.map((line) => `${line}\n`).join('') + summary(result, data.nSamples),
    );
  }
  // a run that diverged reports what it has, and fails
  if (result.firstBadStep !== null)
    throw new RunFailedError(
      `the run diverged: the loss or the weights stopped being finite at step ${result.firstBadStep}. A smaller --lr may help`,
    );
}

export function trainCommand(): Command {
  return addTrainFlags(
    new Command('train').description(
      'train a classifier on a CSV data set: the tutorial (Linear(D,1) + Sigmoid, BCE, full-batch gradient descent), or an MLP with --hidden, --optimizer, --batch-size, --split …',
    ),
  ).action((flags: TrainFlags) => runTrain(flags));
}

/** Every flag of `train`, for train itself and for the commands that take a run as train does. */
export function addTrainFlags(command: Command): Command {
  return addStandardizeFlag(addTableFlags(addModelFlags(tutorialFlags(command))));
}

function tutorialFlags(command: Command): Command {
  return command
    .requiredOption(
      '--data <file>',
      'CSV: features and a label column (any two values); header optional; `,` `;` or tab',
    )
    .addOption(
      new Option('--backend <name>', 'where to train').choices(['webgpu', 'cpu']).default('webgpu'),
    )
    .option('--steps <n>', 'gradient-descent steps', parsePositiveInteger, 1000)
    .option('--lr <x>', 'learning rate', parsePositiveNumber, 0.1)
    .addOption(
      new Option('--init-weight <list>', 'initial weights, one per feature: 0.1,-0.2')
        .argParser(parseNumberList)
        .conflicts('seed'),
    )
    .addOption(
      new Option('--init-bias <x>', 'initial bias').argParser(parseNumber).conflicts('seed'),
    )
    .option(
      '--seed <n>',
      "draw the initial weights as PyTorch's nn.Linear does, from this seed (default 0)",
      parseSeed,
    )
    .addOption(
      new Option('--precision <p>', 'arithmetic of the cpu backend (webgpu is f32)').choices([
        'f32',
        'f64',
      ]),
    )
    .addOption(
      new Option(
        '--schedule <s>',
        'webgpu: one persistent workgroup, or a dispatch pair per step; auto picks by size',
      )
        .choices(SCHEDULE_CHOICES)
        .default('auto'),
    )
    .option(
      '--workgroup-size <n>',
      'webgpu: threads per workgroup, a power of two (default: tuned for the adapter)',
      parsePositiveInteger,
    )
    .option(
      '--no-tune',
      'webgpu: skip the one-time tuning pass and use the defaults for this kind of adapter',
    )
    .option(
      '--json',
      'print one JSON object: {losses, weight, bias, accuracy, backend, precision, steps, elapsedMs, …}',
    );
}
