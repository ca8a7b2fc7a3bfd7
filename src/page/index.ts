/**
 * The page: its parts made once, then joined to the store (src/page/page_store.ts) by effects, each
 * of which redraws one thing from the values it reads whenever any of them changes.
 */
import './style.css';
import { AxesPicker } from './axes_picker.ts';
import { showAdapter } from './adapter_panel.ts';
import { setUpBenchTab } from './bench_tab.ts';
import { connectDataSources } from './data_sources.ts';
import { describePlot } from './data_panel.ts';
import { defaultAxes } from './default_axes.ts';
import { DataPlot } from './data_plot.ts';
import { pacedMs } from './estimate.ts';
import { element, setText } from './dom.ts';
import { LOSS_NAMES, lossLegend, plotLegend } from './heads_words.ts';
import { connectLivePanel } from './live_panel.ts';
import { LiveView } from './live_view.ts';
import { LossChart } from './loss_chart.ts';
import { connectModelLoading } from './model_loading.ts';
import { savedModel, saveModel } from './model_files.ts';
import { NetworkView, type NodeRef } from './network_view.ts';
import { pageElements } from './page_elements.ts';
import { BENCH_KEYS, createPageStore, sameJson, type PageStore } from './page_store.ts';
import { connectRunControls } from './run_controls.ts';
import { RunSession } from './run_session.ts';
import { sessionEvents } from './session_events.ts';
import { connectStatusLine } from './status_line.ts';
import { showScrollHints } from './scroll_hint.ts';
import { SettingsForm } from './settings_form.ts';
import { ROLE } from './split_rows.ts';
import { computed, effect, signal, untracked } from './store.ts';
import { setUpTabs } from './tabs.ts';
import { announcer } from './throttled.ts';
import { TrainerClient } from './trainer_client.ts';
import { formatState, parseState } from './url_state.ts';
import type { WarmPace } from './worker_protocol.ts';

// ---- the parts
const parsed = parseState(location.search);
const settings = signal(parsed.state);
const form = new SettingsForm(settings);
const store: PageStore = createPageStore(settings, form.invalid);
const ui = pageElements();
const { buttons, results, notes } = ui;
const status = element('status', HTMLElement);
setText(notes.stateNote, parsed.notes.join('; '));
const news = announcer(element('announcer', HTMLElement));
const trainer = new TrainerClient();
const plot = new DataPlot(ui.dataCanvas, element('plot-count', HTMLElement));
const lossChart = new LossChart(ui.lossCanvas);
const hovered = signal<NodeRef | null>(null);
const network = new NetworkView(element('network-box', HTMLElement), ui.networkSvg, {
  hover: (node) => hovered.set(node),
  editWeight: (param, value, edge) =>
    session.editWeight(param, value, edge, store.shownModel.peek()),
});
const view = new LiveView(plot, lossChart, network, {
  box: element('unit-popover', HTMLElement),
  canvas: element('unit-heatmap', HTMLCanvasElement),
  caption: element('unit-caption', HTMLElement),
});
const axesPicker = new AxesPicker((axes) => store.axesPicked.set(axes));
const tabs = setUpTabs(element('tab-train', HTMLElement).parentElement ?? document.body, (name) =>
  form.assign({ tab: name === 'bench' ? 'bench' : 'train' }),
);
setUpBenchTab(
  () => store.settings.peek(),
  computed(() => form.valid(BENCH_KEYS) && store.settings.get().benchSizes.length > 0),
);

const session = new RunSession(trainer, view, store, sessionEvents({ store, form, ui, news }));

// a new data set: every run and result on the one before is over (before a press that waited
// for the data set runs: effects run in the order they are made)
effect(() => {
  const loaded = store.loaded.get();
  untracked(() => {
    if (loaded !== null) trainer.offer(loaded.data, loaded.spare);
    session.reset();
  });
});
connectDataSources(store, form);
connectRunControls(store, form, session, { ...buttons, ...ui.faultButtons });
connectModelLoading({ store, form, session, trainer, results, news });

showScrollHints();

