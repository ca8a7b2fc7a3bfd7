/**
 * The page's controls, built from the fields (src/page/fields.ts): each gets its label, its
 * bounds, default and choices from its entry, and an error line of its own beside it, named by
 * aria-describedby. What a person types stays as typed: a value the check refuses is shown as
 * refused, never erased, and the state (and the address) keeps the last good value meanwhile.
 */
import { setOptions, setText } from './dom.ts';
import { applies, FIELD_KEYS, FIELDS, type FieldKey, type PageState } from './fields.ts';

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
    'make-classification': 'make_classification (tutorial)',
    'make-moons': 'make_moons',
    'make-circles': 'make_circles',
    'make-blobs': 'make_blobs (2 centers)',
    csv: 'your CSV',
  },
  backend: { webgpu: 'WebGPU', cpu: 'CPU (reference, f32)' },
  optimizer: {
    sgd: 'SGD',
    momentum: 'SGD + momentum 0.9',
    nesterov: 'Nesterov 0.9',
    adam: 'Adam',
    adamw: 'AdamW',
  },
  regularization: { none: 'none', l1: 'L1', l2: 'L2' },
  speed: {
    auto: 'auto (a run in about 1.5 s)',
    max: 'as fast as possible',
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
  private stateNow: PageState;
  private readonly controls = new Map<FieldKey, Control>();
  private readonly errors = new Map<FieldKey, string>();
  private readonly outside = new Map<FieldKey, string>();

  constructor(
    initial: PageState,
    /** told of every change to the state: the keys whose values changed */
    private readonly onChange: (state: PageState, changed: FieldKey[]) => void,
    /** told when any error appears or goes */
    private readonly onValidity: () => void,
  ) {
    this.stateNow = initial;
    for (const slot of document.querySelectorAll<HTMLElement>('[data-field]')) {
      const key = slot.dataset['field'] as FieldKey;
      if (!(key in FIELDS)) throw new Error(`the page has a slot for an unknown field ${key}`);
      this.build(key, slot);
    }
    this.show(initial);
  }

  get state(): PageState {
    return this.stateNow;
  }

  /** Whether the fields in `group` (all shown training and data fields by default) hold good values. */
  valid(keys: readonly FieldKey[] = FIELD_KEYS): boolean {
    return keys.every(
      (key) =>
        !applies(key, this.stateNow.dataset) || (!this.errors.has(key) && !this.outside.has(key)),
    );
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
      control.type = field.control === 'checkbox' ? 'checkbox' : field.control;
      if (field.control === 'number') {
        control.inputMode = 'decimal';
        control.step = 'any';
      }
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
    // a number input the browser cannot read gives '' with badInput set
    if (control instanceof HTMLInputElement && control.validity.badInput) return 'not a number';
    return control.value;
  }

  /** Checks a control; on `apply`, a good value becomes the state. */
  private read(key: FieldKey, apply: boolean): void {
    const field = FIELDS[key];
    const parsed = field.parse(this.text(key), this.stateNow.dataset);
    this.outside.delete(key);
    if (parsed.ok) this.errors.delete(key);
    else this.errors.set(key, parsed.problem);
    this.showError(key);
    if (parsed.ok && apply) {
      const before = field.format(this.stateNow[key] as never);
      if (before !== field.format(parsed.value as never)) {
        this.stateNow = { ...this.stateNow, [key]: parsed.value };
        const changed: FieldKey[] = [key];
        // a new data set brings its own bounds: the numbers that depend on them are checked again
        if (key === 'dataset')
          for (const other of FIELD_KEYS)
            if (FIELDS[other].datasets) changed.push(...this.recheck(other));
        this.onChange(this.stateNow, changed);
        if (key === 'dataset') this.showApplicable();
      }
    }
    this.onValidity();
  }

  /** Checks a field again (its bounds moved); returns it when its value changed. */
  private recheck(key: FieldKey): FieldKey[] {
    const field = FIELDS[key];
    this.setBounds(key);
    const parsed = field.parse(this.text(key), this.stateNow.dataset);
    if (!parsed.ok) {
      this.errors.set(key, parsed.problem);
      this.showError(key);
      return [];
    }
    this.errors.delete(key);
    this.showError(key);
    if (field.format(this.stateNow[key] as never) === field.format(parsed.value as never))
      return [];
    this.stateNow = { ...this.stateNow, [key]: parsed.value };
    return [key];
  }

  private showError(key: FieldKey): void {
    const problem = this.errors.get(key) ?? this.outside.get(key) ?? null;
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
    this.onValidity();
  }

  /** Errors found across fields (the run's size, a split for early stopping): replaces the last ones. */
  setCrossErrors(errors: Partial<Record<FieldKey, string>>): void {
    for (const key of FIELD_KEYS) {
      const message = errors[key];
      if (message === undefined) this.outside.delete(key);
      else this.outside.set(key, message);
      this.showError(key);
    }
    this.onValidity();
  }

  private setBounds(key: FieldKey): void {
    const control = this.controls.get(key);
    const bounds = FIELDS[key].bounds?.(this.stateNow.dataset);
    if (!(control instanceof HTMLInputElement) || bounds === undefined) return;
    for (const side of ['min', 'max'] as const) {
      const value = bounds[side];
      if (value === undefined) control.removeAttribute(side);
      else control.setAttribute(side, String(value));
    }
  }

  /** Shows only the data fields the chosen data set takes. */
  private showApplicable(): void {
    for (const key of FIELD_KEYS) {
      const slot = document.querySelector<HTMLElement>(`[data-field="${key}"]`);
      if (slot !== null) slot.hidden = !applies(key, this.stateNow.dataset);
    }
  }

  /** Sets every control from a state (the page's first load). */
  show(state: PageState): void {
    this.stateNow = state;
    for (const key of FIELD_KEYS) this.showValue(key);
    this.showApplicable();
  }

  /** Sets a control from the state, clearing what it refused before. */
  private showValue(key: FieldKey): void {
    const control = this.controls.get(key);
    if (control === undefined) return;
    const text = FIELDS[key].format(this.stateNow[key] as never);
    if (Array.isArray(control)) {
      const on = text.split(',');
      for (const box of control) box.checked = on.includes(box.value);
    } else if (control instanceof HTMLInputElement && control.type === 'checkbox') {
      control.checked = text === '1';
    } else control.value = text;
    this.errors.delete(key);
    this.showError(key);
    this.setBounds(key);
  }

  /**
   * Sets some fields (a loaded model's shape, the CSV data set) as if typed, and applies them;
   * what was typed in any other field stays as it was, refused or not.
   */
  assign(values: Partial<PageState>): void {
    const keys = Object.keys(values) as FieldKey[];
    const before = this.stateNow;
    this.stateNow = { ...before, ...values };
    const changed = keys.filter(
      (key) =>
        FIELDS[key].format(this.stateNow[key] as never) !==
        FIELDS[key].format(before[key] as never),
    );
    for (const key of keys) this.showValue(key);
    if (changed.includes('dataset')) {
      // a new data set brings its own bounds: the numbers that depend on them are checked again
      for (const other of FIELD_KEYS)
        if (FIELDS[other].datasets && !keys.includes(other)) changed.push(...this.recheck(other));
      this.showApplicable();
    }
    if (changed.length > 0) this.onChange(this.stateNow, changed);
    this.onValidity();
  }
}
