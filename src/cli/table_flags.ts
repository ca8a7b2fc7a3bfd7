/**
 * The CSV flags that `train` and `predict` share (--label, --ignore, --positive), and reading the
 * --data file with them. The logic lives in src/data; this is the glue.
 */
import type { Command } from 'commander';
import {
  describeClasses,
  describeMapping,
  isIdentityMapping,
  isNumberText,
  scaleWarning,
  type LabelColumn,
  type ReadTableOptions,
  type Table,
  type TableDescription,
} from '../data/index.ts';
import { readTableFile } from '../node/index.ts';
import { UsageError } from './errors.ts';

export interface TableFlags {
  label?: string;
  ignore?: string[];
  positive?: string;
}

export interface StandardizeFlag {
  standardize?: boolean;
}

function parseColumnList(value: string): string[] {
  return value.split(',').map((part) => part.trim());
}

/** --label, --ignore, --positive; `forPredict` words their defaults as predict applies them. */
export function addTableFlags(command: Command, forPredict = false): Command {
  return command
    .option(
      '--label <column>',
      forPredict
        ? "the label column, to score the model (default: the model's label column, when the file has it)"
        : 'the label column: a header name or a number from 1 (default: the last column)',
    )
    .option(
      '--ignore <columns>',
      forPredict
        ? 'more columns to pass through to --out untouched (the ones left out in training already are): names or numbers'
        : 'columns to leave out, such as an id: names or numbers from 1, comma-separated',
      parseColumnList,
    )
    .option(
      '--positive <value>',
      forPredict
        ? 'the label value read as 1: must be the one the model was trained with'
        : 'the label value read as 1 (default: the larger of the two, sorted as scikit-learn sorts them)',
    );
}

/** What train reads from its --data file: label, left-out columns, positive value, task. */
export function trainTableOptions(
  flags: TableFlags & { readonly task?: unknown },
): ReadTableOptions {
  return {
    ...(flags.label === undefined ? {} : { label: flags.label }),
    ...(flags.ignore === undefined ? {} : { ignore: flags.ignore }),
    ...(flags.positive === undefined ? {} : { positive: flags.positive }),
    ...(flags.task === 'classification' || flags.task === 'regression' ? { task: flags.task } : {}),
  };
}

/** Reads --data; a file that cannot be read is the user's to fix (exit 2), as is bad content. */
export async function readDataTable(path: string, options: ReadTableOptions): Promise<Table> {
  try {
    return await readTableFile(path, options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string')
      throw new UsageError(`--data ${path}: cannot read the file (${code})`);
    throw error;
  }
}

/** The lines that say how the file was read, where there is something to say. */
export function describeTable(description: TableDescription): string[] {
  const lines: string[] = [];
  const { label, ignored } = description;
  const layout = [
    description.header ? '' : 'no header',
    description.delimiter === ','
      ? ''
      : `${description.delimiter === ';' ? 'semicolon' : 'tab'}-separated`,
    ignored.length === 0 ? '' : `left out: ${ignored.map((c) => c.name).join(', ')}`,
  ].filter((part) => part !== '');
  if (layout.length > 0 || (label !== null && label.column !== description.columns.count - 1)) {
    lines.push(
      `data        ${description.rows} rows, ${description.features.length} features${layout.length > 0 ? ` (${layout.join('; ')})` : ''}`,
    );
  }
  if (label !== null) {
    const line = labelLine(label);
    if (line !== null || lines.length > 0)
      lines.push(
        `label       ${label.name}: ${line ?? describeMapping(label.mapping ?? { negative: '0', positive: '1' })}`,
      );
  }
  return lines;
}

/**
 * The warning for raw features at very different scales, or null: printed once, on stderr,
 * when --standardize is absent.
 */
export function rawScaleWarning(table: Table, flags: StandardizeFlag): string | null {
  if (flags.standardize === true) return null;
  const text = scaleWarning(table.dataset, table.description.featureNames, 'add --standardize');
  return text === null ? null : `webgpu-train: warning: ${text}\n`;
}

/** The line that says what --standardize did. */
export function standardizeLine(rows: number, split: boolean): string {
  return `standardize z-score fitted on the ${rows} ${split ? 'training rows' : 'rows (all of them train)'}`;
}

/**
 * What the label column was read as, when there is something to say: a mapping other than 0/1,
 * K classes, or numbers to predict (with how to read them the other way when the column decided).
 */
function labelLine(label: LabelColumn): string | null {
  if (label.task === 'regression')
    return `numbers to predict (a regression)${label.taskGiven ? '' : '; --task classification reads them as classes'}`;
  const classes = label.classes ?? [];
  if (label.mapping !== null)
    return isIdentityMapping(label.mapping) ? null : describeMapping(label.mapping);
  return `${classes.length} classes, ${describeClasses(classes)}${label.taskGiven || !classes.every((c) => isNumberText(c, false)) ? '' : '; --task regression reads them as numbers to predict'}`;
}