// on a phone the settings come first, and fold away to bring the plot up
const settingsBox = element('settings', HTMLElement);
const settingsToggle = element('settings-toggle', HTMLButtonElement);
const settingsFolded = signal(false);
settingsToggle.addEventListener('click', () => settingsFolded.update((folded) => !folded));
effect(() => {
  const folded = settingsFolded.get();
  settingsBox.dataset['folded'] = String(folded);
  settingsToggle.setAttribute('aria-expanded', String(!folded));
  setText(settingsToggle, folded ? 'Show the settings' : 'Hide the settings');
});

// ---- what follows from the store
connectStatusLine(store, {
  status,
  epoch: ui.live.epoch,
  dataCanvas: ui.dataCanvas,
  lossCanvas: ui.lossCanvas,
  networkSvg: ui.networkSvg,
});
effect(() => history.replaceState(null, '', `${location.pathname}${formatState(settings.get())}`));
effect(() => form.setCrossErrors(store.crossErrors.get()));
effect(() => tabs.select(settings.get().tab));
effect(() => lossChart.setLogScale(settings.get().logScale));
effect(() => {
  const on = settings.get().discretize;
  plot.setDiscretize(on);
  network.setDiscretize(on);
});
// what the labels are decides the colours, the output nodes, the loss's name and the captions
effect(() => {
  const labels = store.labels.get();
  if (labels === null) return;
  const { head, low, high, names } = labels;
  plot.setScale({ head, low, high });
  network.setScale({ head, low, high, names });
  lossChart.setLossName(LOSS_NAMES[head]);
  setText(notes.lossLegend, lossLegend(head));
  setText(notes.plotLegend, plotLegend(labels));
  setText(notes.accuracyName, head === 'regression' ? 'Fit' : 'Accuracy');
});

// the data card's words
effect(() => {
  const loading = store.loading.get();
  const data = store.data.get();
  const error = store.dataError.get();
  const csv = settings.get().dataset === 'csv';
  setText(notes.dataError, csv ? '' : (error ?? ''));
  setText(
    notes.dataSummary,
    loading ??
      (data !== null
        ? store.dataSentence.get()
        : csv && error === null
          ? 'no file read yet: load a CSV file above'
          : 'no data set: see the error above'),
  );
});

// the plot's axes for a new data set: those kept from the file before, else the two features
// that best separate the classes (never a column of row numbers)
effect(() => {
  const names = store.featureNames.get();
  const data = store.data.get();
  untracked(() =>
    store.axesPicked.set(axesPicker.setFeatures(names, data === null ? [0, 1] : defaultAxes(data))),
  );
});

// the plot's points: all, or one split's, as the toggle says, on the axes picked
effect(() => {
  const data = store.data.get();
  const axes = store.plotAxes.get();
  const points = settings.get().points;
  const roles = store.roles.get();
  setText(
    notes.plotNote,
    axes === null || data === null
      ? ''
      : describePlot(
          data.nFeatures,
          axes.names,
          store.featureNames.get().filter((_, j) => j !== axes.x && j !== axes.y),
        ),
  );
  if (data === null || roles === null || points === 'all') {
    // every point, the test rows outlined
    const tested = roles === null ? null : (row: number) => roles[row] === ROLE.test;
    view.setData(data, null, axes ?? undefined, tested);
    return;
  }
  const wanted = ROLE[points === 'train' ? 'train' : 'test'];
  view.setData(data, (row) => roles[row] === wanted, axes ?? undefined);
});

// the pace of a run going on follows the speed chosen
const pace = computed(() => store.request.get()?.pace ?? null, sameJson);
effect(() => {
  const now = pace.get();
  if (now !== null) untracked(() => session.setPace(now));
});

effect(() => view.setModel(store.shownModel.get()));
effect(() => view.setFeatureNames(store.featureNames.get()));
// a weight may be typed in while no run goes, or a paused one (which then stops where it is)
effect(() => network.setEditable(['idle', 'paused'].includes(store.phase.get())));
effect(() => view.showUnit(hovered.get()));

connectLivePanel(store, view, ui.live, results);

