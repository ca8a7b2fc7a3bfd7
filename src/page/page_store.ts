/**
 * The page's state in one place: what is set from outside (the settings, the data set shown, what
 * WebGPU offers, the run's phase and model) as signals, and everything that follows from them as
 * computed values: the split, the z-score a run will fit, the plot's axes, the run the settings
 * describe, the checks across fields, the estimate and the hints. Nothing here touches the page;
 * src/page/index.ts draws from these values through effects.
 */
import { initialParams } from '../core/init.ts';
import { paramCount } from '../core/spec.ts';
import { scaleWarning, type Dataset, type TableDescription } from '../data/index.ts';
import { crossChecks } from './cross_checks.ts';
import { featureNames } from './data_panel.ts';
import { describeData } from './heads_words.ts';
import { firstAxes, type PlotAxes } from './data_plot.ts';
import { describeEstimate } from './estimate.ts';
import { FIELD_KEYS, type FieldKey, type PageState } from './fields.ts';
import { settingHints } from './hints.ts';
import type { ShownModel } from './model_field.ts';
import { runRequestFor, specOf, splitOf, standardizationOf } from './run_request.ts';
import type { Phase, RunCounts, RunRequest, StatusLine } from './run_session.ts';
import { labelInfo, type LabelInfo } from './label_info.ts';
import { liveRows, prepareRows, type LiveFigures, type LiveRows } from './live_figures.ts';
import { splitRoles } from './split_rows.ts';
import { computed, signal, type Readable, type Signal } from './store.ts';
import type { LoadedData } from './worker_protocol.ts';

/** The settings a data set is made from: a change to any of them makes it again. */
export const DATA_KEYS: readonly FieldKey[] = [
  'dataset',
  'classes',
  'samples',
  'noise',
  'classSep',
  'clusterStd',
  'dataSeed',
];
/** The settings a run reads (the view's own, like the speed or the plot's points, are not). */
export const RUN_KEYS: readonly FieldKey[] = FIELD_KEYS.filter(
  (key) => !['speed', 'points', 'logScale', 'tab'].includes(key) && !key.startsWith('bench'),
);
export const BENCH_KEYS: readonly FieldKey[] = FIELD_KEYS.filter((key) => key.startsWith('bench'));

export type Backend = 'webgpu' | 'cpu';

/** JSON-equal: for derived values rebuilt as new objects that may say the same. */
export const sameJson = <T>(a: T, b: T): boolean => JSON.stringify(a) === JSON.stringify(b);

export interface PageStore {
  // ---- set from outside
  readonly settings: Signal<PageState>;
  /** the fields refused now (the settings form publishes them) */
  readonly invalid: Readable<ReadonlySet<FieldKey>>;
  /** the data set shown, and for a CSV file how it was read; null while there is none */
  readonly loaded: Signal<LoadedData | null>;
  /** what is being made or read now ("making 1 000 000 samples…"), null when nothing is */
  readonly loading: Signal<string | null>;
  /** why there is no data set, after a make or a read failed */
  readonly dataError: Signal<string | null>;
  /** the CSV file read last and what it gave, for coming back to it from another data set */
  readonly csvLoaded: Signal<LoadedData | null>;
  /** the two features the plot shows, for more than two */
  readonly axesPicked: Signal<readonly [number, number]>;
  /** whether the page has WebGPU; null while it is looking */
  readonly webgpu: Signal<boolean | null>;
  /** work per second each backend managed here on the model and data shown */
  readonly rates: Signal<Readonly<Partial<Record<Backend, number>>>>;
  /** the planner's prediction (compile and training, ms) for the run of forecastKey */
  readonly forecast: Signal<{ readonly key: string; readonly ms: number } | null>;
  readonly phase: Signal<Phase>;
  /** the model shown and continued from: a run's, a stopped run's or a loaded one; null for none */
  readonly model: Signal<ShownModel | null>;
  /** the epoch of the params shown (the kept one, after early stopping), for the figures' words */
  readonly shownEpoch: Signal<number>;
  /**
   * the model shown's loss and score on the live rows, measured as it was drawn, with the epoch
   * they are of; null while none are measured
   */
  readonly liveFigures: Signal<{ readonly figures: LiveFigures; readonly epoch: number } | null>;
  /** the status line under the run bar: its words and its state */
  readonly status: Signal<StatusLine>;
  readonly counts: Signal<RunCounts>;

  // ---- derived
  readonly data: Readable<Dataset | null>;
  readonly table: Readable<TableDescription | null>;
  /** what the labels are: classes (how many of each) or numbers, and the head that fits them */
  readonly labels: Readable<LabelInfo | null>;
  readonly featureNames: Readable<readonly string[]>;
  /** one line about the data set (it counts the classes over every row) */
  readonly dataSentence: Readable<string>;
  /** the raw features' scale warning, said until Standardize is ticked */
  readonly scaleWarning: Readable<string | null>;
  /** each row's split, where the settings split the rows */
  readonly roles: Readable<Uint8Array | null>;
  /** the plot's axes, with the other features' training means for a slice */
  readonly plotAxes: Readable<PlotAxes | null>;
  readonly crossErrors: Readable<Partial<Record<FieldKey, string>>>;
  /** the run the settings describe on the data shown, or null while they cannot run */
  readonly request: Readable<RunRequest | null>;
  /**
   * The model the views draw: the session's, or before any run the network as the seed draws it
   * (as TensorFlow Playground shows it); null while there is neither.
   */
  readonly shownModel: Readable<ShownModel | null>;
  /** what names a WebGPU run's forecast: its options and data size; null off WebGPU */
  readonly forecastKey: Readable<string | null>;
  readonly estimate: Readable<{
    readonly text: string;
    readonly long?: boolean;
    readonly seconds?: number;
  } | null>;
  readonly hints: Readable<readonly string[]>;
  /** the rows the live figures are measured on, as the model shown takes them */
  readonly liveRows: Readable<LiveRows | null>;
}

