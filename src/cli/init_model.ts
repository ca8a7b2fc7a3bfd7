import type { FeatureName } from '../core/features.ts';
import type { Activation } from '../core/spec.ts';
import type { Dataset } from '../data/index.ts';
import type { SavedModel } from '../model/serialize.ts';
import { UsageError } from './errors.ts';
import { readModel } from './read_model.ts';

/** The flags that --init-model answers for: the model's shape and where its params come from. */
export interface InitModelFlags {
  readonly initModel?: string;
  readonly data?: string;
  readonly hidden?: unknown;
  readonly activation?: unknown;
  readonly features?: unknown;
  readonly standardize?: unknown;
  readonly seed?: unknown;
  readonly initWeight?: number[];
  readonly initBias?: number;
}

const sameList = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

const hiddenText = (hidden: readonly number[]) =>
  hidden.length === 0 ? 'no hidden layer' : `hidden layers ${hidden.join(',')}`;

const listText = (value: unknown) =>
  Array.isArray(value) && value.length > 0 ? value.join(',') : 'none';

/**
 * The model --init-model names, which sets the architecture, the activation, the extra features,
 * the standardization and the initial params. A flag that says otherwise is an error naming both;
 * flags that agree with the file are fine.
 */
export async function readInitModel(flags: InitModelFlags): Promise<SavedModel | null> {
  if (flags.initModel === undefined) return null;
  const where = `--init-model ${flags.initModel}`;
  const activation =
    typeof flags.activation === 'string' ? (flags.activation as Activation) : undefined;
  const model = await readModel({ flag: '--init-model', path: flags.initModel }, activation);
  const conflict = (flag: string, theirs: string) =>
    new UsageError(`${flag} conflicts with ${where}, ${theirs}`);
  if (flags.hidden !== undefined && !sameList(flags.hidden as unknown[], model.hidden))
    throw conflict(
      `--hidden ${listText(flags.hidden)}`,
      `whose model has ${hiddenText(model.hidden)}`,
    );
  if (flags.features !== undefined && !sameList(flags.features as FeatureName[], model.features))
    throw conflict(
      `--features ${listText(flags.features)}`,
      `whose model takes ${model.features.length === 0 ? 'no extra features' : `the features ${model.features.join(',')}`}`,
    );
  if (flags.standardize === true && model.standardization === undefined)
    throw conflict('--standardize', 'whose model takes raw features, not z-scores');
  const starts: [string, unknown][] = [
    ['--seed', flags.seed],
    ['--init-weight', flags.initWeight],
    ['--init-bias', flags.initBias],
  ];
  for (const [flag, value] of starts)
    if (value !== undefined)
      throw conflict(`${flag} ${String(value)}`, 'which gives the initial params');
  return model;
}

/** The --data file must have the features the --init-model model takes. */
export function checkInitModelData(model: SavedModel, data: Dataset, flags: InitModelFlags): void {
  if (data.nFeatures !== model.inputs)
    throw new UsageError(
      `--data ${flags.data ?? ''} has ${data.nFeatures} feature${data.nFeatures === 1 ? '' : 's'}, but the model of --init-model ${flags.initModel ?? ''} takes ${model.inputs}`,
    );
}
