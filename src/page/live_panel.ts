/**
 * The live figures under the loss chart: the model shown, on the training and test rows, measured
 * as the view draws it. The view sets them in the store; one effect writes the live line and,
 * while a run goes or waits paused, the Results card's figures so far.
 */
import { paramCount } from '../core/spec.ts';
import { setText } from './dom.ts';
import { grouped } from './grouped.ts';
import { describeFigures } from './live_figures.ts';
import type { LiveView } from './live_view.ts';
import { LIVE_MAX_PARAMS } from './model_field.ts';
import type { PageStore } from './page_store.ts';
import { format, type ResultsElements } from './results_panel.ts';
import { effect } from './store.ts';

export interface LiveElements {
  readonly loss: HTMLElement;
  readonly accuracy: HTMLElement;
  readonly scoreName: HTMLElement;
  readonly rows: HTMLElement;
}

export function connectLivePanel(
  store: PageStore,
  view: LiveView,
  live: LiveElements,
  results: ResultsElements,
): void {
  view.onFigures((figures) =>
    store.liveFigures.set(figures === null ? null : { figures, epoch: store.shownEpoch.peek() }),
  );
  effect(() => view.setLiveRows(store.liveRows.get()));
  // Once a run has ended, the figures last measured are of the model it left, whose epoch is the
  // one the store shows: the run's last draw and its end set the two in either order, so the
  // figures are stamped again with that epoch whichever comes last.
  effect(() => {
    const epoch = store.shownEpoch.get();
    if (store.phase.get() !== 'idle') return;
    const measured = store.liveFigures.peek();
    if (measured !== null && measured.epoch !== epoch)
      store.liveFigures.set({ ...measured, epoch });
  });
  effect(() => {
    const measured = store.liveFigures.get();
    if (measured === null) {
      for (const target of [live.loss, live.accuracy]) setText(target, '—');
      const model = store.shownModel.peek();
      const P = model === null ? 0 : paramCount(model.spec);
      setText(
        live.rows,
        P > LIVE_MAX_PARAMS
          ? `This model has ${grouped(P)} params: too many to measure and draw on the page as it trains. Its results come at the end.`
          : '',
      );
      return;
    }
    const { figures, epoch } = measured;
    const words = describeFigures(figures, epoch);
    setText(live.loss, words.loss);
    setText(live.accuracy, words.accuracy);
    setText(live.scoreName, words.scoreName);
    setText(live.rows, words.rows);
    // while a run goes (or waits paused) the Results card reads the same, so far (the phase is
    // peeked: a run just begun shows its own figures, not the last run's)
    if (store.phase.peek() !== 'idle') {
      const so = ` so far (epoch ${grouped(epoch)})`;
      setText(results.finalLoss, `${format(figures.train.loss)}${so}`);
      const { score, kind } = figures.train;
      setText(
        results.accuracy,
        `${kind === 'r2' ? `R² ${format(score)}` : `${(score * 100).toFixed(1)} %`}${so}`,
      );
    }
  });
}
