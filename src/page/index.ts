import './style.css';
import { initialParams } from '../core/init.ts';
import { paramCount } from '../core/spec.ts';
import {
  labelKey,
  quoteText,
  scaleWarning,
  type Dataset,
  type TableColumns,
  type TableDescription,
} from '../data/index.ts';
import { AxesPicker } from './axes_picker.ts';
import { showAdapter } from './adapter_panel.ts';
import { setUpBenchTab } from './bench_tab.ts';
import { crossChecks } from './cross_checks.ts';
import { DataLoader } from './data_loader.ts';
import { makeDataOffThread, readCsvOffThread } from './data_jobs.ts';
import { CsvPanel, DEFAULT_CHOICE } from './csv_panel.ts';
import {
  describeData,
  describePlot,
  featureNames,
  generatorOf,
  generatorOptions,
} from './data_panel.ts';
import { DataPlot, firstAxes, type PlotAxes } from './data_plot.ts';
import { element, setText } from './dom.ts';
import { pageElements } from './page_elements.ts';
import { describeEstimate } from './estimate.ts';
import { FIELD_KEYS, FIELDS, type FieldKey, type PageState } from './fields.ts';
import { settingHints } from './hints.ts';
import { LiveView } from './live_view.ts';
import { LossChart } from './loss_chart.ts';
import { readModelFile, savedModel, saveModel } from './model_files.ts';
import { NetworkView } from './network_view.ts';
import {
  clearResults,
  describeAccuracy,
  describeWeights,
  showMetrics,
  showResults,
} from './results_panel.ts';
import { runRequestFor, specOf, splitOf, standardizationOf, trainOptions } from './run_request.ts';
import { RunSession, type RunRequest } from './run_session.ts';
import { SettingsForm } from './settings_form.ts';
import { ROLE, splitRoles } from './split_rows.ts';
import { setUpTabs } from './tabs.ts';
import { accessibleName, announcer } from './throttled.ts';
import { TrainerClient } from './trainer_client.ts';
import { formatState, parseState } from './url_state.ts';
import type { CsvChoice, LoadedData } from './worker_protocol.ts';

const DATA_KEYS: readonly FieldKey[] = [
  'dataset',
  'samples',
  'noise',
  'classSep',
  'clusterStd',
  'dataSeed',
];
const RUN_KEYS: readonly FieldKey[] = FIELD_KEYS.filter(
  (key) => !['speed', 'points', 'logScale', 'tab'].includes(key) && !key.startsWith('bench'),
);
const BENCH_KEYS: readonly FieldKey[] = FIELD_KEYS.filter((key) => key.startsWith('bench'));

const status = element('status', HTMLElement);
const { dataCanvas, lossCanvas, networkSvg, buttons, results, notes } = pageElements();
const news = announcer(element('announcer', HTMLElement));
const names = {
  plot: accessibleName(dataCanvas),
  loss: accessibleName(lossCanvas),
  network: accessibleName(networkSvg),
};

const trainer = new TrainerClient();
const plot = new DataPlot(dataCanvas, element('plot-count', HTMLElement));
const lossChart = new LossChart(lossCanvas);
let live: LiveView | null = null;
const network = new NetworkView(networkSvg, (hover) => live?.showUnit(hover));
live = new LiveView(plot, lossChart, network, {
  box: element('unit-popover', HTMLElement),
  canvas: element('unit-heatmap', HTMLCanvasElement),
  caption: element('unit-caption', HTMLElement),
});
const view = live;
const loader = new DataLoader();
/** the CSV file chosen last, how its columns are read, and what it gave (null while none has) */
let csvFile: File | null = null;
let csvLoaded: LoadedData | null = null;
const csvPanel = new CsvPanel((choice) => {
  if (csvFile !== null) loadCsv(csvFile, choice);
});
const axesPicker = new AxesPicker(() => showPoints());
/** the data set's scale warning, said until Standardize is ticked */
let scale: string | null = null;
/** work per second each backend managed here on the model and data shown (its warm-up, then each finished run) */
const throughput: Partial<Record<'webgpu' | 'cpu', number>> = {};
let webgpuAvailable: boolean | null = null;

