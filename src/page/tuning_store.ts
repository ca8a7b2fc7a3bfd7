import { parseTuning, type TuningStore } from '../gpu/index.ts';

const PREFIX = 'webgpu-train:tuning:';

/** Tunings kept in localStorage, so the tuning pass runs once per adapter and browser. */
export function localStorageTuningStore(): TuningStore {
  return {
    load(key) {
      try {
        const text = localStorage.getItem(PREFIX + key);
        return text === null ? null : parseTuning(JSON.parse(text));
      } catch {
        return null; // storage off or entry unreadable: tune again
      }
    },
    save(key, tuning) {
      try {
        localStorage.setItem(PREFIX + key, JSON.stringify(tuning));
      } catch {
        // storage full or off: tuning simply runs again next time
      }
    },
  };
}
