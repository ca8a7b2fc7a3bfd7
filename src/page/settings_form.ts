/**
 * The page's controls, built from the fields (src/page/fields.ts): each gets its label, its
 * bounds, default and choices from its entry, and an error line of its own beside it, named by
 * aria-describedby. What a person types stays as typed: a value the check refuses is shown as
 * refused, never erased, and the state (and the address) keeps the last good value meanwhile.
 */
import { setOptions, setText } from './dom.ts';
import { applies, FIELD_KEYS, FIELDS, type FieldKey, type PageState } from './fields.ts';
import { batch, signal, type Readable, type Signal } from './store.ts';

/** data-testids the page had before its fields were built from the table. */
const TEST_IDS: Partial<Record<FieldKey, string>> = {
  classSep: 'class-sep',
  clusterStd: 'cluster-std',
  dataSeed: 'data-seed',
  epochs: 'steps', // at full batch an epoch is the tutorial's step
  logScale: 'log-scale',
  benchSteps: 'bench-steps',
  benchRepeats: 'bench-repeats',
  benchBudget: 'bench-budget',
  benchTfjs: 'bench-tfjs',
};
const BOX_TEST_PREFIX: Partial<Record<FieldKey, string>> = {
  features: 'feature',
  benchSizes: 'bench-size',
};
/** How a field's choices read in a select or beside a box; the value itself where absent. */
const CHOICE_LABELS: Partial<Record<FieldKey, Readonly<Record<string, string>>>> = {
  dataset: {
    'make-classification': 'make_classification',
    'make-moons': 'make_moons',
    'make-circles': 'make_circles',
    'make-blobs': 'make_blobs',
    'regress-plane': 'plane',
    'regress-gaussian': 'multi-Gaussian',
    'make-regression': 'make_regression',
    csv: 'your CSV',
  },
  backend: { webgpu: 'WebGPU', cpu: 'CPU' },
  optimizer: {
    sgd: 'SGD',
    momentum: 'momentum',
    nesterov: 'Nesterov',
    adam: 'Adam',
    adamw: 'AdamW',
  },
  regularization: { none: 'none', l1: 'L1', l2: 'L2' },
  speed: {
    auto: 'auto',
    max: 'fastest',
    '1': '1 step a frame',
    '10': '10 steps a frame',
    '100': '100 steps a frame',
    '1000': '1000 steps a frame',
  },
  points: { all: 'all points', train: 'training points', test: 'test points' },
  features: { x2: 'x0²', y2: 'x1²', xy: 'x0·x1', sinx: 'sin x0', siny: 'sin x1' },
  benchSizes: { '100': '10²', '1000': '10³', '10000': '10⁴', '100000': '10⁵', '1000000': '10⁶' },
};
const choiceLabel = (key: FieldKey, choice: string) => CHOICE_LABELS[key]?.[choice] ?? choice;

const testId = (key: FieldKey) => TEST_IDS[key] ?? FIELDS[key].name;

type Control = HTMLInputElement | HTMLSelectElement | HTMLInputElement[];

export class SettingsForm {
  private readonly controls = new Map<FieldKey, Control>();
  /** each field's own check's complaint about what its control holds */
  private readonly errors = new Map<FieldKey, string>();
  /** errors found elsewhere (a run's checks), until the field changes */
  private readonly outside = new Map<FieldKey, string>();
  /** errors across fields (crossChecks), replaced as a whole */
  private readonly cross = new Map<FieldKey, string>();
  private readonly refused: Signal<ReadonlySet<FieldKey>> = signal(new Set<FieldKey>(), sameKeys);

  /** `settings` holds the last good value of every field; the form sets it as controls change. */
  constructor(private readonly settings: Signal<PageState>) {
    for (const slot of document.querySelectorAll<HTMLElement>('[data-field]')) {
      const key = slot.dataset['field'] as FieldKey;
      if (!(key in FIELDS)) throw new Error(`the page has a slot for an unknown field ${key}`);
      this.build(key, slot);
    }
    this.show(settings.peek());
  }

  private get stateNow(): PageState {
    return this.settings.peek();
  }

  /** The fields whose controls show an error now. */
  get invalid(): Readable<ReadonlySet<FieldKey>> {
    return this.refused;
  }

  /** Whether the fields in `keys` (every one by default) that apply to the data set hold good values. */
  valid(keys: readonly FieldKey[] = FIELD_KEYS): boolean {
    const invalid = this.refused.get();
    const dataset = this.settings.get().dataset;
    return keys.every((key) => !applies(key, dataset) || !invalid.has(key));
  }

