import { randomInt } from 'node:crypto';
import { Command, Option } from 'commander';
import { formatCsv, generators, type GeneratorName } from '../data/index.ts';
import { UsageError } from './errors.ts';
import {
  NONE,
  noneToNull,
  parseNonNegativeInteger,
  parseNumber,
  parseNumberList,
  parseNumberListOrNone,
  parseNumberOrList,
  parseNumberOrNone,
  parsePositiveInteger,
  parseSeed,
} from './flags.ts';
import { writeFileAtomically } from '../node/index.ts';

type Parser = (value: string) => unknown;
interface Flag {
  readonly flags: string;
  readonly description: string;
  readonly parse?: Parser;
  readonly defaultValue?: unknown;
}

const randomState: Flag = {
  flags: '--random-state <seed>',
  description: 'seed of the RandomState, 0 to 2**32-1 (default: drawn at random and printed)',
  parse: parseSeed,
};
const noShuffle: Flag = {
  flags: '--no-shuffle',
  description: 'keep the samples in the order they were made',
};
const noise = (defaultValue: number | null): Flag => ({
  flags: '--noise <x>',
  description: 'standard deviation of Gaussian noise added to the points ("none" for none)',
  parse: parseNumberOrNone,
  defaultValue,
});
/** The Playground's noise slider over 100; for regression it moves the point a target is taken at. */
const playgroundNoise: Flag = {
  flags: '--noise <x>',
  description: 'noise, 0 to 0.5: the target is taken at the point moved by up to 6·noise each way',
  parse: parseNumber,
  defaultValue: 0,
};
const nSamples = (defaultValue: number): Flag => ({
  flags: '--n-samples <n>',
  description: 'number of samples',
  parse: parsePositiveInteger,
  defaultValue,
});

/** Each generator's flags: scikit-learn's parameters in --kebab-case, with its defaults. */
const FLAGS: Record<GeneratorName, { summary: string; flags: Flag[] }> = {
  'make-classification': {
    summary: "scikit-learn's make_classification: Gaussian clusters on the vertices of a hypercube",
    flags: [
      nSamples(100),
      {
        flags: '--n-features <n>',
        description: 'total features',
        parse: parsePositiveInteger,
        defaultValue: 20,
      },
      {
        flags: '--n-informative <n>',
        description: 'informative features',
        parse: parsePositiveInteger,
        defaultValue: 2,
      },
      {
        flags: '--n-redundant <n>',
        description: 'linear combinations of the informative features',
        parse: parseNonNegativeInteger,
        defaultValue: 2,
      },
      {
        flags: '--n-repeated <n>',
        description: 'copies of informative or redundant features',
        parse: parseNonNegativeInteger,
        defaultValue: 0,
      },
      {
        flags: '--n-classes <n>',
        description: 'classes (more than 2 train a softmax over them)',
        parse: parsePositiveInteger,
        defaultValue: 2,
      },
      {
        flags: '--n-clusters-per-class <n>',
        description: 'clusters per class',
        parse: parsePositiveInteger,
        defaultValue: 2,
      },
      {
        flags: '--weights <list>',
        description: 'fraction of samples per class, comma-separated',
        parse: parseNumberList,
      },
      {
        flags: '--flip-y <x>',
        description: 'fraction of labels assigned at random',
        parse: parseNumber,
        defaultValue: 0.01,
      },
      {
        flags: '--class-sep <x>',
        description: 'size of the hypercube',
        parse: parseNumber,
        defaultValue: 1.0,
      },
      { flags: '--no-hypercube', description: 'put the clusters on a random polytope instead' },
      {
        flags: '--shift <x>',
        description: 'shift of every feature, one per feature, or "none" (random)',
        parse: parseNumberListOrNone,
        defaultValue: 0.0,
      },
      {
        flags: '--scale <x>',
        description: 'scale of every feature, one per feature, or "none" (random)',
        parse: parseNumberListOrNone,
        defaultValue: 1.0,
      },
      noShuffle,
      randomState,
    ],
  },
  'make-moons': {
    summary: "scikit-learn's make_moons: two interleaving half circles",
    flags: [nSamples(100), noise(null), noShuffle, randomState],
  },
  'make-circles': {
    summary: "scikit-learn's make_circles: a small circle inside a large one",
    flags: [
      nSamples(100),
      noise(null),
      {
        flags: '--factor <x>',
        description: 'inner radius over outer radius, in [0, 1)',
        parse: parseNumber,
        defaultValue: 0.8,
      },
      noShuffle,
      randomState,
    ],
  },
  'make-blobs': {
    summary: "scikit-learn's make_blobs: isotropic Gaussian blobs",
    flags: [
      nSamples(100),
      {
        flags: '--n-features <n>',
        description: 'features',
        parse: parsePositiveInteger,
        defaultValue: 2,
      },
      {
        flags: '--centers <n>',
        description: 'number of blobs, one class each',
        parse: parsePositiveInteger,
        defaultValue: 3,
      },
      {
        flags: '--cluster-std <x>',
        description: 'standard deviation of every blob, or one per blob',
        parse: parseNumberOrList,
        defaultValue: 1.0,
      },
      {
        flags: '--center-box <lo,hi>',
        description: 'box the random centers are drawn in',
        parse: parseNumberList,
        defaultValue: [-10, 10],
      },
      noShuffle,
      randomState,
    ],
  },
  'make-regression': {
    summary:
      "scikit-learn's make_regression: a random linear model of Gaussian features, one target",
    flags: [
      nSamples(100),
      {
        flags: '--n-features <n>',
        description: 'total features',
        parse: parsePositiveInteger,
        defaultValue: 100,
      },
      {
        flags: '--n-informative <n>',
        description: 'features the target depends on (the rest have coefficient 0)',
        parse: parseNonNegativeInteger,
        defaultValue: 10,
      },
      {
        flags: '--n-targets <n>',
        description: 'targets a row (1: a data set holds one)',
        parse: parsePositiveInteger,
        defaultValue: 1,
      },
      {
        flags: '--bias <x>',
        description: 'added to every target',
        parse: parseNumber,
        defaultValue: 0.0,
      },
      {
        flags: '--effective-rank <n>',
        description:
          'about how many singular vectors explain X (make_low_rank_matrix), or "none" for Gaussian X (default: none)',
        parse: parsePositiveIntegerOrNone,
      },
      {
        flags: '--tail-strength <x>',
        description: "with --effective-rank: the share of the singular profile's fat tail, 0 to 1",
        parse: parseNumber,
        defaultValue: 0.5,
      },
      {
        flags: '--noise <x>',
        description: 'standard deviation of Gaussian noise added to the target',
        parse: parseNumber,
        defaultValue: 0.0,
      },
      noShuffle,
      randomState,
    ],
  },
  xor: {
    summary: "TensorFlow Playground's exclusive-or: four quadrants",
    flags: [nSamples(200), noise(0), randomState],
  },
  spiral: {
    summary: "TensorFlow Playground's two interleaved spirals",
    flags: [nSamples(200), noise(0), randomState],
  },
  'regress-plane': {
    summary: "TensorFlow Playground's plane: a target (x + y) / 10 over the square ±6",
    flags: [nSamples(200), playgroundNoise, randomState],
  },
  'regress-gaussian': {
    summary: "TensorFlow Playground's multi-Gaussian: six bumps of target ±1 over the square ±6",
    flags: [nSamples(200), playgroundNoise, randomState],
  },
};

