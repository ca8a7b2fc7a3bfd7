/**
 * A CSV file's columns on the page: which is the label, which are left out, how the label's two
 * values map to 0 and 1, and how far the file has been read. Every name here is the user's data:
 * it goes into the page as text (option labels, textContent), never as HTML.
 */
import {
  defaultLabel,
  describeClasses,
  describeMapping,
  type TableColumns,
  type TableDescription,
} from '../data/index.ts';
import { element, setOptions, setText } from './dom.ts';
import type { CsvChoice } from './worker_protocol.ts';

/** A new file's choice: the last column the label, nothing left out, the labels sorted. */
export const DEFAULT_CHOICE: CsvChoice = { label: null, ignored: [], positive: null, task: null };

/** A column as the lists name it: "2 · diagnosis", or "column 2" without a header. */
function columnLabel(columns: TableColumns, j: number): string {
  const name = columns.names?.[j];
  return name === undefined || name === '' ? `column ${j + 1}` : `${j + 1} · ${name}`;
}

/** The label column a choice comes to: the one named, or the reader's default. */
export function labelColumn(columns: TableColumns, choice: CsvChoice): number | null {
  return choice.label ?? defaultLabel(columns, choice.ignored);
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0);
}

export class CsvPanel {
  private readonly box = element('csv-columns', HTMLFieldSetElement);
  private readonly name = element('csv-name', HTMLElement);
  private readonly label = element('csv-label', HTMLSelectElement);
  private readonly ignore = element('csv-ignore', HTMLElement);
  private readonly mapping = element('csv-mapping', HTMLElement);
  private readonly positive = element('csv-positive', HTMLSelectElement);
  private readonly reading = element('csv-read', HTMLElement);
  private readonly progress = element('csv-progress', HTMLProgressElement);
  private readonly progressText = element('csv-progress-text', HTMLElement);
  private file: File | null = null;
  private columns: TableColumns | null = null;
  private choice: CsvChoice = DEFAULT_CHOICE;

  /** `onChoice` hears every change the user makes; the file is read again with it. */
  constructor(private readonly onChoice: (choice: CsvChoice) => void) {
    this.label.addEventListener('change', () => {
      const label = Number(this.label.value);
      this.choose({
        ...this.choice,
        label,
        ignored: this.choice.ignored.filter((j) => j !== label),
        positive: null,
      });
    });
    this.positive.addEventListener('change', () =>
      this.choose({ ...this.choice, positive: this.positive.value }),
    );
  }

  /** Shown only while the data set is the CSV file (another data set supersedes a read in flight). */
  setVisible(visible: boolean): void {
    this.box.hidden = !visible || this.columns === null;
    if (!visible) this.reading.hidden = true;
  }

  /**
   * A file is being read with `choice`. Another file than the one shown hides the columns until
   * its own header is read, so no column of the file before stays on show.
   */
  startReading(file: File, choice: CsvChoice): void {
    if (file !== this.file) {
      this.file = file;
      this.columns = null;
      this.box.hidden = true;
    }
    this.choice = choice;
    setText(this.name, file.name);
    setText(this.mapping, '');
    this.showProgress(0, file.size);
    this.reading.hidden = false;
  }

  showProgress(bytes: number, total: number): void {
    this.progress.max = Math.max(1, total);
    this.progress.value = bytes;
    this.progress.dataset['fraction'] = String(total === 0 ? 1 : bytes / total);
    setText(
      this.progressText,
      `read ${megabytes(bytes)} of ${megabytes(total)} MB (${total === 0 ? 100 : Math.floor((100 * bytes) / total)} %)`,
    );
  }

  /** The read is over, whichever way it went. */
  doneReading(): void {
    this.reading.hidden = true;
  }

  /** The file's columns, as its header names them: the label list and the boxes to leave out. */
  showColumns(columns: TableColumns): void {
    const same =
      this.columns !== null &&
      this.columns.count === columns.count &&
      JSON.stringify(this.columns.names) === JSON.stringify(columns.names);
    this.columns = columns;
    if (!same) this.buildLists(columns);
    const label = labelColumn(columns, this.choice);
    this.label.value = label === null ? '' : String(label);
    for (const box of this.ignore.querySelectorAll('input')) {
      const j = Number(box.value);
      box.checked = this.choice.ignored.includes(j);
      box.disabled = j === label;
    }
    setText(this.mapping, '');
    this.positive.replaceChildren();
    this.positive.disabled = true;
    this.box.hidden = false;
  }

  /** The file as read: the label's mapping, and the value read as 1. */
  showTable(table: TableDescription): void {
    const label = table.label;
    if (label === null) return;
    const classes = label.classes ?? [];
    setText(
      this.mapping,
      `${label.name}: ${label.mapping !== null ? describeMapping(label.mapping) : label.task === 'regression' ? 'numbers to predict' : describeClasses(classes)}`,
    );
    setOptions(
      this.positive,
      (label.mapping === null ? [] : [label.mapping.negative, label.mapping.positive]).map(
        (value) => ({ value, label: value }),
      ),
    );
    this.positive.value = label.mapping?.positive ?? '';
    // "Read as class 1" is a choice between two classes only
    this.positive.disabled = label.mapping === null;
  }

  private buildLists(columns: TableColumns): void {
    setOptions(
      this.label,
      Array.from({ length: columns.count }, (_, j) => ({
        value: String(j),
        label: columnLabel(columns, j),
      })),
    );
    this.ignore.replaceChildren(
      ...Array.from({ length: columns.count }, (_, j) => {
        const row = document.createElement('label');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.value = String(j);
        box.dataset['testid'] = `csv-ignore-${j + 1}`;
        box.addEventListener('change', () => {
          const ignored = box.checked
            ? [...this.choice.ignored, j]
            : this.choice.ignored.filter((k) => k !== j);
          // the label stays where it is when the default would move it
          const label = this.columns === null ? null : labelColumn(this.columns, this.choice);
          this.choose({ ...this.choice, label, ignored: ignored.sort((a, b) => a - b) });
        });
        row.append(box, document.createTextNode(` ${columnLabel(columns, j)}`));
        return row;
      }),
    );
  }

  private choose(choice: CsvChoice): void {
    this.choice = choice;
    this.onChoice(choice);
  }
}