  private build(key: FieldKey, slot: HTMLElement): void {
    const field = FIELDS[key];
    const id = field.name;
    const errorId = `field-error-${id}`;
    const error = document.createElement('p');
    error.className = 'field-error';
    error.id = errorId;
    error.dataset['testid'] = errorId;
    error.hidden = true;
    slot.classList.add('field', `field-${field.control}`);
    slot.title = field.help;
    if (field.control === 'checkboxes') {
      const set = document.createElement('fieldset');
      set.setAttribute('aria-describedby', errorId);
      const legend = document.createElement('legend');
      legend.textContent = field.label;
      set.append(legend);
      const boxes = (field.choices ?? []).map((choice) => {
        const label = document.createElement('label');
        label.className = 'inline';
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.value = choice;
        box.name = id;
        box.dataset['testid'] = `${BOX_TEST_PREFIX[key] ?? id}-${choice}`;
        box.addEventListener('change', () => this.read(key, true));
        label.append(box, ` ${choiceLabel(key, choice)}`);
        set.append(label);
        return box;
      });
      slot.append(set, error);
      this.controls.set(key, boxes);
      return;
    }
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = field.label;
    let control: HTMLInputElement | HTMLSelectElement;
    if (field.control === 'select') {
      control = document.createElement('select');
      setOptions(
        control,
        (field.choices ?? []).map((choice) => ({ value: choice, label: choiceLabel(key, choice) })),
      );
    } else {
      control = document.createElement('input');
      // a number is typed as text: the browser's number input drops what it cannot read as it is
      // typed ("abc" became ""), where a text input keeps it for the field's own check to name
      control.type = field.control === 'checkbox' ? 'checkbox' : 'text';
      if (field.control === 'number') control.inputMode = 'decimal';
      if (field.placeholder !== undefined) control.placeholder = field.placeholder;
      control.autocomplete = 'off';
    }
    control.id = id;
    control.dataset['testid'] = testId(key);
    control.setAttribute('aria-describedby', errorId);
    control.addEventListener('change', () => this.read(key, true));
    if (field.control !== 'select' && field.control !== 'checkbox')
      control.addEventListener('input', () => this.read(key, false));
    if (field.control === 'checkbox') {
      label.prepend(control, ' ');
      label.className = 'inline';
      slot.append(label, error);
    } else slot.append(label, control, error);
    this.controls.set(key, control);
  }

  /** The text a control holds now. */
  private text(key: FieldKey): string {
    const control = this.controls.get(key);
    if (control === undefined) return FIELDS[key].format(this.stateNow[key] as never);
    if (Array.isArray(control))
      return control
        .filter((box) => box.checked)
        .map((box) => box.value)
        .join(',');
    if (control instanceof HTMLInputElement && control.type === 'checkbox')
      return control.checked ? '1' : '0';
    return control.value;
  }

  /** Checks a control; on `apply`, a good value becomes the state. */
  private read(key: FieldKey, apply: boolean): void {
    // the new value and the errors reach the store together
    batch(() => this.readNow(key, apply));
  }

  private readNow(key: FieldKey, apply: boolean): void {
    const field = FIELDS[key];
    const parsed = field.parse(this.text(key), this.stateNow.dataset);
    this.outside.delete(key);
    if (parsed.ok) this.errors.delete(key);
    else this.errors.set(key, parsed.problem);
    this.showError(key);
    if (parsed.ok && apply) {
      const before = field.format(this.stateNow[key] as never);
      if (before !== field.format(parsed.value as never)) {
        let next: PageState = { ...this.stateNow, [key]: parsed.value };
        // a new data set brings its own bounds: the numbers that depend on them are checked again
        if (key === 'dataset')
          for (const other of FIELD_KEYS)
            if (FIELDS[other].datasets) next = this.recheck(other, next);
        this.settings.set(next);
        if (key === 'dataset') this.showApplicable();
      }
    }
    this.publish();
  }

  /** Checks a field again (its bounds moved); returns the state with its value, where good. */
  private recheck(key: FieldKey, state: PageState): PageState {
    const field = FIELDS[key];
    this.setBounds(key, state.dataset);
    const parsed = field.parse(this.text(key), state.dataset);
    if (!parsed.ok) {
      this.errors.set(key, parsed.problem);
      this.showError(key);
      return state;
    }
    this.errors.delete(key);
    this.showError(key);
    if (field.format(state[key] as never) === field.format(parsed.value as never)) return state;
    return { ...state, [key]: parsed.value };
  }

