import type { PageStore } from './page_store.ts';
import { batch } from './store.ts';
import type { LoadedData } from './worker_protocol.ts';

/**
 * Loads the page's data set into the store. Each load supersedes the one in flight (its worker is
 * ended, its outcome dropped); while one is on its way the store says so (`loading`), and a load
 * that fails leaves no data set, never the one before it.
 */
export class DataLoader {
  private controller: AbortController | null = null;

  constructor(private readonly store: Pick<PageStore, 'loaded' | 'loading' | 'dataError'>) {}

  /** Makes or reads a data set, saying `what` meanwhile; resolves once it is shown, has failed, or was superseded. */
  load(
    what: string,
    make: (signal: AbortSignal) => Promise<LoadedData>,
    then: {
      readonly onData: (loaded: LoadedData) => void;
      readonly onError: (message: string) => void;
    },
  ): Promise<void> {
    this.controller?.abort(new DOMException('superseded', 'AbortError'));
    const controller = new AbortController();
    this.controller = controller;
    const { loaded, loading, dataError } = this.store;
    batch(() => {
      loading.set(what === '' ? null : what);
      dataError.set(null);
    });
    return make(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        batch(() => {
          loading.set(null);
          loaded.set(data);
          then.onData(data);
        });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const message = error instanceof Error ? error.message : String(error);
        // nothing stale stays behind Train: a data set that failed leaves none
        batch(() => {
          loading.set(null);
          loaded.set(null);
          dataError.set(message);
          then.onError(message);
        });
      },
    );
  }

  /** No data set (a CSV chosen before any file is read). */
  clear(): void {
    this.controller?.abort(new DOMException('superseded', 'AbortError'));
    this.controller = null;
    batch(() => {
      this.store.loading.set(null);
      this.store.loaded.set(null);
      this.store.dataError.set(null);
    });
  }
}
