/**
 * The page's settings in its address, so a configuration can be shared: every key and check comes
 * from the fields (src/page/fields.ts), and only what differs from the defaults is written.
 */
import {
  DEFAULT_STATE,
  FIELD_KEYS,
  FIELDS,
  type DatasetChoice,
  type FieldKey,
  type PageState,
} from './fields.ts';

const byName = new Map<string, FieldKey>(FIELD_KEYS.map((key) => [FIELDS[key].name, key]));

/**
 * Reads the state from a query string. Anything missing takes its default; anything the field's
 * check refuses takes its default too, with a note saying what was ignored and why. Never throws.
 */
export function parseState(query: string): { state: PageState; notes: string[] } {
  const params = new URLSearchParams(query);
  const notes: string[] = [];
  const state: Record<string, unknown> = { ...DEFAULT_STATE };
  // the data set first: the generators' bounds depend on it
  const datasetText = params.get(FIELDS.dataset.name);
  let dataset: DatasetChoice = DEFAULT_STATE.dataset;
  if (datasetText !== null) {
    const parsed = FIELDS.dataset.parse(datasetText, dataset);
    // a CSV is a file on the user's machine: a link cannot carry it
    if (parsed.ok && parsed.value !== 'csv') dataset = parsed.value;
    else notes.push(`data set "${datasetText}" is not one this page makes; using ${dataset}`);
  }
  state['dataset'] = dataset;
  for (const [name, raw] of params) {
    const key = byName.get(name);
    if (key === undefined) {
      notes.push(`"${name}" in the address is not a setting of this page; ignored`);
      continue;
    }
    if (key === 'dataset') continue;
    const field = FIELDS[key];
    const parsed = field.parse(raw, dataset);
    if (parsed.ok) state[key] = parsed.value;
    else
      notes.push(
        `${field.name} "${raw}": ${parsed.problem}; using ${JSON.stringify((field.format as (v: unknown) => string)(field.default))}`,
      );
  }
  return { state: state as unknown as PageState, notes };
}

/** The text a field's value takes in a control and in the address. */
export function formatField<K extends FieldKey>(key: K, value: PageState[K]): string {
  return FIELDS[key].format(value);
}

/** The query string for a state: only what differs from the defaults, so links stay short. */
export function formatState(state: PageState): string {
  const params = new URLSearchParams();
  for (const key of FIELD_KEYS) {
    if (key === 'dataset' && state.dataset === 'csv') continue;
    const text = formatField(key, state[key]);
    if (text !== formatField(key, DEFAULT_STATE[key])) params.set(FIELDS[key].name, text);
  }
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}
