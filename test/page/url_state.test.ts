import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPTIONS, optionSpec } from '../../src/core/options.ts';
import { GENERATOR_BOUNDS } from '../../src/data/index.ts';
import {
  DEFAULT_STATE,
  FIELD_KEYS,
  FIELDS,
  type FieldKey,
  type PageState,
} from '../../src/page/fields.ts';
import { formatState, parseState } from '../../src/page/url_state.ts';

/** Every value passes its own field's check, for the data set the state names. */
const allChecked = (state: PageState): boolean =>
  FIELD_KEYS.every((key) => {
    const field = FIELDS[key];
    const text = (field.format as (v: unknown) => string)(state[key]);
    return field.parse(text, state.dataset).ok;
  });

describe('the fields come from the one options table and the generators’ bounds', () => {
  it('every option the table puts in the address is a field, with its default', () => {
    for (const option of OPTIONS) {
      if (!('url' in option)) continue;
      const key = FIELD_KEYS.find((k) => FIELDS[k].name === option.url);
      expect(key, option.key).toBeDefined();
      expect(FIELDS[key as FieldKey].default).toEqual(option.default);
    }
  });

  it("takes each number's bounds from the table, and each generator's own", () => {
    const lr = optionSpec('lr');
    if (lr.kind !== 'number') throw new Error('lr is a number');
    expect(FIELDS.lr.bounds?.('make-classification')).toEqual({ min: lr.min, max: lr.max });
    for (const name of ['xor', 'spiral', 'make-moons'] as const) {
      const noise = GENERATOR_BOUNDS[name].find((b) => b.key === 'noise')?.interval;
      const bounds = FIELDS.noise.bounds?.(name);
      expect(bounds?.min).toBe(noise?.min);
      expect(bounds?.max).toBe(noise?.max);
    }
    // xor's noise stops where the generator's does; moons' does not
    expect(FIELDS.noise.parse('0.6', 'xor').ok).toBe(false);
    expect(FIELDS.noise.parse('0.6', 'make-moons').ok).toBe(true);
  });

  it("states a refused list item in the table's words, and keeps the choices the table lists", () => {
    const hidden = FIELDS.hidden.parse('8,5000', 'make-moons');
    expect(hidden).toEqual({
      ok: false,
      problem: 'item 2 must be a whole number from 1 to 4096, got 5000',
    });
    const optimizer = optionSpec('optimizer');
    expect(FIELDS.optimizer.choices).toEqual(optimizer.kind === 'choice' ? optimizer.choices : []);
  });
});

