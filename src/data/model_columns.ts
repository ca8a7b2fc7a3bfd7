/**
 * The columns a model was trained on, saved with it, so that prediction reads a file the way
 * training did: the features by name (or by place without a header), the label when the file
 * still has it, the left-out columns passed through, the same label mapping.
 */
import {
  columnTitle,
  listNames,
  quoteName,
  resolveColumn,
  selectColumns,
  type ColumnRef,
  type ColumnSelection,
  type FailAt,
  type TableColumns,
} from './columns.ts';
import type { HeadName } from '../core/heads.ts';
import { labelKey, type LabelMapping } from './labels.ts';
import { ParameterError } from './parameter_error.ts';
import { quoteText } from './quote_text.ts';
import type { ReadTableOptions, TableDescription } from './table.ts';

/** How the training file's columns were used. Columns are numbered from 1, as in messages. */
export interface SavedColumns {
  /** whether the training file had a header */
  readonly header: boolean;
  /** every column of the training file: its header names, or "column 3" without a header */
  readonly names: readonly string[];
  /** the feature columns, in the order the model takes them */
  readonly features: readonly number[];
  readonly label: number | null;
  readonly ignored: readonly number[];
  /** two classes: the label values read as 0 and 1 */
  readonly labels: LabelMapping | null;
  /** three or more classes: the label values in class order (absent otherwise) */
  readonly classes?: readonly string[];
}

export function savedColumnsOf(description: TableDescription): SavedColumns {
  const { columns } = description;
  return {
    header: description.header,
    names: Array.from({ length: columns.count }, (_, j) =>
      columns.names === null || columns.names[j] === ''
        ? `column ${j + 1}`
        : (columns.names[j] as string),
    ),
    features: description.features.map((j) => j + 1),
    label: description.label === null ? null : description.label.column + 1,
    ignored: description.ignored.map((c) => c.column + 1),
    labels: description.label?.mapping ?? null,
    ...(description.label?.mapping === null && description.label.classes !== null
      ? { classes: description.label.classes }
      : {}),
  };
}

/** SavedColumns read back from a model file, or a sentence saying what is wrong. */
export function savedColumnsFrom(
  value: unknown,
  inputs: number,
  outputs = 1,
): SavedColumns | string {
  if (typeof value !== 'object' || value === null) return 'must be an object';
  const v = value as Record<string, unknown>;
  const names = v['names'];
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string'))
    return '"names" must list the column names';
  const count = names.length;
  const isColumn = (c: unknown): c is number =>
    Number.isInteger(c) && (c as number) >= 1 && (c as number) <= count;
  const features = v['features'];
  if (!Array.isArray(features) || features.length !== inputs || !features.every(isColumn))
    return `"features" must list ${inputs} column numbers from 1 to ${count}`;
  const ignored = v['ignored'];
  if (!Array.isArray(ignored) || !ignored.every(isColumn))
    return `"ignored" must list column numbers from 1 to ${count}`;
  const label = v['label'];
  if (label !== null && !isColumn(label)) return `"label" must be a column number or null`;
  const labels = v['labels'];
  const mapping =
    labels === null
      ? null
      : typeof labels === 'object' &&
          typeof (labels as Record<string, unknown>)['negative'] === 'string' &&
          typeof (labels as Record<string, unknown>)['positive'] === 'string'
        ? (labels as LabelMapping)
        : undefined;
  if (mapping === undefined) return '"labels" must be {negative, positive} or null';
  if (typeof v['header'] !== 'boolean') return '"header" must be true or false';
  const classes = v['classes'];
  if (
    classes !== undefined &&
    (!Array.isArray(classes) ||
      classes.length !== outputs ||
      !classes.every((c) => typeof c === 'string'))
  )
    return `"classes" must list the ${outputs} class names, in class order`;
  return {
    header: v['header'],
    names: names as string[],
    features: features as number[],
    label,
    ignored: ignored as number[],
    labels: mapping,
    ...(classes === undefined ? {} : { classes: classes as string[] }),
  };
}

/** What the user asked of predict's file. */
export interface PredictColumnRequest {
  readonly label?: ColumnRef;
  readonly ignore?: readonly ColumnRef[];
  readonly positive?: string;
}

/**
 * Options to read a file for a model that takes `inputs` features and was trained on `saved`
 * (absent in files from before columns were saved: then the features are x0… and the label y).
 * Throws a ParameterError when --positive contradicts the model.
 */
export function predictTableOptions(
  saved: SavedColumns | undefined,
  inputs: number,
  request: PredictColumnRequest,
  head: { readonly head: HeadName; readonly outputs: number } = { head: 'binary', outputs: 1 },
): Pick<ReadTableOptions, 'labels' | 'classes' | 'task' | 'select'> {
  const select: ReadTableOptions['select'] = (columns, fail) =>
    selectForModel(saved, inputs, request, columns, fail);
  if (head.head !== 'binary') {
    if (request.positive !== undefined)
      throw new ParameterError(
        'positive',
        `--positive names the class read as 1 of two; the model's head is ${head.head}${head.head === 'multiclass' ? ` over ${head.outputs} classes` : ''}`,
      );
    return head.head === 'regression'
      ? { task: 'regression', select }
      : {
          task: 'classification',
          classes: saved?.classes ?? Array.from({ length: head.outputs }, (_, k) => String(k)),
          select,
        };
  }
  const labels = saved?.labels ?? { negative: '0', positive: '1' };
  if (
    request.positive !== undefined &&
    labelKey(request.positive.trim()) !== labelKey(labels.positive)
  ) {
    throw new ParameterError(
      'positive',
      `--positive ${quoteText(request.positive)}: the model reads ${quoteText(labels.positive)} as 1 (and ${quoteText(labels.negative)} as 0), as it was trained`,
    );
  }
  return { labels, select };
}

