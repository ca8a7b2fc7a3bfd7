/**
 * Where the page's data set comes from: a generator in a worker, as the Data card's settings say,
 * or the user's CSV file, read in a worker as it streams, its columns picked in the Columns box.
 * Each load supersedes the one before; the store says what is shown, what is on its way and why
 * there is none.
 */
import type { TableColumns } from '../data/index.ts';
import { CsvPanel, DEFAULT_CHOICE } from './csv_panel.ts';
import { DataLoader } from './data_loader.ts';
import { makeDataOffThread, readCsvOffThread } from './data_jobs.ts';
import { generatorOf, generatorOptions } from './data_panel.ts';
import { element, setText } from './dom.ts';
import type { SettingsForm } from './settings_form.ts';
import { datasetTask, type DatasetChoice } from './fields.ts';
import { DATA_KEYS, sameJson, type PageStore } from './page_store.ts';
import { computed, effect, untracked } from './store.ts';
import type { CsvChoice } from './worker_protocol.ts';
import { grouped } from './grouped.ts';

export function connectDataSources(store: PageStore, form: SettingsForm): void {
  const loader = new DataLoader(store);
  const csvError = element('csv-error', HTMLElement);
  let csvFile: File | null = null;
  let csvChoice: CsvChoice = DEFAULT_CHOICE;
  const csvPanel = new CsvPanel((choice) => {
    if (csvFile !== null) readCsv(csvFile, choice);
  });

  /** Reads a CSV file in a worker, its columns as `choice` says, showing how far it has got. */
  function readCsv(file: File, choice: CsvChoice): void {
    csvFile = file;
    csvChoice = choice;
    store.csvLoaded.set(null);
    setText(csvError, '');
    csvPanel.startReading(file, choice);
    const listener = {
      onColumns: (columns: TableColumns) => csvPanel.showColumns(columns),
      onProgress: (bytes: number, total: number) => csvPanel.showProgress(bytes, total),
    };
    void loader.load(
      `reading ${file.name}…`,
      (signal) => readCsvOffThread(file, choice, signal, listener),
      {
        onData: (loaded) => {
          store.csvLoaded.set(loaded);
          csvPanel.doneReading();
          if (loaded.table !== null) csvPanel.showTable(loaded.table);
          // the file says what its label is, unless the Problem type asked: the control follows
          const task = loaded.table?.label?.task ?? store.settings.peek().task;
          form.assign({ dataset: 'csv', task });
        },
        onError: (message) => {
          csvPanel.doneReading();
          setText(csvError, message);
        },
      },
    );
  }

  // the settings a data set is made from, while they are all good: any change makes it again
  const wanted = computed(() => {
    const state = store.settings.get();
    const generator = generatorOf(state);
    if (generator === null) return { csv: true } as const;
    return form.valid(DATA_KEYS) ? { generator, options: generatorOptions(state) } : null;
  }, sameJson);

  effect(() => {
    const want = wanted.get();
    if (want === null) return;
    untracked(() => {
      if (!('csv' in want)) {
        const { generator, options } = want;
        void loader.load(
          `making ${grouped(store.settings.peek().samples)} samples…`,
          (signal) => makeDataOffThread(generator, options, signal),
          { onData: () => {}, onError: () => {} },
        );
        return;
      }
      // back to the file read before; a file just read is shown already
      const chosen = store.csvLoaded.peek();
      if (chosen === null) loader.clear();
      else if (store.loaded.peek() !== chosen)
        void loader.load('', () => Promise.resolve(chosen), {
          onData: () => {},
          onError: () => {},
        });
    });
  });

  effect(() => csvPanel.setVisible(store.settings.get().dataset === 'csv'));

  // the Problem type: the data sets it offers, and a CSV file's label read as it says
  const task = computed(() => store.settings.get().task);
  effect(() => {
    const now = task.get();
    form.limitChoices('dataset', (choice) => {
      const kind = datasetTask(choice as DatasetChoice);
      return kind === null || kind === now;
    });
    untracked(() => {
      const state = store.settings.peek();
      const kind = datasetTask(state.dataset);
      if (kind !== null && kind !== now) {
        // a data set of the other kind: the tutorial's, or TensorFlow Playground's plane
        form.assign({ dataset: now === 'regression' ? 'regress-plane' : 'make-classification' });
        return;
      }
      const read = store.csvLoaded.peek()?.table?.label?.task;
      if (state.dataset === 'csv' && csvFile !== null && read !== undefined && read !== now)
        readCsv(csvFile, { ...csvChoice, task: now });
    });
  });

  element('csv-input', HTMLInputElement).addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = ''; // the same file chosen again is read again
    if (file) readCsv(file, DEFAULT_CHOICE);
  });
  const drop = element('drop', HTMLElement);
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    const file = event.dataTransfer?.files[0];
    if (file) readCsv(file, DEFAULT_CHOICE);
  });
}
