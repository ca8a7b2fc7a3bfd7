import './style.css';
import type { Dataset } from '../data/index.ts';
import { setUpBenchTab } from './bench_tab.ts';
import { showAdapter } from './adapter_panel.ts';
import { createDataChart, createLossChart } from './charts.ts';
import { describeData, describePlot } from './data_panel.ts';
import { DataLoader } from './data_loader.ts';
import { element, setText } from './dom.ts';
import { makeDataOffThread, readCsvOffThread } from './off_thread.ts';
import { TrainingController } from './training.ts';
import { download, isTutorial, modelOptions, modelPredictor, showMetrics } from './model_run.ts';
import {
  metricsOf,
  modelFromJson,
  modelFromSafetensors,
  modelToJson,
  modelToSafetensors,
  predict,
  type SavedModel,
} from '../model/index.ts';
import {
  BOUNDS,
  checkList,
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
  batch: element('batch', HTMLInputElement),
  patience: element('patience', HTMLInputElement),
} as const;
const modelControls = {
  hidden: element('hidden', HTMLInputElement),
  split: element('split', HTMLInputElement),
  activation: element('activation', HTMLSelectElement),
  optimizer: element('optimizer', HTMLSelectElement),
};
const featureBoxes = [...document.querySelectorAll<HTMLInputElement>('input[name="feature"]')];
const modelError = element('model-error', HTMLElement);
const saveButtons = [
  element('save-json', HTMLButtonElement),
  element('save-safetensors', HTMLButtonElement),
];
let lastModel: SavedModel | null = null;
const csvError = element('csv-error', HTMLElement);
const dataError = element('data-error', HTMLElement);
const plotNote = element('plot-note', HTMLElement);
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
  metrics: element('metrics', HTMLTableElement),
  confusion: element('confusion', HTMLTableElement),
  onModel: (model) => {
    lastModel = model;
    for (const button of saveButtons) button.disabled = model === null;
  },
});

const parsed = parseState(location.search);
let state: PageState = parsed.state;
let csvData: Dataset | null = null;
const data = new DataLoader();
setText(stateNote, parsed.notes.join('; '));

function showControls(): void {
  controls.dataset.value = state.dataset;
  for (const [key, input] of Object.entries(numberInputs))
    input.value = String(state[key as keyof typeof numberInputs]);
  controls.backend.value = state.backend;
  controls.logScale.checked = state.logScale;
  modelControls.hidden.value = state.hidden;
  modelControls.split.value = state.split;
  modelControls.activation.value = state.activation;
  modelControls.optimizer.value = state.optimizer;
  const features = state.features.split(',');
  for (const box of featureBoxes) box.checked = features.includes(box.value);
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

/** Shows a new data set; a run on the one before is over, and so are its results. */
function showData(next: Dataset): void {
  training.stop();
  training.clearResults();
  dataChart.setData(next);
  setText(dataSummary, describeData(next));
  setText(plotNote, describePlot(next));
  setText(dataError, '');
}

/** Makes the data set the state describes, in a worker; a generator's complaint is shown. */
function makeData(): void {
  setText(dataSummary, `making ${state.samples} samples…`);
  void data.load((signal) => makeDataOffThread(state, signal), {
    onData: showData,
    onError: (message) => {
      setText(dataError, message);
      setText(dataSummary, data.current ? describeData(data.current) : 'no data set');
    },
  });
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
  next['activation'] = modelControls.activation.value;
  next['optimizer'] = modelControls.optimizer.value;
  next['features'] = featureBoxes
    .filter((box) => box.checked)
    .map((box) => box.value)
    .join(',');
  for (const key of ['hidden', 'split'] as const) {
    const raw = modelControls[key].value.replace(/\s+/g, '');
    const problem = checkList(key, raw);
    if (problem === null) next[key] = raw;
    else problems.push(problem);
    modelControls[key].setAttribute('aria-invalid', String(problem !== null));
  }
  setText(stateNote, problems.join('; '));
  const before = state;
  setState(next as unknown as PageState);
  lossChart.setLogScale(state.logScale);
  const dataChanged = (
    ['dataset', 'samples', 'classSep', 'noise', 'clusterStd', 'seed'] as const
  ).some((k) => before[k] !== state[k]);
  if (dataChanged && state.dataset !== 'csv') makeData();
  const chosen = csvData;
  if (dataChanged && state.dataset === 'csv' && chosen !== null)
    void data.load(() => Promise.resolve(chosen), { onData: showData, onError: () => {} });
}

/** Reads a CSV file in a worker; its error names the line and column, and goes on the page as text. */
function loadCsv(file: File): void {
  void data.load((signal) => readCsvOffThread(file, signal), {
    onData: (loaded) => {
      csvData = loaded;
      setText(csvError, '');
      controls.dataset.value = 'csv';
      readControls();
      showData(loaded);
    },
    onError: (message) => setText(csvError, message),
  });
}

for (const input of [
  ...Object.values(numberInputs),
  ...Object.values(modelControls),
  ...featureBoxes,
  controls.dataset,
  controls.backend,
  controls.logScale,
]) {
  input.addEventListener('change', readControls);
}
element('csv-input', HTMLInputElement).addEventListener('change', (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file) loadCsv(file);
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
  if (file) loadCsv(file);
});

