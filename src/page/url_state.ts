/** What the page shows, kept in the URL's query string so a configuration can be shared. */
export interface PageState {
  readonly dataset: DatasetChoice;
  readonly samples: number;
  readonly classSep: number;
  readonly noise: number;
  readonly clusterStd: number;
  readonly seed: number;
  readonly lr: number;
  readonly steps: number;
  readonly backend: 'webgpu' | 'cpu';
  readonly logScale: boolean;
  readonly tab: 'train' | 'bench';
  /** hidden widths, '' for the tutorial's single neuron, e.g. '8,8' */
  readonly hidden: string;
  readonly activation: 'relu' | 'tanh' | 'sigmoid' | 'linear';
  readonly optimizer: 'sgd' | 'momentum' | 'nesterov' | 'adam' | 'adamw';
  /** rows per step; 0 for full batch */
  readonly batch: number;
  /** extra inputs, e.g. 'x2,y2' */
  readonly features: string;
  /** train,validation,test fractions */
  readonly split: string;
  /** epochs without a better validation loss before stopping; 0 for never */
  readonly patience: number;
}

export const DATASETS = [
  'make-classification',
  'make-moons',
  'make-circles',
  'make-blobs',
  'xor',
  'spiral',
  'csv',
] as const;
export type DatasetChoice = (typeof DATASETS)[number];

/** The tutorial: 100 samples of make_classification, random_state 0, lr 0.1, 1000 steps. */
export const DEFAULT_STATE: PageState = {
  dataset: 'make-classification',
  samples: 100,
  classSep: 1,
  noise: 0.1,
  clusterStd: 1,
  seed: 0,
  lr: 0.1,
  steps: 1000,
  backend: 'webgpu',
  logScale: false,
  tab: 'train',
  hidden: '',
  activation: 'tanh',
  optimizer: 'sgd',
  batch: 0,
  features: '',
  split: '1,0,0',
  patience: 0,
};

