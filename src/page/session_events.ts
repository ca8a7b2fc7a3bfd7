/**
 * What the page does as a run goes and ends: the live region's news, the results, the word
 * after a poor run and the details of how it ran, a failure put at the field it names, and the
 * rate a finished run measured.
 */
import { accuracyOf } from '../api/result.ts';
import type { Dataset } from '../data/index.ts';
import { setText } from './dom.ts';
import { FIELD_KEYS, FIELDS, type FieldKey } from './fields.ts';
import type { pageElements } from './page_elements.ts';
import type { PageStore } from './page_store.ts';
import { clearResults, showResults } from './results_panel.ts';
import type { SessionEvents } from './run_session.ts';
import type { SettingsForm } from './settings_form.ts';
import { ROLE } from './split_rows.ts';
import type { Throttled } from './throttled.ts';
import { runVerdict } from './verdict.ts';

/** The share of the training rows in their largest class: an accuracy no model needs to learn. */
function largestShare(data: Dataset | null, roles: Uint8Array | null): number | null {
  // a regression has no classes to answer with
  if (data === null || data.y instanceof Float64Array) return null;
  const counts = new Map<number, number>();
  let rows = 0;
  for (let row = 0; row < data.nSamples; row++) {
    if (roles !== null && roles[row] !== ROLE.train) continue;
    const label = data.y[row] as number;
    counts.set(label, (counts.get(label) ?? 0) + 1);
    rows++;
  }
  return rows === 0 ? null : Math.max(...counts.values()) / rows;
}

/** Trouble with the GPU that another try, or the CPU, may get past (errors cross the worker by name). */
const GPU_FAULTS = ['GpuDeviceLostError', 'GpuRunError', 'WebGpuUnavailableError'];

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

export interface SessionParts {
  readonly store: PageStore;
  readonly form: SettingsForm;
  readonly ui: ReturnType<typeof pageElements>;
  readonly news: Throttled;
}

export function sessionEvents(parts: SessionParts): SessionEvents {
  const { store, form, ui, news } = parts;
  return {
    news: (said) => news.set(said),
    finished: (run) => {
      showResults(ui.results, run);
      ui.notes.faults.hidden = true;
      setText(ui.notes.runDetails, run.details);
      const state = store.settings.peek();
      setText(
        ui.notes.verdict,
        runVerdict({
          curve: run.curve,
          diverged: run.summary.firstBadStep !== null,
          accuracy: accuracyOf(run.summary.metrics.train),
          r2: run.summary.metrics.train.head === 'regression' ? run.summary.metrics.train.r2 : null,
          chance: largestShare(store.data.peek(), store.roles.peek()),
          lr: state.lr,
          adam: state.optimizer === 'adam' || state.optimizer === 'adamw',
          scaleWarning: state.standardize ? null : store.scaleWarning.peek(),
        }) ?? '',
      );
    },
    cleared: () => {
      clearResults(ui.results);
      ui.notes.faults.hidden = true;
      setText(ui.notes.verdict, '');
      setText(ui.notes.runDetails, '');
    },
    failed: (failure) => {
      const key = fieldOf(failure.parameter);
      if (key !== null) form.setOutsideError(key, failure.message.replace(/^[^:]+: /, ''));
      ui.notes.faults.hidden = !(
        store.settings.peek().backend === 'webgpu' && GPU_FAULTS.includes(failure.name)
      );
    },
    measured: (backend, workPerSecond) => {
      // a run paced to be watched says nothing of the device's rate
      if (store.settings.peek().speed !== 'max') return;
      store.rates.update((rates) => ({ ...rates, [backend]: workPerSecond }));
    },
  };
}
