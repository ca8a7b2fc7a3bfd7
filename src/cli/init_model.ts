import type { Dataset } from '../data/index.ts';
import type { Activation, FeatureName, SavedModel } from '../model/index.ts';
import { UsageError } from './errors.ts';
import { readModel } from './read_model.ts';

/** The flags that --init-model answers for: the model's shape and where its params come from. */
export interface InitModelFlags {
  initModel?: string;
  data?: string;
  hidden?: number[];
  activation?: Activation;
  features?: FeatureName[];
  seed?: number;
  initWeight?: number[];
  initBias?: number;
}

const sameList = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

const hiddenText = (hidden: readonly number[]) =>
  hidden.length === 0 ? 'no hidden layer' : `hidden layers ${hidden.join(',')}`;

/**
 * The model --init-model names, which sets the architecture, the activation, the extra features
 * and the initial params. A flag that says otherwise is an error naming both; flags that agree
 * with the file are fine.
 */
export async function readInitModel(
  flags: InitModelFlags,
  data: Dataset,
): Promise<SavedModel | null> {
  if (flags.initModel === undefined) return null;
  const where = `--init-model ${flags.initModel}`;
  const model = await readModel({ flag: '--init-model', path: flags.initModel }, flags.activation);
  const conflict = (flag: string, theirs: string) =>
    new UsageError(`${flag} conflicts with ${where}, ${theirs}`);
  if (flags.hidden !== undefined && !sameList(flags.hidden, model.hidden))
    throw conflict(
      `--hidden ${flags.hidden.join(',') || 'none'}`,
      `whose model has ${hiddenText(model.hidden)}`,
    );
  if (flags.features !== undefined && !sameList(flags.features, model.features))
    throw conflict(
      `--features ${flags.features.join(',')}`,
      `whose model takes ${model.features.length === 0 ? 'no extra features' : `the features ${model.features.join(',')}`}`,
    );
  const starts: [string, unknown][] = [
    ['--seed', flags.seed],
    ['--init-weight', flags.initWeight],
    ['--init-bias', flags.initBias],
  ];
  for (const [flag, value] of starts)
    if (value !== undefined)
      throw conflict(`${flag} ${String(value)}`, 'which gives the initial params');
  if (data.nFeatures !== model.inputs)
    throw new UsageError(
      `--data ${flags.data ?? ''} has ${data.nFeatures} feature${data.nFeatures === 1 ? '' : 's'}, but the model of ${where} takes ${model.inputs}`,
    );
  return model;
}
