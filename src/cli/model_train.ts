import { Option, type Command } from 'commander';
import { savedColumnsOf, type Table } from '../data/index.ts';
import {
  ACTIVATIONS,
  FEATURES,
  modelToJson,
  modelToSafetensors,
  OPTIMIZERS,
  trainModel,
  type FeatureName,
  type OptimizerName,
  type SavedModel,
  type TrainModelOptions,
} from '../model/index.ts';
import { writeFileAtomically } from '../node/index.ts';
import { RunFailedError, UsageError } from './errors.ts';
import { readInitModel } from './init_model.ts';
import { divergedAt, modelSummary } from './model_summary.ts';
import { describeTable, standardizeLine, tableJson, type StandardizeFlag } from './table_flags.ts';
import {
  parseNonNegativeInteger,
  parseNumber,
  parseNumberList,
  parsePositiveInteger,
  parsePositiveNumber,
  parseSeed,
} from './flags.ts';

/** The flags that take `train` beyond the tutorial's single neuron. */
export interface ModelFlags {
  hidden?: number[];
  activation?: (typeof ACTIVATIONS)[number];
  optimizer?: OptimizerName;
  momentum?: number;
  weightDecay?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  batchSize?: number;
  epochs?: number;
  features?: FeatureName[];
  split?: number[];
  stratify?: boolean;
  splitSeed?: number;
  patience?: number;
  shuffleSeed?: number;
  saveModel?: string;
  initModel?: string;
}

const MODEL_FLAGS: readonly (keyof ModelFlags)[] = [
  'initModel',
  'hidden',
  'activation',
  'optimizer',
  'momentum',
  'weightDecay',
  'beta1',
  'beta2',
  'eps',
  'batchSize',
  'epochs',
  'features',
  'split',
  'patience',
  'saveModel',
];

/** Whether the flags ask for more than the tutorial's engine does. */
export function wantsModel(flags: ModelFlags): boolean {
  return MODEL_FLAGS.some((key) => flags[key] !== undefined);
}

function parseHidden(value: string): number[] {
  if (value === '' || value === 'none') return [];
  return value.split(',').map((part) => parsePositiveInteger(part.trim()));
}

function parseFeatures(value: string): FeatureName[] {
  return value.split(',').map((part) => {
    const name = part.trim() as FeatureName;
    if (!FEATURES.includes(name))
      throw new UsageError(`--features: "${part}" is not one of ${FEATURES.join(', ')}`);
    return name;
  });
}

export function addModelFlags(command: Command): Command {
  return command
    .option(
      '--hidden <widths>',
      'hidden layers, e.g. 8,8 (0 to 6 layers of width 1 to 64)',
      parseHidden,
    )
    .addOption(
      new Option('--activation <f>', 'hidden activation (default tanh)').choices([...ACTIVATIONS]),
    )
    .addOption(
      new Option(
        '--optimizer <name>',
        "optimizer, with PyTorch's update rules (default sgd)",
      ).choices([...OPTIMIZERS]),
    )
    .option('--momentum <x>', 'momentum and nesterov: μ (default 0.9)', parseNumber)
    .option(
      '--weight-decay <x>',
      'L2 weight decay (decoupled for adamw; default 0, adamw 0.01)',
      parseNumber,
    )
    .option('--beta1 <x>', 'adam, adamw: β₁ (default 0.9)', parseNumber)
    .option('--beta2 <x>', 'adam, adamw: β₂ (default 0.999)', parseNumber)
    .option('--eps <x>', 'adam, adamw: ε (default 1e-8)', parsePositiveNumber)
    .option(
      '--batch-size <n>',
      'mini-batches of n rows, reshuffled each epoch (default: full batch)',
      parsePositiveInteger,
    )
    .option(
      '--epochs <n>',
      'passes over the training split (default: --steps with full batches, 100 with mini-batches)',
      parsePositiveInteger,
    )
    .option(
      '--features <list>',
      `extra inputs for two-feature data: ${FEATURES.join(',')}`,
      parseFeatures,
    )
    .option(
      '--split <fractions>',
      'train,validation,test fractions, e.g. 0.6,0.2,0.2',
      parseNumberList,
    )
    .option('--stratify', 'keep the class proportions in every split')
    .option('--split-seed <n>', 'seed of the split (default 0)', parseSeed)
    .option(
      '--patience <n>',
      'stop after n epochs without a better validation loss; keep the best params',
      parsePositiveInteger,
    )
    .option(
      '--shuffle-seed <n>',
      'seed of the mini-batch shuffles (default 0)',
      parseNonNegativeInteger,
    )
    .option('--save-model <file>', 'write the trained model: .json, or .safetensors')
    .option(
      '--init-model <file>',
      'start from a saved model (.json or .safetensors): its layers, activation, features and params',
    );
}