describe('URL state', () => {
  it('reads the defaults from an empty query, and writes them as an empty one', () => {
    expect(parseState('')).toEqual({ state: DEFAULT_STATE, notes: [] });
    expect(formatState(DEFAULT_STATE)).toBe('');
  });

  it('any query string: never throws, and every value passes its field’s check', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (query) => {
        expect(allChecked(parseState(query).state)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('any key=value pairs, including hostile ones: checked, and each refused value named in a note', () => {
    const keys = fc.constantFrom(
      ...FIELD_KEYS.map((key) => FIELDS[key].name),
      '__proto__',
      'constructor',
      'x',
    );
    const values = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.double().map(String),
      fc.integer().map(String),
      fc.constantFrom('NaN', 'Infinity', '1e309', '0x10', ' 5', '<script>', 'csv', '8,5000', 'xor'),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(keys, values), { maxLength: 8 }), (pairs) => {
        const query = new URLSearchParams(pairs).toString();
        const { state, notes } = parseState(query);
        expect(allChecked(state)).toBe(true);
        expect(state.dataset).not.toBe('csv');
        expect(Object.getPrototypeOf(state)).toBe(Object.prototype);
        expect(notes.every((note) => typeof note === 'string')).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('a state written and read back is the same state', () => {
    const generated = ['make-classification', 'make-moons', 'make-circles', 'make-blobs'] as const;
    const states = fc.record({
      ...DEFAULT_STATE,
      dataset: fc.constantFrom(...generated, 'xor', 'spiral'),
      task: fc.constant('classification'),
      classes: fc.integer({ min: 2, max: 8 }),
      samples: fc.integer({ min: 1, max: 1_000_000 }),
      classSep: fc.double({ min: 0, max: 10, noNaN: true }),
      noise: fc.double({ min: 0, max: 0.5, noNaN: true }),
      clusterStd: fc.double({ min: 0, max: 10, noNaN: true }),
      dataSeed: fc.integer({ min: 0, max: 4_294_967_295 }),
      backend: fc.constantFrom('webgpu', 'cpu'),
      hidden: fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 6 }),
      activation: fc.constantFrom('relu', 'tanh', 'sigmoid', 'linear'),
      features: fc.subarray(['x2', 'y2', 'xy', 'sinx', 'siny'] as const),
      standardize: fc.boolean(),
      optimizer: fc.constantFrom('sgd', 'momentum', 'nesterov', 'adam', 'adamw'),
      lr: fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
      regularization: fc.constantFrom('none', 'l1', 'l2'),
      regularizationRate: fc.double({ min: 0, max: 10, noNaN: true }),
      batch: fc.option(fc.integer({ min: 1, max: 1_000_000 })),
      epochs: fc.integer({ min: 1, max: 10_000_000 }),
      patience: fc.option(fc.integer({ min: 1, max: 10_000 })),
      seed: fc.integer({ min: 0, max: 4_294_967_295 }),
      split: fc.constantFrom([1, 0, 0], [0.6, 0.2, 0.2], [0.5, 0, 0.5], [0.8, 0.1, 0.1]),
      speed: fc.constantFrom('auto', '1', '10', '100', '1000', 'max'),
      points: fc.constantFrom('all', 'train', 'test'),
      logScale: fc.boolean(),
      discretize: fc.boolean(),
      tab: fc.constantFrom('train', 'bench'),
      benchSizes: fc.subarray([100, 1000, 10_000, 100_000, 1_000_000]),
      benchSteps: fc.integer({ min: 1, max: 100_000 }),
      benchRepeats: fc.integer({ min: 1, max: 20 }),
      benchBudget: fc.integer({ min: 1, max: 120 }),
      benchTfjs: fc.boolean(),
    }) as fc.Arbitrary<PageState>;
    fc.assert(
      fc.property(states, (state) => {
        const read = parseState(formatState(state));
        expect(read.notes).toEqual([]);
        // -0 reads back as 0
        const plain = JSON.parse(JSON.stringify(state)) as PageState;
        expect(JSON.parse(JSON.stringify(read.state))).toEqual(plain);
      }),
      { numRuns: 1000 },
    );
  });

  it('names what it ignores, and why, in the checks’ own words', () => {
    const { state, notes } = parseState(
      'samples=0&lr=abc&backend=tpu&dataset=csv&colour=red&hidden=8,5000',
    );
    expect(state).toEqual(DEFAULT_STATE);
    expect(notes).toEqual([
      'data set "csv" is not one this page makes; using make-classification',
      'samples "0": n_samples must be a whole number from 1 to 1 000 000 for make-classification, got 0; using "100"',
      'lr "abc": "abc" is not a number; using "0.1"',
      'backend "tpu": must be one of webgpu, cpu, got "tpu"; using "webgpu"',
      '"colour" in the address is not a setting of this page; ignored',
      'hidden "8,5000": item 2 must be a whole number from 1 to 4096, got 5000; using ""',
    ]);
  });

  it("refuses a setting its data set's generator refuses, so a shared link never fails for its reader", () => {
    const { state, notes } = parseState('dataset=xor&noise=1');
    expect(state.dataset).toBe('xor');
    expect(state.noise).toBe(DEFAULT_STATE.noise);
    expect(notes).toEqual([
      'noise "1": noise must be a number from 0 to 0.5 for xor, got 1; using "0.1"',
    ]);
  });
});
