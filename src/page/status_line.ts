/**
 * The status line under the run bar and what is said of the run for screen readers, drawn from
 * the store: the line's words, its state and the run's counts (as data attributes, for tests and
 * tools), the epoch counter, and the canvases' names, rewritten at most once a second.
 */
import { setText } from './dom.ts';
import { grouped } from './grouped.ts';
import type { PageStore } from './page_store.ts';
import { describeWeights } from './results_panel.ts';
import { computed, effect } from './store.ts';
import { accessibleName } from './throttled.ts';

export interface StatusParts {
  readonly status: HTMLElement;
  readonly epoch: HTMLElement;
  readonly dataCanvas: Element;
  readonly lossCanvas: Element;
  readonly networkSvg: Element;
}

export function connectStatusLine(store: PageStore, parts: StatusParts): void {
  const { status, epoch } = parts;
  effect(() => {
    const { state, text } = store.status.get();
    status.dataset['state'] = state;
    setText(status, text);
  });
  effect(() => {
    const { steps, losses, frames } = store.counts.get();
    Object.assign(status.dataset, {
      steps: String(steps),
      losses: String(losses),
      frames: String(frames),
    });
  });
  const epochsRun = computed(() => store.counts.get().epochs);
  effect(() => setText(epoch, grouped(epochsRun.get())));

  const names = {
    plot: accessibleName(parts.dataCanvas),
    loss: accessibleName(parts.lossCanvas),
    network: accessibleName(parts.networkSvg),
  };
  // asked on every change, rewritten at most once a second
  effect(() => {
    const model = store.model.get();
    const { steps, losses } = store.counts.get();
    names.plot.set(
      store.data.get() === null
        ? 'no data set'
        : `${store.dataSentence.get()}${model === null ? '' : `, with what the model predicts behind the points after step ${steps}`}`,
    );
    names.loss.set(`the loss curve: ${losses} losses so far. ${store.status.get().text}`);
    names.network.set(
      model === null ? 'no model yet' : `the network, ${describeWeights(model.spec, model.params)}`,
    );
  });
}
