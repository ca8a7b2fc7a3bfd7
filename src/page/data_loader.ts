import type { Dataset, TableDescription } from '../data/index.ts';
import type { LoadedData } from './worker_protocol.ts';

/**
 * The page's current data set. Each load supersedes the one in flight (its worker is ended,
 * its outcome dropped); a load that fails leaves no data set, never the one before it.
 */
export class DataLoader {
  private shown: LoadedData | null = null;
  private pending: Promise<void> = Promise.resolve();
  private controller: AbortController | null = null;

  /** The data set shown now. */
  get current(): Dataset | null {
    return this.shown?.data ?? null;
  }

  /** How the data set shown was read from a CSV file; null for a generator's. */
  get table(): TableDescription | null {
    return this.shown?.table ?? null;
  }

  /** Makes or reads a data set; resolves once it is shown, has failed, or was superseded. */
  load(
    make: (signal: AbortSignal) => Promise<LoadedData>,
    then: {
      readonly onData: (loaded: LoadedData) => void;
      readonly onError: (message: string) => void;
    },
  ): Promise<void> {
    this.controller?.abort(new DOMException('superseded', 'AbortError'));
    const controller = new AbortController();
    this.controller = controller;
    this.pending = make(controller.signal).then(
      (loaded) => {
        if (controller.signal.aborted) return;
        this.shown = loaded;
        then.onData(loaded);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        // nothing stale stays behind Train: a data set that failed leaves none
        this.shown = null;
        then.onError(error instanceof Error ? error.message : String(error));
      },
    );
    return this.pending;
  }
}
