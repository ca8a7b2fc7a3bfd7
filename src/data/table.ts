/** A CSV file read for training or prediction: the engine's Dataset, and what the file held. */
import type { Task } from '../core/heads.ts';
import type { ColumnRef, ColumnSelection, FailAt, TableColumns } from './columns.ts';
import type { Delimiter } from './csv_records.ts';
import type { Dataset } from '../core/dataset.ts';
import type { LabelMapping } from './labels.ts';

export interface ReadTableOptions {
  /** the file's name in messages */
  readonly source?: string;
  /** the label column: a header name or a number from 1; default the last column; null: none */
  readonly label?: ColumnRef | null;
  /** columns to leave out, such as an id */
  readonly ignore?: readonly ColumnRef[];
  /** two classes: the label value read as 1 */
  readonly positive?: string;
  /** a mapping fixed in advance (a saved binary model's): a label outside it is an error */
  readonly labels?: LabelMapping;
  /** classes fixed in advance, in index order (a saved multiclass model's): a label outside them is an error */
  readonly classes?: readonly string[];
  /** classes or numbers to predict; default: decided from the column (see TableDescription) */
  readonly task?: Task;
  /** whether line 1 is a header; default: detected */
  readonly header?: boolean;
  /** default: detected among `,` `;` and tab */
  readonly delimiter?: Delimiter;
  /** keep the text of the label and left-out columns of every row (predict writes them back) */
  readonly keepPassthrough?: boolean;
  /** chooses the columns once the header is known, in place of `label` and `ignore` */
  readonly select?: (columns: TableColumns, fail: FailAt) => ColumnSelection;
  /** told the file's columns as soon as the header is read, before any row is checked */
  readonly onColumns?: (columns: TableColumns) => void;
  /** how messages tell the user to choose columns; default: the command line's flags */
  readonly advice?: TableAdvice;
}

/**
 * The words that finish "name it …" and "leave the column out …": `ref` is the column as the
 * user names it, null for "the label column" in general.
 */
export interface TableAdvice {
  label(ref: string | null): string;
  ignore(ref: string): string;
  /** how to ask for the label read as classes or as numbers ("--task regression") */
  task(task: Task): string;
}

/** What a table held and how it was read. Column indices are 0-based. */
export interface TableDescription {
  readonly source: string;
  readonly header: boolean;
  readonly delimiter: Delimiter;
  readonly columns: TableColumns;
  readonly features: readonly number[];
  readonly featureNames: readonly string[];
  readonly label: LabelColumn | null;
  readonly ignored: readonly { readonly column: number; readonly name: string }[];
  readonly rows: number;
}

/** How the label column was read. */
export interface LabelColumn {
  readonly column: number;
  readonly name: string;
  /** classes (y holds class indices) or numbers to predict (y holds them) */
  readonly task: Task;
  /** whether the task was asked for, or decided from the column's values */
  readonly taskGiven: boolean;
  /** classification: the class names in index order; null for a regression */
  readonly classes: readonly string[] | null;
  /** two classes: the label values read as 0 and 1; null otherwise */
  readonly mapping: LabelMapping | null;
}

/** The label's and the left-out columns' text, row by row, in file order. */
export interface Passthrough {
  readonly columns: readonly number[];
  readonly names: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface Table {
  /** X: rows × features float64; y: class indices (an Int32Array: 0/1 for two classes, all 0 without a label column) or regression targets (a Float64Array) */
  readonly dataset: Dataset;
  readonly description: TableDescription;
  readonly passthrough: Passthrough | null;
}
