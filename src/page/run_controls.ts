/**
 * The run bar's buttons: Train, Play, Pause, Step, Stop and Reset, enabled as the store says. A
 * press while the data set is still being made is not lost: it waits for the data and then runs,
 * or, if the data set fails, says why it could not.
 */
import { RUN_KEYS, type PageStore } from './page_store.ts';
import type { RunRequest, RunSession } from './run_session.ts';
import type { SettingsForm } from './settings_form.ts';
import { effect, signal, untracked } from './store.ts';

type Action = 'train' | 'play' | 'step';

export interface RunButtons {
  readonly train: HTMLButtonElement;
  readonly play: HTMLButtonElement;
  readonly pause: HTMLButtonElement;
  readonly step: HTMLButtonElement;
  readonly stop: HTMLButtonElement;
  readonly reset: HTMLButtonElement;
  readonly retry: HTMLButtonElement;
  readonly useCpu: HTMLButtonElement;
}

export function connectRunControls(
  store: PageStore,
  form: SettingsForm,
  session: RunSession,
  buttons: RunButtons,
): void {
  /** a press made while the data set was on its way */
  const waiting = signal<Action | null>(null);

  const act = (action: Action, request: RunRequest) => {
    form.setOutsideError('hidden', null);
    if (action === 'train') session.train(request);
    else if (action === 'play') session.play(request);
    else session.step(request);
  };

  const press = (action: Action) => {
    const request = store.request.peek();
    if (request !== null) {
      waiting.set(null);
      act(action, request);
      return;
    }
    const loading = store.loading.peek();
    if (loading === null || !form.valid(RUN_KEYS)) return;
    waiting.set(action);
    store.status.set({
      state: 'waiting',
      text: `waiting for the data set (${loading.replace(/…$/, '')}): ${action === 'step' ? 'the step' : 'training'} starts as soon as it is ready`,
    });
  };

  // the press that waited: run it once the data is here, or say why it cannot run
  effect(() => {
    const action = waiting.get();
    if (action === null || store.loading.get() !== null) return;
    const request = store.request.get();
    untracked(() => {
      waiting.set(null);
      if (request !== null) {
        act(action, request);
        return;
      }
      const why = store.dataError.peek();
      store.status.set({
        state: 'refused',
        text:
          why === null
            ? 'could not start: the settings changed while the data set was made; check the fields marked'
            : `could not start: no data set (${why})`,
      });
    });
  });

  effect(() => {
    const phase = store.phase.get();
    const ready = store.request.get() !== null;
    const canWait = store.loading.get() !== null && form.valid(RUN_KEYS);
    const running = phase !== 'idle';
    buttons.train.disabled = !(ready || canWait);
    buttons.play.disabled = running
      ? phase === 'running' || phase === 'stopping'
      : !(ready || canWait);
    buttons.pause.disabled = phase !== 'running';
    buttons.step.disabled = running ? phase === 'stopping' : !(ready || canWait);
    buttons.stop.disabled = !running || phase === 'stopping';
  });

  buttons.train.addEventListener('click', () => press('train'));
  buttons.play.addEventListener('click', () => press('play'));
  buttons.step.addEventListener('click', () => press('step'));
  buttons.pause.addEventListener('click', () => session.pause());
  buttons.stop.addEventListener('click', () => session.stop());
  buttons.reset.addEventListener('click', () => {
    waiting.set(null);
    session.reset();
  });
  buttons.retry.addEventListener('click', () => press('train'));
  buttons.useCpu.addEventListener('click', () => {
    form.assign({ backend: 'cpu' });
    press('train');
  });
}