effect(() => {
  const estimate = store.estimate.get();
  setText(notes.estimate, estimate?.text ?? '');
  if (estimate?.long === undefined) delete notes.estimate.dataset['long'];
  else notes.estimate.dataset['long'] = String(estimate.long);
  // the figure itself, for the page's benchmark to hold against the run's time
  if (estimate?.seconds === undefined) delete notes.estimate.dataset['seconds'];
  else notes.estimate.dataset['seconds'] = String(estimate.seconds);
});
effect(() => {
  notes.hints.replaceChildren(
    ...store.hints.get().map((hint) => {
      const item = document.createElement('li');
      item.textContent = hint;
      return item;
    }),
  );
});

// Save: the model now, while no run is going
effect(() => {
  const off = store.model.get() === null || store.phase.get() !== 'idle';
  buttons.saveJson.disabled = off;
  buttons.saveSafetensors.disabled = off;
});
for (const [button, as] of [
  [buttons.saveJson, 'json'],
  [buttons.saveSafetensors, 'safetensors'],
] as const)
  button.addEventListener('click', () => {
    const model = store.model.peek();
    if (model !== null) saveModel(savedModel(model, store.table.peek()), as);
  });

// the kernels for the model the settings describe, compiled before anyone presses Train
/** How the warm-up's start of the run went, by the warm-up's key: the estimate follows it. */
const warmPace = signal<{ readonly key: string; readonly pace: WarmPace } | null>(null);
const warmKey = computed(() => {
  const request = store.request.get();
  if (request === null || store.webgpu.get() !== true || request.backend !== 'webgpu') return null;
  // what the plan depends on: the model, its optimizer, the rows, the batch, the epochs
  const { optimizer, batchSize, epochs, split } = request.options;
  return JSON.stringify([request.spec, optimizer, request.data.nSamples, batchSize, epochs, split]);
});
effect(() => {
  if (warmKey.get() === null) return;
  untracked(() => warmUp());
});

// the planner's prediction for the run the settings describe, asked again once a warm-up or a
// run has compiled its kernels (their compile is then owed no more); the latest question wins
const askForecast = (() => {
  let asked = 0;
  return (): void => {
    const key = store.forecastKey.peek();
    const request = store.request.peek();
    if (key === null || request === null) return;
    const mine = ++asked;
    void trainer.forecast(request.data, request.options).then((forecast) => {
      if (mine !== asked) return;
      // once the warm-up has run the start of this very run, the rest goes at the pace it ended
      // at; until then, the planner's prediction alone
      const warmed = warmPace.peek();
      const pace = warmed !== null && warmed.key === warmKey.peek() ? warmed.pace : null;
      store.forecast.set(
        forecast === null
          ? null
          : { key, ms: forecast.compileMs + (pace === null ? forecast.trainMs : pacedMs(pace)) },
      );
    });
  };
})();
effect(() => {
  // a run that ends has compiled its kernels: asked again then too
  if (store.forecastKey.get() === null || store.phase.get() !== 'idle') return;
  untracked(() => askForecast());
});

function warmUp(): void {
  const request = store.request.peek();
  const warmed = warmKey.peek();
  if (request === null || warmed === null) return;
  setText(notes.warm, 'compiling the kernels for this model…');
  trainer.warmUp(request.data, request.options).then(
    (done) => {
      // the rate of this model on this data: a step's fixed cost weighs differently on each
      store.rates.update((rates) => ({ ...rates, [done.backend]: done.workPerSecond }));
      warmPace.set(done.pace === null ? null : { key: warmed, pace: done.pace });
      askForecast();
      setText(notes.warm, `kernels ready (${(done.ms / 1000).toFixed(1)} s to compile and try)`);
    },
    (error: unknown) =>
      setText(
        notes.warm,
        `could not warm up: ${error instanceof Error ? error.message : String(error)}`,
      ),
  );
}

// ---- start
void trainer.adapter().then((found) => {
  showAdapter(element('adapter', HTMLElement), found);
  const available = found.adapter !== null;
  const webgpuOption = document.querySelector<HTMLOptionElement>('#backend option[value="webgpu"]');
  if (webgpuOption) webgpuOption.disabled = !available;
  if (!available && settings.peek().backend === 'webgpu') form.assign({ backend: 'cpu' });
  store.webgpu.set(available);
  if (!available) setText(notes.warm, '');
});
