/** A CSV file read for training or prediction: the engine's Dataset, and what the file held. */
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
  /** the label value read as 1 */
  readonly positive?: string;
  /** a mapping fixed in advance (a saved model's): a label outside it is an error */
  readonly labels?: LabelMapping;
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
}

/** What a table held and how it was read. Column indices are 0-based. */
export interface TableDescription {
  readonly source: string;
  readonly header: boolean;
  readonly delimiter: Delimiter;
  readonly columns: TableColumns;
  readonly features: readonly number[];
  readonly featureNames: readonly string[];
  readonly label: {
    readonly column: number;
    readonly name: string;
    readonly mapping: LabelMapping;
  } | null;
  readonly ignored: readonly { readonly column: number; readonly name: string }[];
  readonly rows: number;
}

/** The label's and the left-out columns' text, row by row, in file order. */
export interface Passthrough {
  readonly columns: readonly number[];
  readonly names: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface Table {
  /** X: rows × features float64; y: the label mapped to 0/1 (all 0 without a label column) */
  readonly dataset: Dataset;
  readonly description: TableDescription;
  readonly passthrough: Passthrough | null;
}
