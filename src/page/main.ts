import './style.css';
import { CsvError, type Dataset } from '../data/index.ts';
import { setUpBenchTab } from './bench_tab.ts';
import { showAdapter } from './adapter_panel.ts';
import { createDataChart, createLossChart } from './charts.ts';
import { describeData, makeData, readCsvFile } from './data_panel.ts';
import { element, setText } from './dom.ts';
import { TrainingController } from './training.ts';
import {
  BOUNDS,
  checkNumber,
  formatState,
  parseState,
  type DatasetChoice,
  type PageState,
} from './url_state.ts';

const controls = {
  dataset: element('dataset', HTMLSelectElement),
  samples: element('samples', HTMLInputElement),
  classSep: element('class-sep', HTMLInputElement),
  noise: element('noise', HTMLInputElement),
  clusterStd: element('cluster-std', HTMLInputElement),
  seed: element('seed', HTMLInputElement),
  lr: element('lr', HTMLInputElement),
  steps: element('steps', HTMLInputElement),
  backend: element('backend', HTMLSelectElement),
  logScale: element('log-scale', HTMLInputElement),
};
const numberInputs = {
  samples: controls.samples,
  classSep: controls.classSep,
  noise: controls.noise,
  clusterStd: controls.clusterStd,
  seed: controls.seed,
  lr: controls.lr,
  steps: controls.steps,
} as const;
const csvError = element('csv-error', HTMLElement);
const stateNote = element('state-note', HTMLElement);
const dataSummary = element('data-summary', HTMLElement);
const dataChart = createDataChart(element('data-chart', HTMLCanvasElement));
const lossChart = createLossChart(element('loss-chart', HTMLCanvasElement));
const training = new TrainingController({
  status: element('status', HTMLElement),
  finalLoss: element('final-loss', HTMLElement),
  accuracy: element('accuracy', HTMLElement),
  weights: element('weights', HTMLElement),
  time: element('time', HTMLElement),
  faultActions: element('fault-actions', HTMLElement),
  stop: element('stop', HTMLButtonElement),
  lossChart,
  dataChart,
});

const parsed = parseState(location.search);
let state: PageState = parsed.state;
let csvData: Dataset | null = null;
let data: Dataset = makeData(state);
setText(stateNote, parsed.notes.join('; '));

function showControls(): void {
  controls.dataset.value = state.dataset;
  for (const [key, input] of Object.entries(numberInputs))
    input.value = String(state[key as keyof typeof numberInputs]);
  controls.backend.value = state.backend;
  controls.logScale.checked = state.logScale;
  for (const label of document.querySelectorAll<HTMLElement>('[data-for]')) {
    label.hidden = !(label.dataset['for'] ?? '').split(' ').includes(state.dataset);
  }
  for (const panel of ['train', 'bench'] as const)
    element(`panel-${panel}`, HTMLElement).hidden = state.tab !== panel;
  for (const tab of document.querySelectorAll<HTMLButtonElement>('button[data-tab]'))
    tab.classList.toggle('active', tab.dataset['tab'] === state.tab);
}

function setState(next: PageState): void {
  state = next;
  history.replaceState(null, '', `${location.pathname}${formatState(state)}`);
  showControls();
}

function showData(next: Dataset): void {
  data = next;
  dataChart.setData(data);
  setText(dataSummary, describeData(data));
  training.clearResults();
}

/** Reads every control, holding each number to its bounds; a bad one is named and left as it was. */
function readControls(): void {
  const problems: string[] = [];
  const next: Record<string, unknown> = { ...state };
  for (const [key, input] of Object.entries(numberInputs)) {
    const checked = checkNumber(key as keyof typeof BOUNDS, input.value);
    if ('value' in checked) next[key] = checked.value;
    else problems.push(checked.problem);
    input.setAttribute('aria-invalid', String('problem' in checked));
  }
  next['dataset'] = controls.dataset.value as DatasetChoice;
  next['backend'] = controls.backend.value === 'cpu' ? 'cpu' : 'webgpu';
  next['logScale'] = controls.logScale.checked;
  setText(stateNote, problems.join('; '));
  const before = state;
  setState(next as unknown as PageState);
  lossChart.setLogScale(state.logScale);
  const dataChanged = (
    ['dataset', 'samples', 'classSep', 'noise', 'clusterStd', 'seed'] as const
  ).some((k) => before[k] !== state[k]);
  if (dataChanged && state.dataset !== 'csv') showData(makeData(state));
  if (dataChanged && state.dataset === 'csv' && csvData !== null) showData(csvData);
}

async function loadCsv(file: File): Promise<void> {
  try {
    csvData = await readCsvFile(file);
    setText(csvError, '');
    controls.dataset.value = 'csv';
    readControls();
    showData(csvData);
  } catch (error) {
    // the message names the file, the line and the column; it is shown as text, never as HTML
    setText(
      csvError,
      error instanceof CsvError || error instanceof Error ? error.message : String(error),
    );
  }
}

for (const input of [
  ...Object.values(numberInputs),
  controls.dataset,
  controls.backend,
  controls.logScale,
]) {
  input.addEventListener('change', readControls);
}
element('csv-input', HTMLInputElement).addEventListener('change', (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file) void loadCsv(file);
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
  if (file) void loadCsv(file);
});

const trainNow = (): void => {
  if (state.dataset === 'csv' && csvData === null) {
    setText(csvError, 'choose a CSV file first');
    return;
  }
  void training.run({ data, backend: state.backend, steps: state.steps, lr: state.lr });
};
element('train', HTMLButtonElement).addEventListener('click', trainNow);
element('stop', HTMLButtonElement).addEventListener('click', () => training.stop());
element('reset', HTMLButtonElement).addEventListener('click', () => {
  training.stop();
  training.clearResults();
  setText(element('status', HTMLElement), 'ready');
});
element('retry', HTMLButtonElement).addEventListener('click', trainNow);
element('use-cpu', HTMLButtonElement).addEventListener('click', () => {
  controls.backend.value = 'cpu';
  readControls();
  trainNow();
});
for (const tab of document.querySelectorAll<HTMLButtonElement>('button[data-tab]')) {
  tab.addEventListener('click', () =>
    setState({ ...state, tab: tab.dataset['tab'] === 'bench' ? 'bench' : 'train' }),
  );
}

showControls();
lossChart.setLogScale(state.logScale);
showData(state.dataset === 'csv' ? data : makeData(state));
setUpBenchTab();
void showAdapter(element('adapter', HTMLElement), controls.backend).then(() => {
  if (controls.backend.value !== state.backend) readControls();
});