/** Trouble with the GPU that another try, or the CPU, may get past (errors cross the worker by name). */
const GPU_FAULTS = ['GpuDeviceLostError', 'GpuRunError', 'WebGpuUnavailableError'];
const isGpuFault = (name: string) => GPU_FAULTS.includes(name);

const session = new RunSession(
  trainer,
  view,
  {
    phase: () => updateButtons(),
    status: (text, said) => {
      setText(status, text);
      if (said !== null) news.set(said);
      describeViews();
    },
    finished: (run) => {
      showResults(results, run);
      notes.faults.hidden = true;
      updateButtons();
    },
    cleared: () => {
      clearResults(results);
      notes.faults.hidden = true;
    },
    failed: (failure) => {
      const key = fieldOf(failure.parameter);
      if (key !== null) form.setOutsideError(key, failure.message.replace(/^[^:]+: /, ''));
      notes.faults.hidden = !(form.state.backend === 'webgpu' && isGpuFault(failure.name));
      updateButtons();
    },
    measured: (backend, workPerSecond) => {
      // a run paced to be watched says nothing of the device's rate
      if (form.state.speed !== 'max') return;
      throughput[backend] = workPerSecond;
      updateEstimate();
    },
  },
  status,
);

/** The field an option's error names (the options table's key, or the address's name). */
function fieldOf(parameter: string | null): FieldKey | null {
  if (parameter === null) return null;
  const aliases: Record<string, FieldKey> = {
    batchSize: 'batch',
    initialParams: 'hidden',
    train: 'split',
  };
  if (parameter in aliases) return aliases[parameter] ?? null;
  return FIELD_KEYS.find((key) => key === parameter || FIELDS[key].name === parameter) ?? null;
}

const parsed = parseState(location.search);
setText(notes.stateNote, parsed.notes.join('; '));
const form = new SettingsForm(parsed.state, onChange, () => updateButtons());
const tabs = setUpTabs(element('tab-train', HTMLElement).parentElement ?? document.body, (name) =>
  form.assign({ tab: name === 'bench' ? 'bench' : 'train' }),
);
const bench = setUpBenchTab(
  () => form.state,
  () => form.valid(BENCH_KEYS) && form.state.benchSizes.length > 0,
);

function onChange(state: PageState, changed: FieldKey[]): void {
  history.replaceState(null, '', `${location.pathname}${formatState(state)}`);
  const has = (...keys: FieldKey[]) => keys.some((key) => changed.includes(key));
  if (has(...DATA_KEYS)) loadData();
  if (has('dataset')) csvPanel.setVisible(state.dataset === 'csv');
  if (has('logScale')) lossChart.setLogScale(state.logScale);
  if (has('speed')) {
    const request = runRequest();
    if (request !== null) session.setPace(request.pace);
  }
  // the split (its seed is the data seed) decides the points shown and the slice's training means
  if (has('points', 'split', 'dataSeed')) showPoints();
  if (has('tab')) tabs.select(state.tab);
  refresh();
}

/** Everything that follows from the settings and the data: checks, estimate, hints, buttons. */
function refresh(): void {
  form.setCrossErrors(crossChecks(form.state, loader.current));
  showUntrained();
  updateEstimate();
  updateHints();
  updateButtons();
  bench.refresh();
}

function updateButtons(): void {
  const phase = session.phase;
  const ready = loader.current !== null && form.valid(RUN_KEYS);
  const running = phase !== 'idle';
  buttons.train.disabled = !ready;
  buttons.play.disabled = running ? phase === 'running' || phase === 'stopping' : !ready;
  buttons.pause.disabled = phase !== 'running';
  buttons.step.disabled = running ? phase === 'stopping' : !ready;
  buttons.stop.disabled = !running || phase === 'stopping';
  const model = session.model;
  buttons.saveJson.disabled = model === null || running;
  buttons.saveSafetensors.disabled = model === null || running;
}

/** The run the settings describe, or null while they cannot run. */
function runRequest(): RunRequest | null {
  const data = loader.current;
  return data === null || !form.valid(RUN_KEYS) ? null : runRequestFor(form.state, data);
}

