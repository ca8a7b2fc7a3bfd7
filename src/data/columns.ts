/**
 * Which columns of a table are features, which is the label and which are left out, from what the
 * user names: a header name, or a column number counted from 1 as in every message.
 */
import { quoteText } from './quote_text.ts';

/**
 * A column as the user names it: a header name, or its number from 1 ("3"); or, as the page
 * picks it from a list, its 0-based index.
 */
export type ColumnRef = string | { readonly index: number };

/** A table's columns: the header's names (null without a header) and how many there are. */
export interface TableColumns {
  readonly names: readonly string[] | null;
  readonly count: number;
}

/** Columns by 0-based index: the features in file order, the label (null: none), the columns left out. */
export interface ColumnSelection {
  readonly features: readonly number[];
  readonly label: number | null;
  readonly ignored: readonly number[];
}

/** Refuses the choice; `column` is 1-based, the column the message is about. */
export type FailAt = (column: number, message: string) => never;

/** The name a column goes by: its header name, or "column 3" without a header (or an empty name). */
export function columnName(columns: TableColumns, j: number): string {
  const name = columns.names?.[j];
  return name === undefined || name === '' ? `column ${j + 1}` : name;
}

/** A column as messages name it: `column 3 (radius_mean)`, or `column 3`. */
export function columnTitle(columns: TableColumns, j: number): string {
  const name = columns.names?.[j];
  return name === undefined || name === ''
    ? `column ${j + 1}`
    : `column ${j + 1} (${quoteName(name)})`;
}

/** A header name in a message: as it is when plain, quoted when it has spaces or odd characters. */
export function quoteName(name: string): string {
  return /^[\p{L}\p{N}_.-]{1,40}$/u.test(name) ? name : quoteText(name);
}

/** The header's names for a message: the first dozen, then how many in all. */
export function listNames(columns: TableColumns): string {
  const names = Array.from({ length: columns.count }, (_, j) => quoteName(columnName(columns, j)));
  return names.length <= 12
    ? names.join(', ')
    : `${names.slice(0, 12).join(', ')}, … (${names.length} columns)`;
}

/** The 0-based index of the column `ref` names; `flag` says who named it, for the message. */
export function resolveColumn(
  columns: TableColumns,
  ref: ColumnRef,
  flag: string,
  fail: FailAt,
): number {
  if (typeof ref !== 'string') {
    if (Number.isInteger(ref.index) && ref.index >= 0 && ref.index < columns.count)
      return ref.index;
    return fail(1, `${flag}: the file has ${columns.count} columns, not ${ref.index + 1}`);
  }
  const wanted = ref.trim();
  const named = (columns.names ?? []).flatMap((name, j) => (name === wanted ? [j] : []));
  if (named.length === 1) return named[0] as number;
  if (named.length > 1) {
    fail(
      (named[0] as number) + 1,
      `${flag} ${quoteText(wanted)}: ${named.length} columns have this name (${named.map((j) => j + 1).join(', ')}); name one by its number`,
    );
  }
  if (/^\d+$/.test(wanted)) {
    const n = Number(wanted);
    if (n >= 1 && n <= columns.count) return n - 1;
    fail(
      1,
      `${flag} ${wanted}: the file has ${columns.count} columns, numbered 1 to ${columns.count}`,
    );
  }
  if (columns.names === null) {
    fail(
      1,
      `${flag} ${quoteText(wanted)}: the file has no header (line 1 holds numbers), so name columns by number, 1 to ${columns.count}`,
    );
  }
  return fail(
    1,
    `${flag} ${quoteText(wanted)} names no column; the header has ${listNames(columns)}`,
  );
}

/** The label when none is named: the last column not left out (null when all are). */
export function defaultLabel(columns: TableColumns, ignored: readonly number[]): number | null {
  for (let j = columns.count - 1; j >= 0; j--) if (!ignored.includes(j)) return j;
  return null;
}

/**
 * The columns to read for training: `label` (default: the last column not left out; null: no
 * label), `ignore` left out, every other column a feature.
 */
export function selectColumns(
  columns: TableColumns,
  request: { readonly label?: ColumnRef | null; readonly ignore?: readonly ColumnRef[] },
  fail: FailAt,
): ColumnSelection {
  const ignored = [
    ...new Set((request.ignore ?? []).map((ref) => resolveColumn(columns, ref, '--ignore', fail))),
  ].sort((a, b) => a - b);
  let label: number | null = null;
  if (request.label !== null) {
    if (request.label === undefined) label = defaultLabel(columns, ignored);
    else {
      label = resolveColumn(columns, request.label, '--label', fail);
      if (ignored.includes(label))
        fail(label + 1, `${columnTitle(columns, label)} is both the label and left out`);
    }
  }
  const features = Array.from({ length: columns.count }, (_, j) => j).filter(
    (j) => j !== label && !ignored.includes(j),
  );
  if (features.length === 0) {
    const what =
      columns.count === 1
        ? 'the file has one column (columns are separated by commas, semicolons or tabs); a data set needs at least one feature column and a label column'
        : `no feature columns are left (${label === null ? '' : `${columnTitle(columns, label)} is the label, `}${ignored.length} left out by --ignore)`;
    fail(1, what);
  }
  return { features, label, ignored };
}
