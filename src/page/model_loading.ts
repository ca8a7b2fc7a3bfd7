/**
 * A saved model loaded onto the data shown: its shape fills the Model card, it is scored on its
 * own z-score (as predict scores it), and its params become the current ones that Play trains on
 * from. A model saved from a CSV file loads only onto the same feature columns and class 1.
 */
import { labelKey, quoteText, type TableDescription } from '../data/index.ts';
import { element, setText } from './dom.ts';
import { readModelFile } from './model_files.ts';
import type { PageStore } from './page_store.ts';
import {
  clearResults,
  describeAccuracy,
  describeWeights,
  format,
  showMetrics,
} from './results_panel.ts';
import type { ResultsElements } from './results_panel.ts';
import { specOf, trainOptions } from './run_request.ts';
import type { RunSession } from './run_session.ts';
import type { SettingsForm } from './settings_form.ts';
import type { Throttled } from './throttled.ts';
import type { TrainerClient } from './trainer_client.ts';

/**
 * Why a model saved from a CSV file cannot score the file shown, or null: other feature columns
 * (in order), or the other label value read as class 1.
 */
export function columnsMismatch(
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
  const mapping = table.label?.mapping ?? undefined;
  if (
    saved.labels !== null &&
    mapping !== undefined &&
    labelKey(saved.labels.positive) !== labelKey(mapping.positive)
  )
    return `the model reads ${quoteText(saved.labels.positive)} as class 1; the data shown reads ${quoteText(mapping.positive)}: choose ${quoteText(saved.labels.positive)} under Read as class 1`;
  return null;
}

export interface ModelLoading {
  readonly store: PageStore;
  readonly form: SettingsForm;
  readonly session: RunSession;
  readonly trainer: TrainerClient;
  readonly results: ResultsElements;
  readonly news: Throttled;
}

/** Loads the model files chosen in the Results card. */
export function connectModelLoading(parts: ModelLoading): void {
  const error = element('model-error', HTMLElement);
  element('model-input', HTMLInputElement).addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = ''; // the same file chosen again is loaded again
    if (file)
      loadModel(parts, file).then(
        () => setText(error, ''),
        (failure: unknown) =>
          setText(error, failure instanceof Error ? failure.message : String(failure)),
      );
  });
}

async function loadModel(parts: ModelLoading, file: File): Promise<void> {
  const { store, form, session, trainer, results, news } = parts;
  const model = await readModelFile(file);
  const data = store.data.peek();
  if (data === null) throw new Error('there is no data set to score the model on');
  if (model.inputs !== data.nFeatures)
    throw new Error(
      `${file.name}: the model takes ${model.inputs} inputs, the data set has ${data.nFeatures}`,
    );
  const mismatch = columnsMismatch(model, store.table.peek());
  if (mismatch !== null) throw new Error(`${file.name}: ${mismatch}`);
  form.assign({
    hidden: model.hidden,
    activation: model.activation,
    features: model.features,
    standardize: model.standardization !== undefined,
  });
  const state = store.settings.peek();
  // the model's own head and outputs (a K-class model keeps its K)
  const spec = { ...specOf(state, data), head: model.head, outputs: model.outputs };
  const params = Float64Array.from(model.params);
  session.adopt({ spec, params, standardization: model.standardization ?? null });
  clearResults(results);
  setText(results.weights, describeWeights(spec, params));
  // scored on the model's own z-score, as predict does, not one fitted on the data shown
  const metrics = await trainer.score(data, {
    ...trainOptions(state),
    initialParams: model.params,
    ...(model.standardization === undefined ? {} : { standardization: model.standardization }),
  });
  showMetrics(results.metrics, results.confusion, metrics);
  setText(results.accuracy, describeAccuracy(metrics));
  // the loaded model's own loss on the training rows (no step of it was taken here)
  setText(results.finalLoss, format(metrics.losses.train));
  results.finalLoss.dataset['value'] = String(metrics.losses.train);
  store.status.set({
    state: 'loaded',
    text: `loaded ${file.name}: ${describeWeights(spec, params)}, scored on the data shown; Play trains on from it — done`,
  });
  news.set(`Loaded ${file.name}.`);
}
