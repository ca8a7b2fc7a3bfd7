/**
 * The page's tuning store: what its worker measured on this adapter, kept in IndexedDB (a worker has
 * no localStorage) and held in memory, so train() reads it synchronously as a TuningStore. A page
 * that cannot open the database just forgets: the next visit tunes again.
 */
import { parseTuning, type Tuning, type TuningStore } from '../gpu/index.ts';

const DATABASE = 'webgpu-train';
const STORE = 'tuning';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB would not open'));
  });
}

/** The tunings kept on this browser, by adapter key, loaded once; saves write through. */
export async function pageTuningStore(): Promise<TuningStore> {
  const kept = new Map<string, Tuning>();
  let database: IDBDatabase | null = null;
  try {
    database = await open();
    const all = await new Promise<[IDBValidKey, unknown][]>((resolve, reject) => {
      const entries: [IDBValidKey, unknown][] = [];
      const cursor = (database as IDBDatabase)
        .transaction(STORE, 'readonly')
        .objectStore(STORE)
        .openCursor();
      cursor.onsuccess = () => {
        const at = cursor.result;
        if (at === null) return resolve(entries);
        entries.push([at.key, at.value]);
        at.continue();
      };
      cursor.onerror = () => reject(cursor.error ?? new Error('IndexedDB would not read'));
    });
    for (const [key, value] of all) {
      // an entry of another shape (an older version's) is measured again
      const tuning = parseTuning(value);
      if (typeof key === 'string' && tuning !== null) kept.set(key, tuning);
    }
  } catch {
    database = null; // private browsing, or storage turned off: memory only
  }
  return {
    load: (key) => kept.get(key) ?? null,
    save: (key, tuning) => {
      kept.set(key, tuning);
      database?.transaction(STORE, 'readwrite').objectStore(STORE).put(tuning, key);
    },
  };
}
