import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BOUNDS,
  DEFAULT_STATE,
  formatState,
  parseState,
  type PageState,
} from '../../src/page/url_state.ts';

const inBounds = (state: PageState): boolean =>
  (Object.keys(BOUNDS) as (keyof typeof BOUNDS)[]).every((key) => {
    const rule = BOUNDS[key];
    const value = state[key];
    return value >= rule.min && value <= rule.max && (!rule.integer || Number.isInteger(value));
  });

describe('URL state', () => {
  it('reads the defaults from an empty query, and writes them as an empty one', () => {
    expect(parseState('')).toEqual({ state: DEFAULT_STATE, notes: [] });
    expect(formatState(DEFAULT_STATE)).toBe('');
  });

  it('any query string: never throws, and every number stays within its bounds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (query) => {
        const { state } = parseState(query);
        expect(inBounds(state)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('any key=value pairs, including hostile ones: in bounds, and each rejected value named in a note', () => {
    const keys = fc.constantFrom(
      'dataset',
      'samples',
      'classSep',
      'noise',
      'clusterStd',
      'seed',
      'lr',
      'steps',
      'backend',
      'log',
      'tab',
      'hidden',
      'activation',
      'optimizer',
      'batch',
      'features',
      'split',
      'patience',
      '__proto__',
      'constructor',
      'x',
    );
    const values = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.double().map(String),
      fc.integer().map(String),
      fc.constantFrom('NaN', 'Infinity', '1e309', '0x10', ' 5', '<script>', 'csv'),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(keys, values), { maxLength: 8 }), (pairs) => {
        const query = new URLSearchParams(pairs).toString();
        const { state, notes } = parseState(query);
        expect(inBounds(state)).toBe(true);
        expect(state.dataset).not.toBe('csv');
        expect(Object.getPrototypeOf(state)).toBe(Object.prototype);
        expect(notes.every((note) => typeof note === 'string')).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('a state written and read back is the same state', () => {
    const states = fc.record({
      dataset: fc.constantFrom(
        'make-classification',
        'make-moons',
        'make-circles',
        'make-blobs',
        'xor',
        'spiral',
      ) as fc.Arbitrary<PageState['dataset']>,
      samples: fc.integer({ min: 1, max: 1_000_000 }),
      classSep: fc.double({ min: 0, max: 10, noNaN: true }),
      noise: fc.double({ min: 0, max: 2, noNaN: true }),
      clusterStd: fc.double({ min: 0.1, max: 10, noNaN: true }),
      seed: fc.integer({ min: 0, max: 4_294_967_295 }),
      lr: fc.double({ min: 1e-4, max: 100, noNaN: true }),
      steps: fc.integer({ min: 1, max: 100_000 }),
      backend: fc.constantFrom('webgpu', 'cpu') as fc.Arbitrary<PageState['backend']>,
      logScale: fc.boolean(),
      tab: fc.constantFrom('train', 'bench') as fc.Arbitrary<PageState['tab']>,
      hidden: fc
        .array(fc.integer({ min: 1, max: 64 }), { maxLength: 6 })
        .map((widths) => widths.join(',')),
      activation: fc.constantFrom('relu', 'tanh', 'sigmoid', 'linear') as fc.Arbitrary<
        PageState['activation']
      >,
      optimizer: fc.constantFrom('sgd', 'momentum', 'nesterov', 'adam', 'adamw') as fc.Arbitrary<
        PageState['optimizer']
      >,
      batch: fc.integer({ min: 0, max: 1_000_000 }),
      features: fc.subarray(['x2', 'y2', 'xy', 'sinx', 'siny']).map((names) => names.join(',')),
      split: fc.constantFrom('1,0,0', '0.6,0.2,0.2', '0.5,0,0.5', '0.8,0.1,0.1'),
      patience: fc.integer({ min: 0, max: 10_000 }),
    });
    fc.assert(
      fc.property(states, (state) => {
        const read = parseState(formatState(state));
        expect(read.notes).toEqual([]);
        expect(read.state).toEqual({
          ...state,
          classSep: state.classSep + 0,
          noise: state.noise + 0,
          clusterStd: state.clusterStd + 0,
          lr: state.lr + 0,
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('names what it ignores', () => {
    const { state, notes } = parseState('samples=0&lr=abc&backend=tpu&dataset=csv&colour=red');
    expect(state).toEqual(DEFAULT_STATE);
    expect(notes).toEqual([
      'samples 0 is outside 1 … 1000000; using 100',
      'lr "abc" is not a number; using 0.1',
      'backend "tpu" is not webgpu or cpu; using webgpu',
      'data set "csv" is not one this page makes; using make-classification',
      '"colour" in the address is not a setting of this page; ignored',
    ]);
  });
});