/** Before any run, the network as the seed draws it, as TensorFlow Playground shows it. */
function showUntrained(): void {
  if (session.model !== null || session.phase !== 'idle') return;
  const request = runRequest();
  if (request === null) {
    view.setModel(null);
    return;
  }
  const { spec, standardization } = request;
  view.setModel({ spec, params: initialParams(spec, form.state.seed), standardization });
}

function updateEstimate(): void {
  const data = loader.current;
  const estimate =
    data === null || !form.valid(RUN_KEYS)
      ? null
      : describeEstimate(
          form.state,
          { samples: data.nSamples, params: paramCount(specOf(form.state, data)) },
          throughput[form.state.backend] ?? null,
        );
  setText(notes.estimate, estimate?.text ?? '');
  if (estimate?.long === undefined) delete notes.estimate.dataset['long'];
  else notes.estimate.dataset['long'] = String(estimate.long);
}

function updateHints(): void {
  const hints = settingHints(form.state, form.state.standardize ? null : scale);
  notes.hints.replaceChildren(
    ...hints.map((hint) => {
      const item = document.createElement('li');
      item.textContent = hint;
      return item;
    }),
  );
}

let rolesCache: { data: Dataset; split: string; roles: Uint8Array } | null = null;

/**
 * The plot's axes: the two features picked (x0 and x1 for a generator's data), and for more than
 * two, the other features' means over the training split, where the model's slice holds them.
 */
function plotAxes(data: Dataset): PlotAxes {
  const D = data.nFeatures;
  if (D === 1) return firstAxes(1);
  const names = featureNames(data, loader.table);
  const [x, y] = D === 2 ? [0, 1] : axesPicker.axes;
  return {
    x,
    y,
    names: [names[x] ?? '', names[y] ?? ''],
    at: D === 2 ? null : standardizationOf(data, splitOf(form.state)).mean,
  };
}

/** The plot's points: all, or one split's, as the toggle says, on the axes picked. */
function showPoints(): void {
  const data = loader.current;
  const state = form.state;
  const split = splitOf(state);
  const axes = data === null ? undefined : plotAxes(data);
  setText(
    notes.plotNote,
    axes === undefined || data === null ? '' : describePlot(data.nFeatures, axes.names),
  );
  if (data === null || state.points === 'all' || split === null) {
    view.setData(data, null, axes);
    return;
  }
  const key = JSON.stringify(split);
  if (rolesCache?.data !== data || rolesCache.split !== key)
    rolesCache = { data, split: key, roles: splitRoles(data, split) };
  const roles = rolesCache.roles;
  const wanted = ROLE[state.points];
  view.setData(data, (row) => roles[row] === wanted, axes);
}

/** A new data set: every run and result on the one before is over. */
function showData({ data: next, table, spare }: LoadedData): void {
  trainer.offer(next, spare);
  session.reset();
  const names = featureNames(next, table);
  scale = scaleWarning(next, names, 'tick Standardize the features');
  axesPicker.setFeatures(names);
  showPoints();
  setText(notes.dataSummary, dataSentence(next));
  setText(notes.dataError, '');
  refresh();
  warmUp();
}

function loadData(): void {
  const state = form.state;
  const generator = generatorOf(state);
  if (generator === null) {
    const chosen = csvLoaded;
    // back to the file read before; a file just read is shown already
    if (chosen !== null && loader.current !== chosen.data)
      void loader.load(() => Promise.resolve(chosen), { onData: showData, onError: () => {} });
    return;
  }
  if (!form.valid(DATA_KEYS)) return;
  setText(notes.dataSummary, `making ${state.samples} samples…`);
  void loader.load((signal) => makeDataOffThread(generator, generatorOptions(state), signal), {
    onData: showData,
    onError: (message) => {
      setText(notes.dataError, message);
      setText(notes.dataSummary, 'no data set: see the error above');
      session.reset();
      scale = null;
      view.setData(null, null);
      refresh();
    },
  });
}

