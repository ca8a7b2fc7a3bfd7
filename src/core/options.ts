/**
 * The one options table. Every training option is listed here once, with its default, bounds or
 * choices and a line of help; the API's checks (`resolveOptions`), the command line's flags and
 * help, the page's controls and its address all read this table, so no default or bound is
 * written twice.
 */
import { FEATURES } from './features.ts';
import { TASKS } from './heads.ts';
import { OPTIMIZERS, REGULARIZATIONS } from './optimizers.ts';
import { ACTIVATIONS, MAX_HIDDEN_LAYERS, MAX_WIDTH } from './spec.ts';

export const BACKENDS = ['webgpu', 'cpu'] as const;
export const PRECISIONS = ['f32', 'f64'] as const;
export const SCHEDULES = ['auto', 'fused', 'layered', 'wide'] as const;
export type Backend = (typeof BACKENDS)[number];
export type ScheduleChoice = (typeof SCHEDULES)[number];

/** The largest finite f32: the GPU takes every rate and decay as one. */
export const F32_MAX = 3.4028234663852886e38;

/** The most epochs a run may ask for, and the most steps it may take (its losses stay in one buffer). */
export const MAX_EPOCHS = 10_000_000;
export const MAX_STEPS = 10_000_000;

interface Common {
  /** the API's name, as TrainOptions spells it */
  readonly key: string;
  /** the command line's long flag */
  readonly flag: string;
  /** the page address's key, where the page offers it */
  readonly url?: string;
  readonly help: string;
}
export interface NumberOption extends Common {
  readonly kind: 'integer' | 'number';
  readonly default: number | null;
  readonly min: number;
  readonly max: number;
  /** min itself is refused (lr > 0) */
  readonly minExclusive?: boolean;
}
export interface ChoiceOption extends Common {
  readonly kind: 'choice';
  /** null: decided from the data when not given */
  readonly default: string | null;
  readonly choices: readonly string[];
}
export interface ListOption extends Common {
  readonly kind: 'integer-list' | 'choice-list';
  readonly default: readonly (number | string)[];
  readonly maxItems: number;
  readonly min?: number;
  readonly max?: number;
  readonly choices?: readonly string[];
}
export interface BooleanOption extends Common {
  readonly kind: 'boolean';
  readonly default: boolean;
}
export type OptionSpec = NumberOption | ChoiceOption | ListOption | BooleanOption;