interface NumberRule {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

/** The bounds every number is held to, from the URL and from the controls alike. */
export const BOUNDS: Readonly<
  Record<
    | 'samples'
    | 'classSep'
    | 'noise'
    | 'clusterStd'
    | 'seed'
    | 'lr'
    | 'steps'
    | 'batch'
    | 'patience',
    NumberRule
  >
> = {
  batch: { min: 0, max: 1_000_000, integer: true },
  patience: { min: 0, max: 10_000, integer: true },
  samples: { min: 1, max: 1_000_000, integer: true },
  classSep: { min: 0, max: 10, integer: false },
  noise: { min: 0, max: 2, integer: false },
  clusterStd: { min: 0.1, max: 10, integer: false },
  seed: { min: 0, max: 4_294_967_295, integer: true },
  lr: { min: 1e-4, max: 100, integer: false },
  steps: { min: 1, max: 100_000, integer: true },
};

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A number within its bounds, or why not (in words for the page). */
export function checkNumber(
  name: keyof typeof BOUNDS,
  raw: string,
): { value: number } | { problem: string } {
  const rule = BOUNDS[name];
  if (!DECIMAL.test(raw.trim())) return { problem: `${name} "${raw}" is not a number` };
  const value = Number(raw);
  if (rule.integer && !Number.isInteger(value))
    return { problem: `${name} ${raw} is not a whole number` };
  if (!(value >= rule.min && value <= rule.max))
    return { problem: `${name} ${raw} is outside ${rule.min} … ${rule.max}` };
  return { value };
}

function oneOf<T extends string>(raw: string, allowed: readonly T[]): T | null {
  return (allowed as readonly string[]).includes(raw) ? (raw as T) : null;
}

/**
 * Reads the state from a query string. Anything missing takes its default; anything out of
 * bounds or unknown takes its default too, with a note saying what was ignored. Never throws.
 */
export function parseState(query: string): { state: PageState; notes: string[] } {
  const params = new URLSearchParams(query);
  const notes: string[] = [];
  const state: Record<string, unknown> = { ...DEFAULT_STATE };
  for (const [key, raw] of params) {
    if (Object.hasOwn(BOUNDS, key)) {
      const checked = checkNumber(key as keyof typeof BOUNDS, raw);
      if ('value' in checked) state[key] = checked.value;
      else notes.push(`${checked.problem}; using ${String(DEFAULT_STATE[key as keyof PageState])}`);
    } else if (key === 'dataset') {
      const value = oneOf(raw, DATASETS);
      // a CSV is a file on the user's machine: a link cannot carry it
      if (value !== null && value !== 'csv') state['dataset'] = value;
      else
        notes.push(`data set "${raw}" is not one this page makes; using ${DEFAULT_STATE.dataset}`);
    } else if (key === 'backend') {
      const value = oneOf(raw, ['webgpu', 'cpu'] as const);
      if (value !== null) state['backend'] = value;
      else notes.push(`backend "${raw}" is not webgpu or cpu; using ${DEFAULT_STATE.backend}`);
    } else if (key === 'log') {
      state['logScale'] = raw === '1';
    } else if (key === 'hidden' || key === 'features' || key === 'split') {
      const problem = checkList(key, raw);
      if (problem === null) state[key] = raw;
      else notes.push(`${problem}; using ${JSON.stringify(DEFAULT_STATE[key])}`);
    } else if (key === 'activation') {
      const value = oneOf(raw, ['relu', 'tanh', 'sigmoid', 'linear'] as const);
      if (value !== null) state['activation'] = value;
      else notes.push(`activation "${raw}" is not relu, tanh, sigmoid or linear; using tanh`);
    } else if (key === 'optimizer') {
      const value = oneOf(raw, ['sgd', 'momentum', 'nesterov', 'adam', 'adamw'] as const);
      if (value !== null) state['optimizer'] = value;
      else
        notes.push(`optimizer "${raw}" is not sgd, momentum, nesterov, adam or adamw; using sgd`);
    } else if (key === 'tab') {
      const value = oneOf(raw, ['train', 'bench'] as const);
      if (value !== null) state['tab'] = value;
    } else {
      notes.push(`"${key}" in the address is not a setting of this page; ignored`);
    }
  }
  return { state: state as unknown as PageState, notes };
}

/** The query string for a state: only what differs from the defaults, so links stay short. */
export function formatState(state: PageState): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_STATE) as (keyof PageState)[]) {
    if (state[key] === DEFAULT_STATE[key]) continue;
    if (key === 'dataset' && state.dataset === 'csv') continue;
    if (key === 'logScale') params.set('log', state.logScale ? '1' : '0');
    else params.set(key, String(state[key]));
  }
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

const FEATURE_NAMES = ['x2', 'y2', 'xy', 'sinx', 'siny'];

/**
 * Checks the list-valued settings: hidden widths (0 to 6 of 1 … 64), extra features (names from
 * the Playground's), and the split (three fractions ≥ 0 that sum to 1). Returns what is wrong, or null.
 */
export function checkList(key: 'hidden' | 'features' | 'split', raw: string): string | null {
  const parts = raw === '' ? [] : raw.split(',').map((part) => part.trim());
  if (key === 'features') {
    const unknown = parts.find((name) => !FEATURE_NAMES.includes(name));
    return unknown === undefined
      ? null
      : `feature "${unknown}" is not one of ${FEATURE_NAMES.join(', ')}`;
  }
  const numbers = parts.map((part) => (DECIMAL.test(part) ? Number(part) : NaN));
  if (key === 'hidden') {
    if (parts.length > 6) return `hidden "${raw}" has more than 6 layers`;
    const bad = numbers.findIndex((n) => !Number.isInteger(n) || n < 1 || n > 64);
    return bad < 0 ? null : `hidden "${raw}": layer ${bad + 1} is not a width from 1 to 64`;
  }
  if (numbers.length !== 3 || numbers.some((n) => !(n >= 0 && n <= 1)))
    return `split "${raw}" is not three fractions train,validation,test`;
  const sum = numbers.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-9) return `split "${raw}" sums to ${sum}, not 1`;
  if ((numbers[0] as number) <= 0) return `split "${raw}" leaves nothing to train on`;
  return null;
}
