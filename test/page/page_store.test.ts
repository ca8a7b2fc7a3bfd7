import { describe, expect, it } from 'vitest';
import { makeMoons } from '../../src/data/index.ts';
import { DEFAULT_STATE, type FieldKey } from '../../src/page/fields.ts';
import { createPageStore } from '../../src/page/page_store.ts';
import { signal } from '../../src/page/store.ts';

/** The store on the tutorial's settings, with a data set shown and no field refused. */
function storeWithData() {
  const settings = signal({ ...DEFAULT_STATE, hidden: [4] });
  const store = createPageStore(settings, signal<ReadonlySet<FieldKey>>(new Set()));
  store.loaded.set({
    data: makeMoons({ nSamples: 50, noise: 0.1, randomState: 0 }),
    table: null,
  });
  return { settings, store };
}

describe("the page store's model shown", () => {
  it('is the network as the seed draws it before any run, and follows the seed', () => {
    const { settings, store } = storeWithData();
    const first = store.shownModel.get();
    expect(first?.spec).toEqual(store.request.get()?.spec);
    // 2 inputs, 4 hidden units, 1 output: 2·4 + 4 weights and biases in, 4 + 1 out
    expect(first?.params.length).toBe(17);
    settings.set({ ...settings.peek(), seed: settings.peek().seed + 1 });
    const second = store.shownModel.get();
    expect(second?.spec).toEqual(first?.spec);
    expect(Array.from(second?.params ?? [])).not.toEqual(Array.from(first?.params ?? []));
  });

  it("is the session's model once there is one, and none while a run starts without one", () => {
    const { store } = storeWithData();
    const seedModel = store.shownModel.get();
    if (seedModel === null) throw new Error('no model shown before the run');
    store.phase.set('running');
    expect(store.shownModel.get()).toBeNull();
    const trained = { ...seedModel, params: new Float32Array(seedModel.params.length).fill(0.5) };
    store.model.set(trained);
    expect(store.shownModel.get()).toBe(trained);
    store.phase.set('idle');
    expect(store.shownModel.get()).toBe(trained);
  });

  it('is none without a data set to size the network on', () => {
    const store = createPageStore(signal(DEFAULT_STATE), signal<ReadonlySet<FieldKey>>(new Set()));
    expect(store.shownModel.get()).toBeNull();
  });
});
