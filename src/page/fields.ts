/**
 * The page's settings, one entry each. The training options come from the one options table
 * (src/core/options.ts) and the data set's numbers from the generators' own bounds
 * (src/data/generator_bounds.ts); the few that are the page's alone (the split, the speed, the
 * plot and the benchmark) are declared here. The controls, their bounds, defaults and choices, the
 * checks and the address all read these entries, so nothing is typed twice.
 */
import {
  GENERATOR_BOUNDS,
  generatorNames,
  splitFractions,
  type GeneratorBound,
  type GeneratorName,
} from '../data/index.ts';
import {
  checkOption,
  numberWords,
  OptionError,
  optionSpec,
  type Backend,
  type OptionKey,
} from '../core/options.ts';
import type { Activation } from '../core/spec.ts';
import { TASKS, type Task } from '../core/heads.ts';
import type { FeatureName } from '../core/features.ts';
import type { OptimizerName, RegularizationName } from '../core/optimizers.ts';

export type DatasetChoice = GeneratorName | 'csv';
export const DATASETS: readonly DatasetChoice[] = [...generatorNames, 'csv'];

/** The generators whose labels are numbers to predict: TensorFlow Playground's two, and scikit-learn's. */
const REGRESSION_SETS: readonly string[] = ['regress-plane', 'regress-gaussian', 'make-regression'];

/** What a data set's labels are; null for a CSV file, which may hold either. */
export function datasetTask(dataset: DatasetChoice): Task | null {
  if (dataset === 'csv') return null;
  return REGRESSION_SETS.includes(dataset) ? 'regression' : 'classification';
}

/** Steps per frame: 'auto' shows any run over about a second and a half, 'max' as fast as the device goes. */
export const SPEEDS = ['auto', '1', '10', '100', '1000', 'max'] as const;
export type Speed = (typeof SPEEDS)[number];
export const POINT_VIEWS = ['all', 'train', 'test'] as const;
export type PointView = (typeof POINT_VIEWS)[number];
export const BENCH_SIZES = [100, 1000, 10_000, 100_000, 1_000_000] as const;

/** The most samples the page makes: a million rows plot, train and stay within memory here. */
export const PAGE_MAX_SAMPLES = 1_000_000;

export interface PageState {
  /** classes or numbers to predict: which data sets are offered, and how a CSV's label is read */
  readonly task: Task;
  readonly dataset: DatasetChoice;
  readonly samples: number;
  readonly noise: number;
  readonly classSep: number;
  readonly clusterStd: number;
  /** the blobs' centers: the classes a generated data set has */
  readonly classes: number;
  /** the generator's random_state */
  readonly dataSeed: number;
  readonly backend: Backend;
  readonly hidden: readonly number[];
  readonly activation: Activation;
  readonly features: readonly FeatureName[];
  /** z-score the raw features, fitted on the training split */
  readonly standardize: boolean;
  readonly optimizer: OptimizerName;
  readonly lr: number;
  /** a penalty on the weights, with its rate */
  readonly regularization: RegularizationName;
  readonly regularizationRate: number;
  /** rows per step; null: full batch */
  readonly batch: number | null;
  /** passes over the training split; null: until paused, as TensorFlow Playground runs */
  readonly epochs: number | null;
  /** epochs without a better validation loss before stopping; null: never */
  readonly patience: number | null;
  /** seeds the initial params */
  readonly seed: number;
  /** train, validation, test fractions */
  readonly split: readonly number[];
  readonly speed: Speed;
  readonly points: PointView;
  readonly logScale: boolean;
  /** the heatmap paints the class decided rather than the probability */
  readonly discretize: boolean;
  readonly tab: 'train' | 'bench';
  readonly benchSizes: readonly number[];
  readonly benchSteps: number;
  readonly benchRepeats: number;
  readonly benchBudget: number;
  readonly benchTfjs: boolean;
}

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(problem: string): Parsed<T> => ({ ok: false, problem });