const trainNow = async (): Promise<void> => {
  if (state.dataset === 'csv' && csvData === null) {
    setText(csvError, 'choose a CSV file first');
    return;
  }
  const ready = await data.ready();
  if (ready === null) {
    setText(element('status', HTMLElement), 'no data set to train on: see the Data panel');
    return;
  }
  if (isTutorial(state))
    void training.run({ data: ready, backend: state.backend, steps: state.steps, lr: state.lr });
  else
    void training.runModel({ data: ready, backend: state.backend, options: modelOptions(state) });
};

/** Shows a model loaded from a file on the current data: its heatmap and its metrics. */
async function loadModel(file: File): Promise<void> {
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const model = file.name.endsWith('.safetensors')
      ? modelFromSafetensors(bytes, file.name)
      : modelFromJson(new TextDecoder().decode(bytes), file.name);
    const shown = data.current;
    if (shown === null) throw new Error('there is no data set to score the model on');
    const probabilities = predict(model, shown);
    training.stop();
    training.clearResults();
    setText(modelError, '');
    dataChart.setPredictor(modelPredictor(model));
    showMetrics(element('metrics', HTMLTableElement), element('confusion', HTMLTableElement), {
      train: metricsOf(probabilities, shown.y),
      validation: null,
      test: null,
    });
    setText(
      element('status', HTMLElement),
      `loaded ${file.name}: ${[model.inputs + model.features.length, ...model.hidden, 1].join('-')} ${model.activation}, scored on the data shown — done`,
    );
    lastModel = model;
    for (const button of saveButtons) button.disabled = false;
  } catch (error) {
    setText(modelError, error instanceof Error ? error.message : String(error));
  }
}
element('model-input', HTMLInputElement).addEventListener('change', (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file) void loadModel(file);
});
element('save-json', HTMLButtonElement).addEventListener('click', () => {
  if (lastModel) download('webgpu-train-model.json', modelToJson(lastModel), 'application/json');
});
element('save-safetensors', HTMLButtonElement).addEventListener('click', () => {
  if (lastModel)
    download(
      'webgpu-train-model.safetensors',
      modelToSafetensors(lastModel),
      'application/octet-stream',
    );
});
element('train', HTMLButtonElement).addEventListener('click', () => void trainNow());
element('stop', HTMLButtonElement).addEventListener('click', () => training.stop());
element('reset', HTMLButtonElement).addEventListener('click', () => {
  training.stop();
  training.clearResults();
  setText(element('status', HTMLElement), 'ready');
});
element('retry', HTMLButtonElement).addEventListener('click', () => void trainNow());
element('use-cpu', HTMLButtonElement).addEventListener('click', () => {
  controls.backend.value = 'cpu';
  readControls();
  void trainNow();
});
for (const tab of document.querySelectorAll<HTMLButtonElement>('button[data-tab]')) {
  tab.addEventListener('click', () =>
    setState({ ...state, tab: tab.dataset['tab'] === 'bench' ? 'bench' : 'train' }),
  );
}

showControls();
lossChart.setLogScale(state.logScale);
makeData();
setUpBenchTab();
void showAdapter(element('adapter', HTMLElement), controls.backend).then(() => {
  if (controls.backend.value !== state.backend) readControls();
});