/** Every training option, in the order help lists them. */
export const OPTIONS = [
  {
    key: 'backend',
    flag: '--backend',
    url: 'backend',
    kind: 'choice',
    default: 'webgpu',
    choices: BACKENDS,
    help: 'where to train: the WGSL kernels on WebGPU, or the CPU reference',
  },
  {
    key: 'precision',
    flag: '--precision',
    kind: 'choice',
    default: 'f32',
    choices: PRECISIONS,
    help: "the CPU reference's arithmetic (WebGPU computes in f32)",
  },
  {
    key: 'hidden',
    flag: '--hidden',
    url: 'hidden',
    kind: 'integer-list',
    default: [],
    maxItems: MAX_HIDDEN_LAYERS,
    min: 1,
    max: MAX_WIDTH,
    help: `hidden layer widths, e.g. 8,8 (none: the tutorial's Linear(D,1); at most ${MAX_HIDDEN_LAYERS} layers of 1 to ${MAX_WIDTH})`,
  },
  {
    key: 'activation',
    flag: '--activation',
    url: 'activation',
    kind: 'choice',
    default: 'tanh',
    choices: ACTIVATIONS,
    help: "the hidden layers' activation",
  },
  {
    key: 'features',
    flag: '--features',
    url: 'features',
    kind: 'choice-list',
    default: [],
    maxItems: FEATURES.length,
    choices: FEATURES,
    help: "TensorFlow Playground's extra inputs for two-feature data",
  },
  {
    key: 'task',
    flag: '--task',
    kind: 'choice',
    default: null,
    choices: TASKS,
    help: 'what the label is: classes (two: a sigmoid and BCE; three or more: a softmax and cross-entropy) or numbers to predict (a linear output and mean squared error); default: classification for class indices, regression for numbers',
  },
  {
    key: 'standardizeTarget',
    flag: '--standardize-target',
    kind: 'boolean',
    default: false,
    help: "regression: train on the target's z-score (the training split's mean and spread, saved with the model and undone at predict)",
  },
  {
    key: 'standardize',
    flag: '--standardize',
    url: 'standardize',
    kind: 'boolean',
    default: false,
    help: 'z-score every raw feature with the mean and spread of the training split (saved with the model)',
  },
  {
    key: 'optimizer',
    flag: '--optimizer',
    url: 'optimizer',
    kind: 'choice',
    default: 'sgd',
    choices: OPTIMIZERS,
    help: "the update rule, PyTorch 1.13's",
  },
  {
    key: 'lr',
    flag: '--lr',
    url: 'lr',
    kind: 'number',
    default: 0.1,
    min: 0,
    minExclusive: true,
    max: F32_MAX,
    help: 'learning rate',
  },
  {
    key: 'momentum',
    flag: '--momentum',
    kind: 'number',
    default: 0.9,
    min: 0,
    max: 1,
    help: 'momentum μ (momentum, nesterov)',
  },
  {
    key: 'weightDecay',
    flag: '--weight-decay',
    kind: 'number',
    default: null,
    min: 0,
    max: F32_MAX,
    help: 'L2 weight decay, decoupled for adamw (default 0; 0.01 for adamw, as PyTorch)',
  },
  {
    key: 'regularization',
    flag: '--regularization',
    url: 'reg',
    kind: 'choice',
    default: 'none',
    choices: REGULARIZATIONS,
    help: "a penalty on the weights (not the biases), as TensorFlow Playground's: l1 adds rate·Σ|w| to the loss, l2 rate·½Σw²",
  },
  {
    key: 'regularizationRate',
    flag: '--regularization-rate',
    url: 'regRate',
    kind: 'number',
    default: 0.001,
    min: 0,
    max: F32_MAX,
    help: "the penalty's rate λ (with --regularization l1 or l2)",
  },
  {
    key: 'beta1',
    flag: '--beta1',
    kind: 'number',
    default: 0.9,
    min: 0,
    max: 1,
    minExclusive: false,
    help: "Adam's β₁",
  },
  {
    key: 'beta2',
    flag: '--beta2',
    kind: 'number',
    default: 0.999,
    min: 0,
    max: 1,
    help: "Adam's β₂",
  },
  {
    key: 'eps',
    flag: '--eps',
    kind: 'number',
    default: 1e-8,
    min: 0,
    minExclusive: true,
    max: 1,
    help: "Adam's ε",
  },
  {
    key: 'batchSize',
    flag: '--batch-size',
    url: 'batch',
    kind: 'integer',
    default: null,
    min: 1,
    // any number of rows past the training split's is full batch
    max: Number.MAX_SAFE_INTEGER,
    help: 'rows per step (default: the whole training split, full batch)',
  },
  {
    key: 'epochs',
    flag: '--epochs',
    url: 'epochs',
    kind: 'integer',
    default: 1000,
    min: 1,
    max: MAX_EPOCHS,
    help: 'passes over the training split; with full batch each is one step, as the tutorial counts them',
  },
  {
    key: 'patience',
    flag: '--patience',
    url: 'patience',
    kind: 'integer',
    default: null,
    min: 1,
    max: MAX_EPOCHS,
    help: 'stop after this many epochs without a better validation loss, keeping the best params',
  },
  {
    key: 'seed',
    flag: '--seed',
    url: 'seed',
    kind: 'integer',
    default: 0,
    min: 0,
    max: 0xffffffff,
    help: "seeds the initial params (nn.Linear's distribution, drawn from our own generator)",
  },
  {
    key: 'shuffleSeed',
    flag: '--shuffle-seed',
    kind: 'integer',
    default: 0,
    min: 0,
    max: 0xffffffff,
    help: "seeds each epoch's mini-batch order (numpy's RandomState(seed).permutation)",
  },
  {
    key: 'schedule',
    flag: '--schedule',
    kind: 'choice',
    default: 'auto',
    choices: SCHEDULES,
    help: 'WebGPU: fused (the whole run in one dispatch), layered (many workgroups per step, a thread per sample), wide (each layer a product over rows × units), or chosen by fit',
  },
  {
    key: 'workgroupSize',
    flag: '--workgroup-size',
    kind: 'integer',
    default: null,
    min: 1,
    max: 1024,
    help: 'WebGPU: threads per workgroup, a power of two (default: tuned for the adapter)',
  },
] as const satisfies readonly OptionSpec[];

export type OptionKey = (typeof OPTIONS)[number]['key'];

/** The table's entry for an option. */
export function optionSpec(key: OptionKey): OptionSpec {
  const spec = OPTIONS.find((o) => o.key === key);
  if (spec === undefined) throw new Error(`no option ${key}`);
  return spec;
}