export interface Field<T> {
  /** the address's key, the control's id and its data-testid */
  readonly name: string;
  readonly label: string;
  readonly help: string;
  readonly control: 'number' | 'text' | 'select' | 'checkboxes' | 'checkbox';
  readonly default: T;
  readonly choices?: readonly string[];
  readonly placeholder?: string;
  /** the data sets whose controls show it; absent: shown always */
  readonly datasets?: readonly DatasetChoice[];
  /** a number control's min and max attributes for this data set (parse is the check) */
  bounds?(dataset: DatasetChoice): { readonly min?: number; readonly max?: number };
  /** the text a control shows and the address carries */
  format(value: T): string;
  /** the value in a control's text, or what is wrong with it */
  parse(text: string, dataset: DatasetChoice): Parsed<T>;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A finite number in decimal notation, or null (1e309 is not a number a generator takes). */
function parseNumber(text: string): number | null {
  const trimmed = text.trim();
  const value = DECIMAL.test(trimmed) ? Number(trimmed) : NaN;
  return Number.isFinite(value) ? value : null;
}

const listText = (values: readonly (number | string)[]): string => values.join(',');
const listItems = (text: string): string[] =>
  text.trim() === '' ? [] : text.split(',').map((part) => part.trim());

/** An OptionError's message without the option's name in front (the field names it). */
function optionProblem(error: unknown): string {
  if (error instanceof OptionError) return error.message.replace(/^[^:]+: /, '');
  throw error;
}

/** A number option from the options table; an empty control means its default, where that is "none". */
function optionNumber<T extends number | null>(
  key: OptionKey,
  label: string,
  placeholder?: string,
  /** what an empty control means, where it is not the table's default */
  empty?: T,
): Field<T> {
  const spec = optionSpec(key);
  if (spec.kind !== 'number' && spec.kind !== 'integer') throw new Error(`${key} is not a number`);
  return {
    name: spec.url ?? key,
    label,
    help: spec.help,
    control: 'number',
    default: spec.default as T,
    ...(placeholder === undefined ? {} : { placeholder }),
    bounds: () => ({ min: spec.min, max: spec.max }),
    format: (value) => (value === null ? '' : String(value)),
    parse(text) {
      if (text.trim() === '' && empty !== undefined) return ok(empty);
      if (text.trim() === '' && spec.default === null) return ok(null as T);
      const value = parseNumber(text);
      if (value === null) return bad(`"${text}" is not a number`);
      try {
        return ok(checkOption(spec, value) as T);
      } catch (error) {
        return bad(optionProblem(error));
      }
    },
  };
}

/** A choice from the options table, as a select. */
function optionChoice<T extends string>(key: OptionKey, label: string): Field<T> {
  const spec = optionSpec(key);
  if (spec.kind !== 'choice') throw new Error(`${key} is not a choice`);
  return {
    name: spec.url ?? key,
    label,
    help: spec.help,
    control: 'select',
    default: spec.default as T,
    choices: spec.choices,
    format: (value) => value,
    parse(text) {
      try {
        return ok(checkOption(spec, text) as T);
      } catch (error) {
        return bad(optionProblem(error));
      }
    },
  };
}

/** A yes-or-no option from the options table, as a checkbox. */
function optionFlag(key: OptionKey, label: string): Field<boolean> {
  const spec = optionSpec(key);
  if (spec.kind !== 'boolean') throw new Error(`${key} is not a yes-or-no option`);
  return {
    name: spec.url ?? key,
    label,
    help: spec.help,
    control: 'checkbox',
    default: spec.default,
    format: (value) => (value ? '1' : '0'),
    parse: (text) =>
      text === '1' || text === '0' ? ok(text === '1') : bad(`"${text}" is not 1 or 0`),
  };
}

/** A list from the options table, typed as comma-separated text (or ticked boxes). */
function optionList<T extends number | string>(
  key: OptionKey,
  label: string,
  control: 'text' | 'checkboxes',
  placeholder?: string,
): Field<readonly T[]> {
  const spec = optionSpec(key);
  if (spec.kind !== 'integer-list' && spec.kind !== 'choice-list')
    throw new Error(`${key} is not a list`);
  const numbers = spec.kind === 'integer-list';
  return {
    name: spec.url ?? key,
    label,
    help: spec.help,
    control,
    default: spec.default as readonly T[],
    ...(spec.choices === undefined ? {} : { choices: spec.choices }),
    ...(placeholder === undefined ? {} : { placeholder }),
    format: (value) => listText(value),
    parse(text) {
      const items = listItems(text);
      const values = numbers ? items.map((item) => parseNumber(item) ?? NaN) : items;
      const notNumber = items.findIndex((_, i) => Number.isNaN(values[i]));
      if (numbers && notNumber >= 0)
        return bad(`item ${notNumber + 1}, "${items[notNumber]}", is not a number`);
      try {
        return ok(checkOption(spec, values) as readonly T[]);
      } catch (error) {
        return bad(optionProblem(error));
      }
    },
  };
}

/** The bound a generator holds one of its numbers to, or none where it does not take it. */
function generatorBound(dataset: DatasetChoice, key: GeneratorBound['key']): GeneratorBound | null {
  // a CSV file's seed is the split's alone, a RandomState seed as every generator's is
  const source = dataset === 'csv' && key === 'randomState' ? 'make-classification' : dataset;
  if (source === 'csv') return null;
  return GENERATOR_BOUNDS[source].find((bound) => bound.key === key) ?? null;
}

function describeInterval(bound: GeneratorBound, cap: number | undefined): string {
  const { min, max } = bound.interval;
  const top = Math.min(max ?? Infinity, cap ?? Infinity);
  const kind = bound.integer ? 'a whole number' : 'a number';
  if (min !== undefined && Number.isFinite(top))
    return `${kind} from ${numberWords(min)} to ${numberWords(top)}`;
  if (min !== undefined) return `${kind} ≥ ${numberWords(min)}`;
  return kind;
}

/** A generator's number, held to the generator's own bound for the data set chosen. */
function dataNumber(
  key: GeneratorBound['key'],
  name: string,
  label: string,
  fallback: number,
  datasets: readonly DatasetChoice[],
  cap?: { readonly max: number; readonly why: string },
): Field<number> {
  return {
    name,
    label,
    help:
      key === 'randomState'
        ? "the generator's randomState; it seeds the train/validation/test split too (a CSV file's alone)"
        : cap === undefined
          ? `the generator's ${key}`
          : `the generator's ${key}; ${cap.why}`,
    control: 'number',
    default: fallback,
    datasets,
    bounds(dataset) {
      const bound = generatorBound(dataset, key);
      const max = Math.min(bound?.interval.max ?? Infinity, cap?.max ?? Infinity);
      return {
        ...(bound?.interval.min === undefined ? {} : { min: bound.interval.min }),
        ...(Number.isFinite(max) ? { max } : {}),
      };
    },
    format: (value) => String(value),
    parse(text, dataset) {
      const bound = generatorBound(dataset, key);
      const value = parseNumber(text);
      if (value === null) return bad(`"${text}" is not a number`);
      if (bound === null) return ok(value);
      const { min, max, minOpen = false, maxOpen = false } = bound.interval;
      const within =
        (!bound.integer || Number.isInteger(value)) &&
        (min === undefined || (minOpen ? value > min : value >= min)) &&
        (max === undefined || (maxOpen ? value < max : value <= max)) &&
        (cap === undefined || value <= cap.max);
      return within
        ? ok(value)
        : bad(
            `${bound.parameter} must be ${describeInterval(bound, cap?.max)} for ${dataset}, got ${numberWords(value)}`,
          );
    },
  };
}

function choiceField<T extends string>(
  name: string,
  label: string,
  help: string,
  choices: readonly T[],
  fallback: T,
): Field<T> {
  return {
    name,
    label,
    help,
    control: 'select',
    default: fallback,
    choices,
    format: (value) => value,
    parse: (text) =>
      (choices as readonly string[]).includes(text)
        ? ok(text as T)
        : bad(`"${text}" is not one of ${choices.join(', ')}`),
  };
}

function wholeNumber(
  name: string,
  label: string,
  help: string,
  min: number,
  max: number,
  fallback: number,
): Field<number> {
  return {
    name,
    label,
    help,
    control: 'number',
    default: fallback,
    bounds: () => ({ min, max }),
    format: (value) => String(value),
    parse(text) {
      const value = parseNumber(text);
      return value !== null && Number.isInteger(value) && value >= min && value <= max
        ? ok(value)
        : bad(`must be a whole number from ${min} to ${max}, got "${text}"`);
    },
  };
}

function flag(name: string, label: string, help: string, fallback: boolean): Field<boolean> {
  return {
    name,
    label,
    help,
    control: 'checkbox',
    default: fallback,
    format: (value) => (value ? '1' : '0'),
    parse: (text) =>
      text === '1' || text === '0' ? ok(text === '1') : bad(`"${text}" is not 1 or 0`),
  };
}

const GENERATED = generatorNames;
const NOISY: readonly DatasetChoice[] = generatorNames.filter((name) =>
  ['make-moons', 'make-circles', 'xor', 'spiral', ...REGRESSION_SETS].includes(name),
);

export const FIELDS: { readonly [K in keyof PageState]: Field<PageState[K]> } = {
  task: choiceField(
    'problem',
    'Problem type',
    "classification: the label is a class (two or more); regression: a number to predict. It picks the data sets offered and how a CSV file's label is read",
    TASKS,
    'classification',
  ),
  dataset: choiceField(
    'dataset',
    'Data set',
    "a generator (make_classification is the tutorial's), or your CSV file",
    DATASETS,
    'make-classification',
  ),
  samples: dataNumber('nSamples', 'samples', 'Samples', 100, GENERATED, {
    max: PAGE_MAX_SAMPLES,
    why: 'the page makes at most a million',
  }),
  noise: dataNumber('noise', 'noise', 'Noise', 0.1, NOISY),
  classSep: dataNumber('classSep', 'classSep', 'Class separation', 1, ['make-classification']),
  clusterStd: dataNumber('clusterStd', 'clusterStd', 'Cluster spread', 1, ['make-blobs']),
  classes: {
    ...wholeNumber('classes', 'Classes', 'the blobs: one class each', 2, 8, 2),
    datasets: ['make-blobs'],
  },
  dataSeed: dataNumber('randomState', 'dataSeed', 'Data seed', 0, [...GENERATED, 'csv']),
  backend: optionChoice<Backend>('backend', 'Backend'),
  hidden: optionList<number>('hidden', 'Hidden layers', 'text', 'none: the tutorial'),
  activation: optionChoice<Activation>('activation', 'Activation'),
  features: optionList<FeatureName>('features', 'Extra inputs', 'checkboxes'),
  standardize: optionFlag('standardize', 'Standardize the features'),
  optimizer: optionChoice<OptimizerName>('optimizer', 'Optimizer'),
  lr: optionNumber<number>('lr', 'Learning rate'),
  regularization: optionChoice<RegularizationName>('regularization', 'Regularization'),
  regularizationRate: optionNumber<number>('regularizationRate', 'Regularization rate'),
  batch: optionNumber<number | null>('batchSize', 'Batch size', 'full batch'),
  epochs: optionNumber<number | null>('epochs', 'Epochs', 'until paused', null),
  patience: optionNumber<number | null>('patience', 'Patience', 'off'),
  seed: optionNumber<number>('seed', 'Init seed'),
  split: {
    name: 'split',
    label: 'Split train,val,test',
    help: 'fractions of the samples for training, validation (early stopping) and test; stratified',
    control: 'text',
    default: [1, 0, 0],
    format: (value) => listText(value),
    parse(text) {
      const items = listItems(text);
      const values = items.map((item) => parseNumber(item));
      if (values.length !== 3 || values.some((v) => v === null))
        return bad(`"${text}" is not three fractions train,validation,test`);
      const [train, validation, test] = values as [number, number, number];
      try {
        const fractions = splitFractions({ train, validation, test });
        if ((fractions[0] as number) <= 0) return bad('leaves nothing to train on');
        return ok(values as number[]);
      } catch (error) {
        return bad(error instanceof Error ? error.message : String(error));
      }
    },
  },
  speed: choiceField(
    'speed',
    'Speed',
    'steps per frame: auto shows a run over about a second and a half (one that runs until paused, an epoch a frame); fastest draws as the device allows',
    SPEEDS,
    'auto',
  ),
  points: choiceField('points', 'Points', 'which split the plot shows', POINT_VIEWS, 'all'),
  logScale: flag('log', 'log scale', 'the loss axis on a log scale', false),
  discretize: flag(
    'discretize',
    'Discretize output',
    'paint the class the model decides, not how sure it is',
    false,
  ),
  tab: choiceField('tab', 'Tab', 'the tab shown', ['train', 'bench'] as const, 'train'),
  benchSizes: {
    name: 'bsizes',
    label: 'Sizes N',
    help: 'sample counts to time',
    control: 'checkboxes',
    default: [100, 1000, 10_000, 100_000],
    choices: BENCH_SIZES.map(String),
    format: (value) => listText(value),
    parse(text) {
      const values = listItems(text).map(Number);
      const unknown = values.find((v) => !(BENCH_SIZES as readonly number[]).includes(v));
      return unknown === undefined
        ? ok(values)
        : bad(`sizes must be some of ${BENCH_SIZES.join(', ')}, got "${text}"`);
    },
  },
  benchSteps: wholeNumber('bsteps', 'Steps', 'steps per timed run', 1, 100_000, 1000),
  benchRepeats: wholeNumber('brepeats', 'Repeats', 'timed runs per configuration', 1, 20, 3),
  benchBudget: wholeNumber(
    'bbudget',
    'Budget per configuration, s',
    'time allowed per backend and size',
    1,
    120,
    4,
  ),
  benchTfjs: flag('btfjs', 'include TensorFlow.js', 'time TensorFlow.js on the same work', true),
};

export type FieldKey = keyof PageState;
export const FIELD_KEYS = Object.keys(FIELDS) as FieldKey[];

/** Every field's default: the tutorial, as the command line runs it. */
export const DEFAULT_STATE: PageState = Object.fromEntries(
  FIELD_KEYS.map((key) => [key, FIELDS[key].default]),
) as unknown as PageState;

/** Whether a field applies to the data set chosen (its control is shown and checked). */
export function applies(key: FieldKey, dataset: DatasetChoice): boolean {
  const datasets = FIELDS[key].datasets;
  return datasets === undefined || datasets.includes(dataset);
}
