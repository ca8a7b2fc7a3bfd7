/**
 * From a training run's flags to what train() takes: the options, the --data file read with the
 * CSV flags, and the --init-model model, with every conflict between them refused by name. `train`
 * and `export` both start here, so the script export writes repeats the run train would make.
 */
import type { TrainOptions } from '../api/resolve.ts';
import type { TrainResult } from '../api/result.ts';
import { savedColumnsOf, type ReadTableOptions, type Table } from '../data/index.ts';
import type { SavedModel } from '../model/serialize.ts';
import { UsageError } from './errors.ts';
import { checkInitModelData, readInitModel } from './init_model.ts';
import { runOptions, type RunFlags } from './run_flags.ts';
import { rawScaleWarning, readDataTable, trainTableOptions } from './table_flags.ts';

export interface PreparedRun {
  /** the --data file as read; train() gets its dataset */
  readonly table: Table;
  /** train()'s options, with --init-model's z-score as `standardization` when its model has one */
  readonly options: TrainOptions;
  /** the --init-model model, or null */
  readonly start: SavedModel | null;
}

/**
 * Reads the --init-model file (before the data, so a bad file fails at once) and the --data file,
 * prints the scale warning where it applies, and builds train()'s options.
 */
export async function prepareRun(flags: RunFlags): Promise<PreparedRun> {
  const given = runOptions(flags);
  const start = await readInitModel(flags);
  const table = await readDataTable(flags.data, {
    ...trainTableOptions(flags),
    ...(start === null ? {} : initModelLabels(start)),
  });
  const standardized = given.standardize === true || start?.standardization !== undefined;
  process.stderr.write(rawScaleWarning(table, { standardize: standardized }) ?? '');
  if (start !== null) {
    checkInitModelData(start, table.dataset, flags);
    const options: TrainOptions = {
      ...given,
      hidden: start.hidden,
      activation: start.activation,
      features: start.features,
      standardize: false,
      // the file's z-score, not one fitted anew: its params were trained on those inputs
      ...(start.standardization === undefined ? {} : { standardization: start.standardization }),
      ...(start.target === undefined ? {} : { targetStandardization: start.target }),
      task: start.head === 'regression' ? 'regression' : 'classification',
      ...(start.head === 'multiclass' ? { classes: start.outputs } : {}),
      initialParams: start.params,
    };
    return { table, options, start };
  }
  if (flags.initWeight !== undefined && flags.initBias !== undefined) {
    const inputs =
      table.dataset.nFeatures + (Array.isArray(given.features) ? given.features.length : 0);
    if (flags.initWeight.length !== inputs)
      throw new UsageError(
        `--init-weight: the model takes ${inputs} input${inputs === 1 ? '' : 's'}, so it needs ${inputs} weight${inputs === 1 ? '' : 's'}, got ${flags.initWeight.length}`,
      );
    return {
      table,
      options: { ...given, initialParams: [...flags.initWeight, flags.initBias] },
      start,
    };
  }
  return { table, options: given, start };
}

/**
 * How --data's labels must read for an --init-model model: its classes in its order, or numbers
 * for a regression (two classes read as ever, --positive included).
 */
function initModelLabels(start: SavedModel): ReadTableOptions {
  if (start.head === 'regression') return { task: 'regression' };
  const { columns } = start;
  if (start.head === 'multiclass')
    return {
      task: 'classification',
      classes: columns?.classes ?? Array.from({ length: start.outputs }, (_, k) => String(k)),
    };
  return {};
}

/**
 * The model as it is saved and printed: train()'s, with the columns and label mapping of the
 * training file, so predict reads files as training did.
 */
export function savedModelOf(result: TrainResult, run: PreparedRun): SavedModel {
  return { ...result.model, columns: savedColumnsOf(run.table.description) };
}