  /** Tells the store which fields are refused now. */
  private publish(): void {
    this.refused.set(
      new Set([...this.errors.keys(), ...this.outside.keys(), ...this.cross.keys()]),
    );
  }

  private showError(key: FieldKey): void {
    const problem = this.errors.get(key) ?? this.outside.get(key) ?? this.cross.get(key) ?? null;
    const element = document.getElementById(`field-error-${FIELDS[key].name}`);
    const control = this.controls.get(key);
    if (element !== null) {
      setText(element, problem ?? '');
      element.hidden = problem === null;
    }
    const targets = control === undefined ? [] : Array.isArray(control) ? control : [control];
    for (const target of targets) target.setAttribute('aria-invalid', String(problem !== null));
  }

  /** An error found elsewhere (the run's own checks, the data), shown at its field until it changes. */
  setOutsideError(key: FieldKey, message: string | null): void {
    if (message === null) this.outside.delete(key);
    else this.outside.set(key, message);
    this.showError(key);
    this.publish();
  }

  /** Errors found across fields (the run's size, a split for early stopping): replaces the last ones. */
  setCrossErrors(errors: Partial<Record<FieldKey, string>>): void {
    for (const key of FIELD_KEYS) {
      const message = errors[key];
      if (message === undefined) this.cross.delete(key);
      else this.cross.set(key, message);
      this.showError(key);
    }
    this.publish();
  }

  private setBounds(key: FieldKey, dataset = this.stateNow.dataset): void {
    const control = this.controls.get(key);
    const bounds = FIELDS[key].bounds?.(dataset);
    if (!(control instanceof HTMLInputElement) || bounds === undefined) return;
    for (const side of ['min', 'max'] as const) {
      const value = bounds[side];
      if (value === undefined) control.removeAttribute(side);
      else control.setAttribute(side, String(value));
    }
  }

  /** Offers only the choices `allowed` keeps in a select (the data sets of the problem type). */
  limitChoices(key: FieldKey, allowed: (choice: string) => boolean): void {
    const control = this.controls.get(key);
    if (!(control instanceof HTMLSelectElement)) return;
    for (const option of control.options) option.hidden = !allowed(option.value);
  }

  /** Shows only the data fields the chosen data set takes. */
  private showApplicable(state = this.stateNow): void {
    for (const key of FIELD_KEYS) {
      const slot = document.querySelector<HTMLElement>(`[data-field="${key}"]`);
      if (slot !== null) slot.hidden = !applies(key, state.dataset);
    }
  }

  /** Sets every control from the state (the page's first load). */
  private show(state: PageState): void {
    for (const key of FIELD_KEYS) this.showValue(key, state);
    this.showApplicable(state);
  }

  /** Sets a control from the state, clearing what it refused before. */
  private showValue(key: FieldKey, state: PageState): void {
    const control = this.controls.get(key);
    if (control === undefined) return;
    const text = FIELDS[key].format(state[key] as never);
    if (Array.isArray(control)) {
      const on = text.split(',');
      for (const box of control) box.checked = on.includes(box.value);
    } else if (control instanceof HTMLInputElement && control.type === 'checkbox') {
      control.checked = text === '1';
    } else control.value = text;
    this.errors.delete(key);
    this.showError(key);
    this.setBounds(key, state.dataset);
  }

  /**
   * Sets some fields (a loaded model's shape, the CSV data set) as if typed, and applies them;
   * what was typed in any other field stays as it was, refused or not.
   */
  assign(values: Partial<PageState>): void {
    batch(() => this.assignNow(values));
  }

  private assignNow(values: Partial<PageState>): void {
    const keys = Object.keys(values) as FieldKey[];
    const before = this.stateNow;
    let next: PageState = { ...before, ...values };
    for (const key of keys) this.showValue(key, next);
    if (next.dataset !== before.dataset) {
      // a new data set brings its own bounds: the numbers that depend on them are checked again
      for (const other of FIELD_KEYS)
        if (FIELDS[other].datasets && !keys.includes(other)) next = this.recheck(other, next);
      this.showApplicable(next);
    }
    const changed = FIELD_KEYS.some(
      (key) => FIELDS[key].format(next[key] as never) !== FIELDS[key].format(before[key] as never),
    );
    if (changed) this.settings.set(next);
    this.publish();
  }
}

function sameKeys(a: ReadonlySet<FieldKey>, b: ReadonlySet<FieldKey>): boolean {
  return a.size === b.size && [...a].every((key) => b.has(key));
}
