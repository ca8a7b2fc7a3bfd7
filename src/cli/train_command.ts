import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { parseCsv } from '../data/index.ts';
import { train, type Init, type TrainResult } from '../train/index.ts';
import { UsageError } from './errors.ts';
import {
  parseNumber,
  parseNumberList,
  parsePositiveInteger,
  parsePositiveNumber,
  parseSeed,
} from './flags.ts';
import { progressBar } from './progress.ts';

interface TrainFlags {
  data: string;
  backend: 'cpu' | 'webgpu';
  steps: number;
  lr: number;
  initWeight?: number[];
  initBias?: number;
  seed?: number;
  precision: 'f32' | 'f64';
  json?: boolean;
}

function initFrom(flags: TrainFlags): Init {
  if (flags.initWeight !== undefined || flags.initBias !== undefined) {
    if (flags.initWeight === undefined) throw new UsageError('--init-bias needs --init-weight too');
    if (flags.initBias === undefined) throw new UsageError('--init-weight needs --init-bias too');
    return { weight: flags.initWeight, bias: flags.initBias };
  }
  return { seed: flags.seed ?? 0 };
}

async function readData(path: string) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--data ${path}: cannot read the file (${code ?? String(error)})`);
  }
  return parseCsv(text, { source: path });
}

function formatNumber(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(7).replace(/\.?0+($|e)/, '$1') : String(x);
}

function summary(result: TrainResult, nSamples: number): string {
  const lastLoss = result.losses[result.losses.length - 1] ?? NaN;
  const correct = Math.round(result.accuracy * nSamples);
  const rows = [
    ['backend', `${result.backend} (${result.precision}, ${result.schedule})`],
    ['steps', `${result.steps} at lr ${result.lr}`],
    ['final loss', formatNumber(lastLoss)],
    ['accuracy', `${(result.accuracy * 100).toFixed(1)} % (${correct} of ${nSamples})`],
    ['weight', `[${result.weight.map(formatNumber).join(', ')}]`],
    ['bias', formatNumber(result.bias)],
    ['time', `${result.elapsedMs.toFixed(1)} ms`],
  ];
  return rows.map(([k, v]) => `${(k as string).padEnd(11)} ${v as string}`).join('\n') + '\n';
}

async function runTrain(flags: TrainFlags): Promise<void> {
  const init = initFrom(flags);
  const data = await readData(flags.data);
  const bar = progressBar(flags.steps, 'training', flags.json !== true);
  let result: TrainResult;
  try {
    result = await train(data, {
      backend: flags.backend,
      steps: flags.steps,
      lr: flags.lr,
      init,
      precision: flags.precision,
      ...(flags.json === true ? {} : { onProgress: (p) => bar.update(p.stepsDone) }),
    });
  } finally {
    bar.stop();
  }
  if (flags.json === true) {
    const { losses, weight, bias, accuracy, backend, precision, steps, elapsedMs } = result;
    const extra = {
      lr: result.lr,
      schedule: result.schedule,
      timings: result.timings,
      adapter: result.adapter,
    };
    const json = {
      losses: Array.from(losses),
      weight,
      bias,
      accuracy,
      backend,
      precision,
      steps,
      elapsedMs,
      ...extra,
    };
    process.stdout.write(JSON.stringify(json) + '\n');
  } else {
    process.stdout.write(summary(result, data.nSamples));
  }
}

export function trainCommand(): Command {
  return new Command('train')
    .description(
      'train Linear(D,1) + Sigmoid with BCE by full-batch gradient descent on a CSV data set',
    )
    .requiredOption('--data <file>', 'CSV with header x0,…,x{D-1},y and labels 0/1')
    .addOption(
      new Option('--backend <name>', 'where to train').choices(['cpu', 'webgpu']).default('cpu'),
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
      new Option('--precision <p>', 'arithmetic of the CPU backend')
        .choices(['f32', 'f64'])
        .default('f32'),
    )
    .option(
      '--json',
      'print one JSON object: {losses, weight, bias, accuracy, backend, precision, steps, elapsedMs, …}',
    )
    .action((flags: TrainFlags) => runTrain(flags));
}