function selectForModel(
  saved: SavedColumns | undefined,
  inputs: number,
  request: PredictColumnRequest,
  columns: TableColumns,
  fail: FailAt,
): ColumnSelection {
  const byName = saved !== undefined && saved.header && columns.names !== null;
  const selection = byName
    ? selectByName(saved, request, columns, fail)
    : selectByPlace(saved, inputs, request, columns, fail);
  if (selection.features.length !== inputs) {
    fail(
      1,
      `the model takes ${inputs} features and the file has ${selection.features.length} (${columns.count} columns${selection.label === null ? '' : ', one the label'}${selection.ignored.length === 0 ? '' : `, ${selection.ignored.length} left out`})`,
    );
  }
  return selection;
}

/** Both files have headers: features by name, in the model's order; every other column accounted for. */
function selectByName(
  saved: SavedColumns,
  request: PredictColumnRequest,
  columns: TableColumns,
  fail: FailAt,
): ColumnSelection {
  const names = columns.names ?? [];
  const find = (name: string): number | null => {
    const at = names.flatMap((n, j) => (n === name ? [j] : []));
    if (at.length > 1)
      fail(
        (at[0] as number) + 1,
        `${at.length} columns are named ${quoteName(name)}; the model needs one`,
      );
    return at[0] ?? null;
  };
  const featureNames = saved.features.map((c) => saved.names[c - 1] as string);
  const missing = featureNames.filter((name) => find(name) === null);
  if (missing.length > 0) {
    fail(
      1,
      `the model needs the feature ${missing.length === 1 ? 'column' : 'columns'} ${missing.slice(0, 5).map(quoteName).join(', ')}${missing.length > 5 ? `, … (${missing.length} in all)` : ''}, which the header lacks; the header has ${listNames(columns)}`,
    );
  }
  const features = featureNames.map((name) => find(name) as number);
  const savedLabel = saved.label === null ? null : (saved.names[saved.label - 1] as string);
  const label =
    request.label !== undefined
      ? resolveColumn(columns, request.label, '--label', fail)
      : savedLabel === null
        ? null
        : find(savedLabel);
  if (label !== null && features.includes(label))
    fail(
      label + 1,
      `${columnTitle(columns, label)} is a feature of the model; it cannot be the label`,
    );
  const passed = new Set([
    ...saved.ignored.map((c) => saved.names[c - 1] as string),
    ...(request.ignore ?? []).map(
      (ref) => columns.names?.[resolveColumn(columns, ref, '--ignore', fail)] ?? '',
    ),
  ]);
  const ignored: number[] = [];
  for (let j = 0; j < columns.count; j++) {
    if (features.includes(j) || j === label) continue;
    if (!passed.has(names[j] as string)) {
      fail(
        j + 1,
        `${columnTitle(columns, j)} is not a feature of the model, nor a column left out when it was trained; pass it through with --ignore ${quoteName(names[j] as string)}`,
      );
    }
    ignored.push(j);
  }
  return { features, label, ignored };
}

/** A file without a header (or a model without names): columns by place. */
function selectByPlace(
  saved: SavedColumns | undefined,
  inputs: number,
  request: PredictColumnRequest,
  columns: TableColumns,
  fail: FailAt,
): ColumnSelection {
  if (request.label !== undefined || request.ignore !== undefined) {
    // the user says which is which: the label (if named) and the columns left out; the rest are features
    return selectColumns(
      columns,
      { label: request.label ?? null, ignore: request.ignore ?? [] },
      fail,
    );
  }
  const count = columns.count;
  if (saved === undefined) {
    if (count === inputs + 1) return selectColumns(columns, {}, fail);
    if (count === inputs) return selectColumns(columns, { label: null }, fail);
    fail(
      1,
      `the file has ${count} columns; the model takes ${inputs} features (and a label column, when scoring)`,
    );
  }
  const trained = saved.names.length;
  const zeroBased = (c: number) => c - 1;
  if (count === trained) {
    return {
      features: saved.features.map(zeroBased),
      label: saved.label === null ? null : zeroBased(saved.label),
      ignored: saved.ignored.map(zeroBased),
    };
  }
  if (saved.label !== null && count === trained - 1) {
    // the label column is gone: the columns after it move one to the left
    const label = saved.label;
    const shift = (c: number) => (c > label ? c - 2 : c - 1);
    return { features: saved.features.map(shift), label: null, ignored: saved.ignored.map(shift) };
  }
  return fail(
    1,
    `the file has ${count} columns; the model was trained on ${trained}${saved.label === null ? '' : ` (${trained - 1} without the label)`}: name the columns with --label and --ignore`,
  );
}