/** Reads a CSV file in a worker, its columns as `choice` says, showing how far it has got. */
function loadCsv(file: File, choice: CsvChoice): void {
  csvFile = file;
  csvLoaded = null;
  setText(notes.csvError, '');
  setText(notes.dataSummary, `reading ${file.name}…`);
  csvPanel.startReading(file, choice);
  const listener = {
    onColumns: (columns: TableColumns) => csvPanel.showColumns(columns),
    onProgress: (bytes: number, total: number) => csvPanel.showProgress(bytes, total),
  };
  void loader.load((signal) => readCsvOffThread(file, choice, signal, listener), {
    onData: (loaded) => {
      csvLoaded = loaded;
      csvPanel.doneReading();
      if (loaded.table !== null) csvPanel.showTable(loaded.table);
      form.assign({ dataset: 'csv' });
      showData(loaded);
    },
    onError: (message) => {
      csvPanel.doneReading();
      setText(notes.csvError, message);
      setText(notes.dataSummary, 'no data set: see the error above');
      session.reset();
      scale = null;
      view.setData(null, null);
      setText(notes.plotNote, '');
      refresh();
    },
  });
}

/** Compiles the kernels for the model the settings describe, before anyone presses Train. */
let warmed = '';
function warmUp(): void {
  const request = runRequest();
  if (request === null || webgpuAvailable !== true || request.backend !== 'webgpu') return;
  const key = JSON.stringify([request.spec, request.options.optimizer, request.data.nSamples]);
  if (key === warmed) return;
  warmed = key;
  setText(notes.warm, 'compiling the kernels for this model…');
  const epochs = Math.min(request.options.epochs ?? 1, 100);
  trainer.warmUp(request.data, { ...request.options, epochs }).then(
    (done) => {
      // the rate of this model on this data: a step's fixed cost weighs differently on each
      throughput[done.backend] = done.workPerSecond;
      setText(notes.warm, `kernels ready (${(done.ms / 1000).toFixed(1)} s to compile and try)`);
      updateEstimate();
    },
    (error: unknown) =>
      setText(
        notes.warm,
        `could not warm up: ${error instanceof Error ? error.message : String(error)}`,
      ),
  );
}

/** describeData's sentence for a data set, made once per data set (it counts the classes over every row). */
let described: { readonly data: Dataset; readonly text: string } | null = null;
function dataSentence(data: Dataset): string {
  if (described?.data !== data) described = { data, text: describeData(data, loader.table) };
  return described.text;
}

/** The canvases' text for screen readers: rewritten at most once a second, asked every frame. */
function describeViews(): void {
  const data = loader.current;
  const model = session.model;
  const steps = status.dataset['steps'] ?? '0';
  names.plot.set(
    data === null
      ? 'no data set'
      : `${dataSentence(data)}${model === null ? '' : `, with the model's probability of class 1 behind the points after step ${steps}`}`,
  );
  names.loss.set(
    `the loss curve: ${status.dataset['losses'] ?? '0'} losses so far. ${status.textContent ?? ''}`,
  );
  names.network.set(
    model === null ? 'no model yet' : `the network, ${describeWeights(model.spec, model.params)}`,
  );
}

// ---- controls
function run(action: (request: RunRequest) => void): void {
  const request = runRequest();
  if (request === null) return;
  form.setOutsideError('hidden', null);
  action(request);
}
buttons.train.addEventListener('click', () => run((r) => session.train(r)));
buttons.play.addEventListener('click', () => run((r) => session.play(r)));
buttons.step.addEventListener('click', () => run((r) => session.step(r)));
buttons.pause.addEventListener('click', () => session.pause());
buttons.stop.addEventListener('click', () => session.stop());
buttons.reset.addEventListener('click', () => {
  session.reset();
  refresh();
});
element('retry', HTMLButtonElement).addEventListener('click', () => run((r) => session.train(r)));
element('use-cpu', HTMLButtonElement).addEventListener('click', () => {
  form.assign({ backend: 'cpu' });
  run((r) => session.train(r));
});
buttons.saveJson.addEventListener('click', () => save('json'));
buttons.saveSafetensors.addEventListener('click', () => save('safetensors'));

function save(as: 'json' | 'safetensors'): void {
  const model = session.model;
  if (model !== null) saveModel(savedModel(model, loader.table), as);
}