/** A count of at least 1, or "none" for scikit-learn's None. */
function parsePositiveIntegerOrNone(value: string): number | typeof NONE {
  return value.toLowerCase() === 'none' ? NONE : parsePositiveInteger(value);
}

function addFlag(command: Command, flag: Flag): void {
  const option = new Option(flag.flags, flag.description);
  if (flag.parse) option.argParser(flag.parse);
  if (flag.defaultValue !== undefined) option.default(flag.defaultValue);
  command.addOption(option);
}

async function writeData(name: GeneratorName, options: Record<string, unknown>): Promise<void> {
  const { out, ...params } = noneToNull(options);
  const drawnSeed = params['randomState'] === undefined;
  if (drawnSeed) params['randomState'] = randomInt(0, 2 ** 32);
  const data = generators[name](params);
  const csv = formatCsv(data);
  if (typeof out === 'string') {
    await writeFileAtomically(out, csv).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`--out ${out}: cannot write the file (${error.code ?? error.message})`);
    });
    process.stderr.write(`wrote ${data.nSamples} samples × ${data.nFeatures} features to ${out}\n`);
  } else {
    process.stdout.write(csv);
  }
  if (drawnSeed) process.stderr.write(`used --random-state ${String(params['randomState'])}\n`);
}

export function dataCommand(): Command {
  const data = new Command('data').description(
    'make a data set and write it as CSV (x0,…,x{D-1},y)',
  );
  for (const [name, spec] of Object.entries(FLAGS) as [
    GeneratorName,
    (typeof FLAGS)[GeneratorName],
  ][]) {
    const sub = data.command(name).description(spec.summary);
    for (const flag of spec.flags) addFlag(sub, flag);
    sub.option(
      '--out <file>',
      'CSV file to write (written whole or not at all); stdout if omitted',
    );
    sub.action((options: Record<string, unknown>) => writeData(name, options));
  }
  return data;
}
