/**
 * The flags of a training run, shared by `train` and `export`: the options table's (derived in
 * option_flags.ts) and the command line's own (--data, --steps, --init-weight/--init-bias,
 * --init-model, --save-model, --split/--stratify/--split-seed, --json, --no-tune), and the one
 * step from those flags to what train() takes.
 */
import { Option, type Command } from 'commander';
import type { TrainOptions } from '../api/resolve.ts';
import type { SplitOptions } from '../data/index.ts';
import { UsageError } from './errors.ts';
import { addOptionFlags, givenOptions } from './option_flags.ts';
import { addTableFlags, type TableFlags } from './table_flags.ts';
import { DECIMAL } from './flags.ts';

/** What commander hands over: the table's options under their API names, and the CLI's own flags. */
export interface RunFlags extends TableFlags {
  readonly data: string;
  readonly steps?: number;
  readonly initWeight?: number[];
  readonly initBias?: number;
  readonly initModel?: string;
  readonly saveModel?: string;
  readonly split?: number[];
  readonly stratify?: boolean;
  readonly splitSeed?: number;
  readonly json?: boolean;
  readonly tune: boolean;
  readonly [option: string]: unknown;
}

function number(flag: string, text: string): number {
  const n = Number(text.trim());
  if (!DECIMAL.test(text.trim()) || !Number.isFinite(n))
    throw new UsageError(`${flag}: "${text}" is not a number`);
  return n;
}

const numberList = (flag: string) => (text: string) =>
  text.split(',').map((part, i) => {
    try {
      return number(flag, part);
    } catch {
      throw new UsageError(`${flag}: item ${i + 1} of "${text}", "${part}", is not a number`);
    }
  });

/** Every flag of a training run, for `train` and for `export`, which repeats one. */
export function addRunFlags(command: Command): Command {
  command.requiredOption(
    '--data <file>',
    'CSV: features and a label column (any two values); header optional; `,` `;` or tab',
  );
  addOptionFlags(command);
  return addTableFlags(command)
    .addOption(
      new Option(
        '--steps <n>',
        "the tutorial's name for full-batch epochs: gradient-descent steps over every row (same as --epochs without --batch-size)",
      ).argParser((text) => number('--steps', text)),
    )
    .addOption(
      new Option(
        '--init-weight <list>',
        'no hidden layer: the initial weights, one per input (0.1,-0.2); with --init-bias',
      )
        .argParser(numberList('--init-weight'))
        .conflicts('seed'),
    )
    .addOption(
      new Option('--init-bias <x>', 'no hidden layer: the initial bias; with --init-weight')
        .argParser((text) => number('--init-bias', text))
        .conflicts('seed'),
    )
    .option(
      '--init-model <file>',
      'start from a saved model (.json or .safetensors): its layers, activation, features, standardization and params',
    )
    .option('--save-model <file>', 'write the trained model: .json, or .safetensors')
    .addOption(
      new Option(
        '--split <fractions>',
        'train,validation,test fractions of the rows, e.g. 0.6,0.2,0.2 (default: every row trains)',
      ).argParser(numberList('--split')),
    )
    .option('--stratify', 'with --split: keep the class proportions in every split')
    .addOption(
      new Option('--split-seed <n>', 'with --split: the seed of the split (default 0)').argParser(
        (text) => number('--split-seed', text),
      ),
    )
    .option(
      '--no-tune',
      'webgpu: use the defaults for this kind of adapter, even where `webgpu-train tune` kept a tuning for it',
    )
    .option('--json', 'print one JSON object, the schema docs/cli.md documents');
}

/** The split --split, --stratify and --split-seed ask for, or undefined for none. */
function splitOf(flags: RunFlags): SplitOptions | undefined {
  if (flags.split === undefined) {
    for (const [flag, value] of [
      ['--stratify', flags.stratify],
      ['--split-seed', flags.splitSeed],
    ] as const)
      if (value !== undefined) throw new UsageError(`${flag} applies to --split; give --split too`);
    return undefined;
  }
  const [train, validation, test] = flags.split;
  if (
    flags.split.length !== 3 ||
    train === undefined ||
    validation === undefined ||
    test === undefined
  )
    throw new UsageError(
      `--split: needs three fractions (train,validation,test), got ${flags.split.length}`,
    );
  return {
    train,
    validation,
    test,
    stratify: flags.stratify === true,
    ...(flags.splitSeed === undefined ? {} : { seed: flags.splitSeed }),
  };
}

/**
 * The flags' options for train(), before the data and any --init-model are known: the table's
 * options as given (resolveOptions checks them and fills in the rest), --steps as full-batch
 * epochs, the split. Flags that cannot go together are refused here, naming both.
 */
export function runOptions(flags: RunFlags): TrainOptions {
  const given = givenOptions(flags);
  if (flags.steps !== undefined) {
    if (given.epochs !== undefined)
      throw new UsageError(
        "--steps conflicts with --epochs: --steps is the tutorial's name for full-batch epochs; give one of them",
      );
    if (given.batchSize !== undefined)
      throw new UsageError(
        '--steps conflicts with --batch-size: --steps counts full-batch steps; with mini-batches, give --epochs',
      );
  }
  if ((flags.initWeight === undefined) !== (flags.initBias === undefined))
    throw new UsageError(
      flags.initWeight === undefined
        ? '--init-bias needs --init-weight too'
        : '--init-weight needs --init-bias too',
    );
  if (flags.initWeight !== undefined && (given.hidden?.length ?? 0) > 0)
    throw new UsageError(
      '--init-weight and --init-bias set a model with no hidden layer; with --hidden, the params come from --seed or --init-model',
    );
  const split = splitOf(flags);
  if (given.patience !== undefined && (split?.validation ?? 0) === 0)
    throw new UsageError(
      '--patience stops on the validation loss: give --split with a validation fraction, e.g. 0.6,0.2,0.2',
    );
  return {
    ...given,
    ...(flags.steps === undefined ? {} : { epochs: flags.steps }),
    ...(split === undefined ? {} : { split }),
  };
}