/** An option outside its domain; `parameter` names it as the API spells it, `flag` as the CLI does. */
export class OptionError extends Error {
  readonly flag: string | null;

  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(`${parameter}: ${message}`);
    this.name = 'OptionError';
    this.flag = OPTIONS.find((o) => o.key === parameter)?.flag ?? null;
  }
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/**
 * A number as people write it: 10 000 000, 0.001, 3.4 × 10³⁸ (never 3.4028234663852886e+38), so
 * a message reads the same on the page, in the terminal and in a test.
 */
export function numberWords(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const size = Math.abs(x);
  if (size !== 0 && (size >= 1e15 || size < 1e-6)) {
    const exponent = Math.floor(Math.log10(size));
    const mantissa = Number((x / 10 ** exponent).toPrecision(3));
    const digits = [...String(Math.abs(exponent))].map((d) => SUPERSCRIPT[Number(d)]).join('');
    return `${mantissa} × 10${exponent < 0 ? '⁻' : ''}${digits}`;
  }
  if (Number.isInteger(x) && size >= 10_000) return x.toLocaleString('en-US').replace(/,/g, ' ');
  return String(x);
}

/** A bound that only says what the machine can hold (a float32, a safe integer): not worth saying until passed. */
const machineBound = (max: number): boolean => max >= Number.MAX_SAFE_INTEGER;

/** The interval, as a message says it: "above 0", "from 1 to 64", "of at least 1". */
function describeBounds(spec: NumberOption | ListOption, value?: number): string {
  const min = spec.min ?? -Infinity;
  const max = spec.max ?? Infinity;
  const exclusive = 'minExclusive' in spec && spec.minExclusive === true;
  const sayMax = Number.isFinite(max) && !(machineBound(max) && (value ?? -Infinity) <= max);
  if (!sayMax) return exclusive ? `above ${numberWords(min)}` : `of at least ${numberWords(min)}`;
  const low = exclusive ? `above ${numberWords(min)}` : `from ${numberWords(min)}`;
  return `${low} to ${numberWords(max)}`;
}

/** Checks one value against its entry; returns it, or throws an OptionError naming the option. */
export function checkOption(spec: OptionSpec, value: unknown): unknown {
  const fail = (why: string): never => {
    throw new OptionError(spec.key, why);
  };
  switch (spec.kind) {
    case 'integer':
    case 'number': {
      if (value === null && spec.default === null) return null;
      if (typeof value !== 'number' || !Number.isFinite(value))
        fail(`must be a finite number, got ${JSON.stringify(value)}`);
      const n = value as number;
      if (spec.kind === 'integer' && !Number.isInteger(n))
        fail(`must be a whole number, got ${numberWords(n)}`);
      const low = spec.minExclusive === true ? n <= spec.min : n < spec.min;
      if (low || n > spec.max)
        fail(
          `must be ${spec.kind === 'integer' ? 'a whole number' : 'a number'} ${describeBounds(spec, n)}, got ${numberWords(n)}`,
        );
      return n;
    }
    case 'boolean':
      if (typeof value !== 'boolean') fail(`must be true or false, got ${JSON.stringify(value)}`);
      return value;
    case 'choice':
      if (value === null && spec.default === null) return null;
      if (typeof value !== 'string' || !spec.choices.includes(value))
        fail(`must be one of ${spec.choices.join(', ')}, got ${JSON.stringify(value)}`);
      return value;
    case 'integer-list':
    case 'choice-list': {
      if (!Array.isArray(value)) fail(`must be a list, got ${JSON.stringify(value)}`);
      const list = value as unknown[];
      if (list.length > spec.maxItems)
        fail(`takes at most ${spec.maxItems} items, got ${list.length}`);
      list.forEach((item, i) => {
        if (spec.kind === 'choice-list') {
          if (typeof item !== 'string' || !(spec.choices ?? []).includes(item))
            fail(
              `item ${i + 1} must be one of ${(spec.choices ?? []).join(', ')}, got ${JSON.stringify(item)}`,
            );
        } else if (
          typeof item !== 'number' ||
          !Number.isInteger(item) ||
          item < (spec.min ?? -Infinity) ||
          item > (spec.max ?? Infinity)
        ) {
          fail(
            `item ${i + 1} must be a whole number ${describeBounds(spec)}, got ${JSON.stringify(item)}`,
          );
        }
      });
      if (spec.kind === 'choice-list' && new Set(list).size !== list.length)
        fail(`lists an item twice: ${list.join(', ')}`);
      return list;
    }
  }
}

/** The value the caller gave, checked, or the table's default. */
export function optionValue(key: OptionKey, given: unknown): unknown {
  const spec = optionSpec(key);
  return checkOption(spec, given === undefined ? spec.default : given);
}