element('csv-input', HTMLInputElement).addEventListener('change', (event) => {
  const input = event.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = ''; // the same file chosen again is read again
  if (file) loadCsv(file, DEFAULT_CHOICE);
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
  if (file) loadCsv(file, DEFAULT_CHOICE);
});

/**
 * Why a model saved from a CSV file cannot score the file shown, or null: other feature columns
 * (in order), or the other label value read as class 1.
 */
function columnsMismatch(
  model: Awaited<ReturnType<typeof readModelFile>>,
  table: TableDescription | null,
): string | null {
  const saved = model.columns;
  if (saved === undefined || table === null) return null;
  const wanted = saved.features.map((j) => saved.names[j - 1] ?? `column ${j}`);
  const list = (names: readonly string[]) =>
    names.length <= 6
      ? names.join(', ')
      : `${names.slice(0, 6).join(', ')}, … (${names.length} in all)`;
  if (wanted.join('\u0000') !== table.featureNames.join('\u0000'))
    return `the model was trained on the columns ${list(wanted)}; the data shown has ${list(table.featureNames)}: pick the same label and left-out columns`;
  const mapping = table.label?.mapping;
  if (
    saved.labels !== null &&
    mapping !== undefined &&
    labelKey(saved.labels.positive) !== labelKey(mapping.positive)
  )
    return `the model reads ${quoteText(saved.labels.positive)} as class 1; the data shown reads ${quoteText(mapping.positive)}: choose ${quoteText(saved.labels.positive)} under Read as class 1`;
  return null;
}

/** A saved model: its shape fills the Model card, its params become the current ones. */
async function loadModel(file: File): Promise<void> {
  try {
    const model = await readModelFile(file);
    const data = loader.current;
    if (data === null) throw new Error('there is no data set to score the model on');
    if (model.inputs !== data.nFeatures)
      throw new Error(
        `${file.name}: the model takes ${model.inputs} inputs, the data set has ${data.nFeatures}`,
      );
    const mismatch = columnsMismatch(model, loader.table);
    if (mismatch !== null) throw new Error(`${file.name}: ${mismatch}`);
    form.assign({
      hidden: model.hidden,
      activation: model.activation,
      features: model.features,
      standardize: model.standardization !== undefined,
    });
    const spec = specOf(form.state, data);
    const params = Float64Array.from(model.params);
    session.adopt({ spec, params, standardization: model.standardization ?? null });
    clearResults(results);
    setText(notes.modelError, '');
    setText(results.weights, describeWeights(spec, params));
    // scored on the model's own z-score, as predict does, not one fitted on the data shown
    const metrics = await trainer.score(data, {
      ...trainOptions(form.state),
      initialParams: model.params,
      ...(model.standardization === undefined ? {} : { standardization: model.standardization }),
    });
    showMetrics(results.metrics, results.confusion, metrics);
    setText(results.accuracy, describeAccuracy(metrics));
    status.dataset['state'] = 'loaded';
    setText(
      status,
      `loaded ${file.name}: ${describeWeights(spec, params)}, scored on the data shown; Play trains on from it — done`,
    );
    news.set(`Loaded ${file.name}.`);
    updateButtons();
  } catch (error) {
    setText(notes.modelError, error instanceof Error ? error.message : String(error));
  }
}
element('model-input', HTMLInputElement).addEventListener('change', (event) => {
  const input = event.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = ''; // the same file chosen again is loaded again
  if (file) void loadModel(file);
});

// ---- start
tabs.select(form.state.tab);
lossChart.setLogScale(form.state.logScale);
loadData();
refresh();
void trainer.adapter().then((found) => {
  showAdapter(element('adapter', HTMLElement), found);
  webgpuAvailable = found.adapter !== null;
  const webgpuOption = document.querySelector<HTMLOptionElement>('#backend option[value="webgpu"]');
  if (webgpuOption) webgpuOption.disabled = !webgpuAvailable;
  if (!webgpuAvailable && form.state.backend === 'webgpu') form.assign({ backend: 'cpu' });
  if (webgpuAvailable) warmUp();
  else setText(notes.warm, '');
});