/** The store, with the settings and the form's refusals it starts from. */
export function createPageStore(
  settings: Signal<PageState>,
  invalid: Readable<ReadonlySet<FieldKey>>,
): PageStore {
  const loaded = signal<LoadedData | null>(null);
  const loading = signal<string | null>(null);
  const data = computed(() => loaded.get()?.data ?? null);
  const table = computed(() => loaded.get()?.table ?? null);
  const labels = computed(() => {
    const shown = data.get();
    return shown === null ? null : labelInfo(shown, table.get());
  });
  const names = computed(() => {
    const shown = data.get();
    return shown === null ? [] : featureNames(shown, table.get());
  });
  const split = computed(() => splitOf(settings.get()), sameJson);
  const axesPicked = signal<readonly [number, number]>([0, 1], sameJson);
  const valid = (keys: readonly FieldKey[]) => {
    const refused = invalid.get();
    return keys.every((key) => !refused.has(key));
  };
  const rates = signal<Readonly<Partial<Record<Backend, number>>>>({});
  const forecast = signal<{ readonly key: string; readonly ms: number } | null>(null);

  const request = computed(() => {
    const shown = data.get();
    const read = labels.get();
    // a data set on its way replaces the one shown: no run starts on the one going
    if (shown === null || read === null || loading.get() !== null || !valid(RUN_KEYS)) return null;
    return runRequestFor(settings.get(), shown, read, () => standardization.get());
  });
  const forecastKey = computed(() => {
    const wanted = request.get();
    if (wanted === null || wanted.options.backend !== 'webgpu') return null;
    return JSON.stringify([wanted.options, wanted.data.nSamples]);
  });
  const standardization = computed(() => {
    const shown = data.get();
    return shown === null ? null : standardizationOf(shown, split.get());
  });
  const roles = computed(() => {
    const shown = data.get();
    const how = split.get();
    return shown === null || how === null ? null : splitRoles(shown, how);
  });
  const model = signal<ShownModel | null>(null);
  const phase = signal<Phase>('idle');
  const picked = computed(() => {
    const shown = data.get();
    return shown === null ? null : liveRows(shown, roles.get());
  });
  // what a model needs of the rows: its z-score and extra features (the same all through a run)
  const takes = computed(
    () => {
      const shown = model.get();
      return shown === null
        ? null
        : { standardization: shown.standardization, features: shown.spec.features };
    },
    (a, b) =>
      a === b ||
      (a !== null &&
        b !== null &&
        a.standardization === b.standardization &&
        a.features.join() === b.features.join()),
  );
  const scale = computed(() => {
    const shown = data.get();
    return shown === null
      ? null
      : scaleWarning(shown, names.get(), 'tick Standardize the features');
  });

  return {
    settings,
    invalid,
    loaded,
    loading,
    dataError: signal<string | null>(null),
    csvLoaded: signal<LoadedData | null>(null),
    axesPicked,
    webgpu: signal<boolean | null>(null),
    rates,
    phase,
    model,
    shownEpoch: signal(0),
    liveFigures: signal<{ readonly figures: LiveFigures; readonly epoch: number } | null>(null),
    status: signal<StatusLine>({ state: 'idle', text: 'ready' }, sameJson),
    counts: signal<RunCounts>({ steps: 0, epochs: 0, losses: 0, frames: 0 }, sameJson),
    data,
    table,
    labels,
    featureNames: names,
    dataSentence: computed(() => {
      const shown = data.get();
      const read = labels.get();
      return shown === null || read === null ? '' : describeData(shown, read, table.get());
    }),
    scaleWarning: scale,
    roles,
    plotAxes: computed(() => {
      const shown = data.get();
      if (shown === null) return null;
      const D = shown.nFeatures;
      if (D === 1) return firstAxes(1);
      const all = names.get();
      const [x, y] = D === 2 ? [0, 1] : axesPicked.get();
      return {
        x,
        y,
        names: [all[x] ?? '', all[y] ?? ''],
        at: D === 2 ? null : (standardization.get()?.mean ?? null),
      };
    }),
    crossErrors: computed(() => crossChecks(settings.get(), data.get()), sameJson),
    request,
    shownModel: computed(() => {
      const shown = model.get();
      if (shown !== null || phase.get() !== 'idle') return shown;
      const wanted = request.get();
      return wanted === null
        ? null
        : {
            spec: wanted.spec,
            params: initialParams(wanted.spec, settings.get().seed),
            standardization: wanted.standardization,
          };
    }),
    forecastKey,
    forecast,
    estimate: computed(() => {
      const shown = data.get();
      const state = settings.get();
      if (shown === null || !valid(RUN_KEYS)) return null;
      const predicted = forecast.get();
      return describeEstimate(
        state,
        {
          samples: shown.nSamples,
          params: paramCount(specOf(state, shown, labels.get() ?? undefined)),
        },
        rates.get()[state.backend] ?? null,
        predicted !== null && predicted.key === forecastKey.get() ? predicted.ms : null,
      );
    }, sameJson),
    hints: computed(() => {
      const state = settings.get();
      return settingHints(state, state.standardize ? null : scale.get());
    }, sameJson),
    liveRows: computed(() => {
      const rows = picked.get();
      const model = takes.get();
      return rows === null || model === null ? null : prepareRows(rows, model);
    }),
  };
}