/** What `train` (and `export`) was given, beyond the data. */
export type ModelTrainFlags = ModelFlags &
  StandardizeFlag & {
    data?: string;
    backend: 'webgpu' | 'cpu';
    lr: number;
    steps: number;
    seed?: number;
    initWeight?: number[];
    initBias?: number;
    precision?: 'f32' | 'f64';
    json?: boolean;
  };

/**
 * The options trainModel takes for these flags. `start` is the --init-model model, which sets the
 * layers, the activation, the features and the initial params.
 */
export function modelTrainOptions(
  flags: ModelTrainFlags,
  start: SavedModel | null,
): TrainModelOptions {
  if (flags.initWeight !== undefined && (flags.hidden?.length ?? 0) > 0) {
    throw new UsageError(
      '--init-weight sets a single neuron; a model with --hidden layers starts from --seed',
    );
  }
  const split = flags.split;
  if (split !== undefined && split.length !== 3)
    throw new UsageError(
      `--split needs three fractions (train,validation,test), got ${split.length}`,
    );
  const [trainFraction, validation, test] = split ?? [];
  return {
    standardize: flags.standardize === true,
    backend: flags.backend,
    hidden: start?.hidden ?? flags.hidden ?? [],
    activation: start?.activation ?? flags.activation ?? 'tanh',
    optimizer: {
      name: flags.optimizer ?? 'sgd',
      lr: flags.lr,
      ...(flags.momentum === undefined ? {} : { momentum: flags.momentum }),
      ...(flags.weightDecay === undefined ? {} : { weightDecay: flags.weightDecay }),
      ...(flags.beta1 === undefined ? {} : { beta1: flags.beta1 }),
      ...(flags.beta2 === undefined ? {} : { beta2: flags.beta2 }),
      ...(flags.eps === undefined ? {} : { eps: flags.eps }),
    },
    ...(flags.batchSize === undefined ? {} : { batchSize: flags.batchSize }),
    epochs: flags.epochs ?? (flags.batchSize === undefined ? flags.steps : 100),
    features: start?.features ?? flags.features ?? [],
    ...(split === undefined
      ? {}
      : {
          split: {
            train: trainFraction as number,
            validation: validation as number,
            test: test as number,
            stratify: flags.stratify === true,
            seed: flags.splitSeed ?? 0,
          },
        }),
    ...(flags.patience === undefined ? {} : { patience: flags.patience }),
    ...(start !== null
      ? { initialParams: start.params }
      : flags.initWeight === undefined
        ? { seed: flags.seed ?? 0 }
        : { initialParams: [...flags.initWeight, flags.initBias ?? 0] }),
    ...(flags.shuffleSeed === undefined ? {} : { shuffleSeed: flags.shuffleSeed }),
    precision: flags.precision ?? 'f32',
  };
}

export async function runModelTrain(table: Table, flags: ModelTrainFlags): Promise<void> {
  const start = await readInitModel(flags, table.dataset);
  const result = await trainModel(table.dataset, modelTrainOptions(flags, start));
  // the columns and label mapping go with the model, so predict reads files as training did
  const model = { ...result.model, columns: savedColumnsOf(table.description) };
  const diverged = divergedAt(result);
  if (flags.saveModel !== undefined && diverged === null) {
    const path = flags.saveModel;
    const contents = path.endsWith('.safetensors') ? modelToSafetensors(model) : modelToJson(model);
    await writeFileAtomically(path, contents).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(
        `--save-model ${path}: cannot write the file (${error.code ?? error.message})`,
      );
    });
  }
  if (flags.json === true) {
    const { stepLosses, epochLosses, ...rest } = result;
    const epochs = result.epochsRun;
    const json = {
      ...rest,
      model,
      data: tableJson(table.description, model.standardization ?? null),
      firstBadStep: diverged,
      losses: Array.from(stepLosses),
      epochLosses: {
        train: Array.from(epochLosses.train.subarray(0, epochs)),
        validation: Array.from(epochLosses.validation.subarray(0, epochs)),
        test: Array.from(epochLosses.test.subarray(0, epochs)),
      },
    };
    process.stdout.write(
      JSON.stringify(json, (_, v: unknown) =>
        typeof v === 'number' && !Number.isFinite(v) ? null : v,
      ) + '\n',
    );
  } else {
    const about = [
      ...describeTable(table.description),
      ...(model.standardization === undefined
        ? []
        : [standardizeLine(result.splitSizes.train, flags.split !== undefined)]),
    ];
    process.stdout.write(
      about.map((line) => `${line}\n`).join('') + modelSummary(result, flags, diverged),
    );
  }
  if (diverged !== null) {
    const unsaved =
      flags.saveModel === undefined
        ? ''
        : `; --save-model ${flags.saveModel} was not written, since a model whose params are not finite numbers predicts nothing`;
    throw new RunFailedError(
      `the run diverged: the loss or the weights stopped being finite at step ${diverged}${unsaved}. A smaller --lr may help`,
    );
  }
}
