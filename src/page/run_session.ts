/**
 * One run at a time, as the page's buttons drive it. Train starts afresh from the seed; Play
 * continues from the current params (the last run's, a stopped run's, or a loaded model's) when
 * the model is the same shape, and resumes a paused run; Step takes one step; Stop ends the run
 * where it stands and keeps what it reached; Reset forgets everything. Curves of continued runs
 * follow on from the ones before.
 */
import type { ModelSpec } from '../core/spec.ts';
import type { Dataset, Standardization } from '../data/index.ts';
import type { ShownModel } from './model_field.ts';
import { LossSeries, type XY } from './loss_series.ts';
import { SPLIT_COLOURS, type Curve } from './loss_chart.ts';
import type { Curves, LiveView } from './live_view.ts';
import type { RunFailure, RunHandle, TrainerClient } from './trainer_client.ts';
import type { Signal } from './store.ts';
import type { Pace, ProgressReport, RunSummary, WorkerTrainOptions } from './worker_protocol.ts';
import { grouped } from './grouped.ts';

export type Phase = 'idle' | 'running' | 'pausing' | 'paused' | 'stopping';

export interface RunRequest {
  readonly data: Dataset;
  readonly options: WorkerTrainOptions;
  readonly spec: ModelSpec;
  /** the z-score the run fits on its training split, when it standardizes */
  readonly standardization: Standardization | null;
  readonly pace: Pace;
  /** epochs when there are several steps an epoch or a split; steps for the tutorial's record */
  readonly axis: 'step' | 'epoch';
  readonly backend: 'webgpu' | 'cpu';
  /** Epochs left empty: the run goes on until paused (one run after another, see OPEN_RUN_STEPS) */
  readonly open: boolean;
}

/**
 * The status line: what goes on, in words for sighted users (rewritten often), and a state for
 * tests and tools: the phase while a run goes, else how the last thing ended (done, stopped,
 * failed, edited; the run bar's waiting and refused, a loaded model's loaded).
 */
export interface StatusLine {
  readonly state: string;
  readonly text: string;
}

/**
 * What the runs so far have done, continued runs counted on: the step shown, the whole epochs
 * run, the losses on the curve, the frames drawn.
 */
export interface RunCounts {
  readonly steps: number;
  readonly epochs: number;
  readonly losses: number;
  readonly frames: number;
}

export interface SessionEvents {
  /** news for the live region, said once */
  news(said: string): void;
  /**
   * A run ended: its summary, how it ran in a newcomer's words (its schedule, its dispatches) and
   * the loss curve as drawn, for a word on how it went.
   */
  finished(run: {
    summary: RunSummary;
    spec: ModelSpec;
    axis: 'step' | 'epoch';
    details: string;
    curve: readonly XY[];
  }): void;
  cleared(): void;
  failed(failure: RunFailure): void;
  /** work per second a finished run managed, for estimates */
  measured(backend: 'webgpu' | 'cpu', workPerSecond: number): void;
}

interface Segment {
  readonly axis: 'step' | 'epoch';
  /** a run that goes on until paused: its curves grow, its length is not shown */
  readonly open: boolean;
  readonly steps: LossSeries;
  readonly epochs: {
    readonly train: LossSeries;
    readonly validation: LossSeries;
    readonly test: LossSeries;
  };
  /** steps and epochs before this run (continued runs count on) */
  readonly stepOffset: number;
  readonly epochOffset: number;
  stepsDone: number;
  totalSteps: number;
  epochsDone: number;
  totalEpochs: number;
}

interface ActiveRun {
  readonly id: number;
  readonly handle: RunHandle;
  readonly request: RunRequest;
  readonly segment: Segment;
  /** steps a second, smoothed over the progress reports while running */
  rate: number;
  lastReport: { time: number; steps: number } | null;
  /** frames that drew new progress, and the step the last one showed */
  frames: number;
  framedSteps: number;
}

const sameShape = (a: ModelSpec, b: ModelSpec) => JSON.stringify(a) === JSON.stringify(b);
/** Where the session publishes its phase, its model, its status line and counts (the page's store). */
export interface SessionState {
  readonly phase: Signal<Phase>;
  /** the model shown and continued from: the last run's params, or a loaded model's */
  readonly model: Signal<ShownModel | null>;
  /** the epoch whose params are shown (the kept one, after early stopping) */
  readonly shownEpoch: Signal<number>;
  readonly status: Signal<StatusLine>;
  readonly counts: Signal<RunCounts>;
}

export class RunSession {
  private run: ActiveRun | null = null;
  private segments: Segment[] = [];
  private nextRunId = 1;
  /** a weight typed in while paused, set once the run has ended where it was */
  private pendingEdit: {
    readonly param: number;
    readonly value: number;
    readonly edge: string;
  } | null = null;

  constructor(
    private readonly trainer: TrainerClient,
    private readonly view: LiveView,
    private readonly state: SessionState,
    private readonly events: SessionEvents,
  ) {
    view.onFrame(() => this.afterFrame());
    view.setCurves(() => this.curves());
  }

  private get phaseNow(): Phase {
    return this.state.phase.peek();
  }

  private get current(): ShownModel | null {
    return this.state.model.peek();
  }

  private set current(model: ShownModel | null) {
    this.state.model.set(model);
  }

  private setPhase(phase: Phase): void {
    this.state.phase.set(phase);
    this.state.status.update((line) => ({ ...line, state: phase }));
  }

  /** The status line's words, with its state where one is given (else the phase's stays). */
  private say(text: string, news: string | null, state?: string): void {
    this.state.status.update((line) => ({ state: state ?? line.state, text }));
    if (news !== null) this.events.news(news);
  }

  private setCounts(counts: Partial<RunCounts>): void {
    this.state.counts.update((now) => ({ ...now, ...counts }));
  }

  /** Starts afresh from the seed. */
  train(request: RunRequest): void {
    this.drop();
    this.segments = [];
    this.events.cleared();
    this.begin(request, { paused: false, continuing: false });
  }

  /** Resumes a paused run, or continues from the current params, or starts when there are none. */
  play(request: RunRequest): void {
    if (this.run !== null) {
      if (this.phaseNow === 'paused' || this.phaseNow === 'pausing') {
        this.run.handle.resume();
        this.setPhase('running');
      }
      return;
    }
    this.begin(request, { paused: false, continuing: this.canContinue(request) });
  }

  pause(): void {
    if (this.run === null || this.phaseNow !== 'running') return;
    this.run.handle.pause();
    this.setPhase('pausing');
  }

  /** One step: of the paused run, or of a new one that continues from the current params. */
  step(request: RunRequest): void {
    if (this.run === null)
      this.begin(request, { paused: true, continuing: this.canContinue(request) });
    const run = this.run;
    if (run === null) return;
    run.handle.step(1);
    this.setPhase('pausing');
  }

  /** Ends the run where it stands; its params, losses and metrics stay. */
  stop(): void {
    if (this.run === null || this.phaseNow === 'stopping') return;
    this.run.handle.finish();
    this.setPhase('stopping');
    this.say(`stopping at step ${grouped(this.stepsShown())}…`, null);
  }

  setPace(pace: Pace): void {
    this.run?.handle.setPace(pace);
  }

  /** Forgets the run, the curves and the model (new data, or Reset). */
  reset(): void {
    this.drop();
    this.segments = [];
    this.count(undefined);
    this.current = null;
    this.view.request();
    this.events.cleared();
    // the state too: a 'done' or 'loaded' left standing would tell of a run or model now gone
    this.say('ready', null, 'idle');
  }

  /**
   * Sets one param (a weight typed in on the network) of the model shown: the current one, or
   * `untrained` (the seed's) before any run. A paused run ends where it is first, keeping its
   * params; Play then trains on from the changed model, its curves following on.
   */
  editWeight(param: number, value: number, edge: string, untrained: ShownModel | null): void {
    if (this.run !== null) {
      if (this.phaseNow !== 'paused') return;
      this.pendingEdit = { param, value, edge };
      this.stop();
      return;
    }
    const base = this.current ?? untrained;
    if (base === null) return;
    const params = Float64Array.from(base.params);
    params[param] = value;
    this.current = { ...base, params };
    this.say(
      `the weight ${edge} is now ${value}: Play trains on from here, Train starts again from the seed`,
      `The weight ${edge} is now ${value}.`,
      'edited',
    );
  }

  /** Takes a loaded model as the current one: shown now, continued by Play. */
  adopt(model: ShownModel): void {
    this.drop();
    this.segments = [];
    this.count(undefined);
    this.current = model;
    this.view.request();
  }

  private canContinue(request: RunRequest): boolean {
    return (
      this.current !== null &&
      sameShape(this.current.spec, request.spec) &&
      (this.current.standardization === null) === (request.standardization === null)
    );
  }

  /** Abandons a run in progress: nothing more is heard from it. */
  private drop(): void {
    this.pendingEdit = null;
    if (this.run === null) return;
    this.run.handle.abort();
    this.run = null;
    this.setPhase('idle');
  }

  private begin(asked: RunRequest, how: { paused: boolean; continuing: boolean }): void {
    this.drop();
    // a continued run starts from the current model: its params, and the z-score it was trained on
    // (a loaded model's own, not one fitted again on the data shown)
    const from = how.continuing ? this.current : null;
    const request: RunRequest =
      from === null
        ? asked
        : {
            ...asked,
            standardization: from.standardization,
            options: {
              ...asked.options,
              initialParams: Array.from(from.params),
              ...(from.standardization === null ? {} : { standardization: from.standardization }),
            },
          };
    const before = how.continuing ? this.segments.at(-1) : undefined;
    if (!how.continuing) this.segments = [];
    const stepOffset = before === undefined ? 0 : before.stepOffset + before.stepsDone;
    const epochOffset = before === undefined ? 0 : before.epochOffset + before.epochsDone;
    const epochs = request.options.epochs ?? 1;
    // an open-ended run's curves grow as it goes; another's buckets span its length
    const length = (n: number) => (request.open ? null : n);
    const segment: Segment = {
      axis: request.axis,
      open: request.open,
      steps: new LossSeries(length(0), stepOffset),
      epochs: {
        train: new LossSeries(length(epochs), epochOffset),
        validation: new LossSeries(length(epochs), epochOffset),
        test: new LossSeries(length(epochs), epochOffset),
      },
      stepOffset,
      epochOffset,
      stepsDone: 0,
      totalSteps: 0,
      epochsDone: 0,
      totalEpochs: epochs,
    };
    const id = this.nextRunId++;
    const handle = this.trainer.start(
      request.data,
      request.options,
      { paused: how.paused, pace: request.pace },
      {
        onProgress: (report) => this.progress(id, report),
        onHeld: (steps) => this.held(id, steps),
        onDone: (summary, report) => this.done(id, summary, report),
        onFailed: (failure) => this.failed(id, failure),
      },
    );
    this.run = {
      id,
      handle,
      request,
      segment,
      rate: 0,
      lastReport: null,
      frames: 0,
      framedSteps: 0,
    };
    this.segments.push(segment);
    this.setCounts({ frames: 0 });
    this.setPhase(how.paused ? 'pausing' : 'running');
    const origin = !how.continuing
      ? 'from the seed'
      : before === undefined
        ? 'continuing from the loaded model'
        : `continuing from step ${grouped(stepOffset)}`;
    this.say(`training on ${request.backend}, ${origin}…`, `Training on ${request.backend}.`);
  }

  private absorb(segment: Segment, report: ProgressReport): void {
    if (segment.totalSteps === 0 && !segment.open) {
      // the curve's buckets span the whole run, now that its length is known
      Object.assign(segment, { steps: new LossSeries(report.totalSteps, segment.stepOffset) });
    }
    segment.totalSteps = report.totalSteps;
    segment.stepsDone = report.stepsDone;
    segment.epochsDone = report.epochsDone;
    segment.steps.append(report.steps.values, report.steps.from);
    segment.epochs.train.append(report.epochs.train.values, report.epochs.train.from);
    segment.epochs.validation.append(
      report.epochs.validation.values,
      report.epochs.validation.from,
    );
    segment.epochs.test.append(report.epochs.test.values, report.epochs.test.from);
  }

  private progress(id: number, report: ProgressReport): void {
    const run = this.run;
    if (run === null || run.id !== id) return;
    this.absorb(run.segment, report);
    const now = performance.now();
    if (run.lastReport !== null && this.phaseNow === 'running') {
      const seconds = (now - run.lastReport.time) / 1000;
      const steps = report.stepsDone - run.lastReport.steps;
      if (seconds > 0)
        run.rate = run.rate === 0 ? steps / seconds : 0.8 * run.rate + (0.2 * steps) / seconds;
    }
    run.lastReport = { time: now, steps: report.stepsDone };
    this.count(run.segment);
    const { spec, standardization } = run.request;
    this.current = { spec, params: report.params, standardization };
  }

  private count(segment: Segment | undefined, kept: number | null = null): void {
    // told before the model they go with
    const epochs = segment === undefined ? 0 : segment.epochOffset + segment.epochsDone;
    this.setCounts({ epochs });
    this.state.shownEpoch.set(
      segment === undefined || kept === null ? epochs : segment.epochOffset + kept + 1,
    );
  }

  private held(id: number, steps: number): void {
    const run = this.run;
    if (run === null || run.id !== id || this.phaseNow === 'stopping') return;
    if (this.phaseNow !== 'pausing' && this.phaseNow !== 'paused') return;
    run.segment.stepsDone = Math.max(run.segment.stepsDone, steps);
    this.setPhase('paused');
    const at = grouped(run.segment.stepOffset + steps);
    this.setCounts({ steps: run.segment.stepOffset + steps });
    this.say(`paused at step ${at} — Play, Step or Stop`, `Paused at step ${at}.`);
  }

  private done(id: number, summary: RunSummary, report: ProgressReport): void {
    const run = this.run;
    if (run === null || run.id !== id) return;
    this.absorb(run.segment, report);
    this.run = null;
    const spec = run.request.spec;
    if (summary.bestEpoch !== null) run.segment.epochsDone = summary.epochsRun;
    this.count(run.segment, summary.bestEpoch);
    this.current = {
      spec,
      params: summary.params,
      standardization: summary.model.standardization ?? null,
    };
    this.setPhase('idle');
    const stopped =
      summary.stepsDone < summary.totalSteps &&
      !summary.stoppedEarly &&
      summary.firstBadStep === null;
    this.state.status.update((line) => ({ ...line, state: stopped ? 'stopped' : 'done' }));
    this.setCounts({ steps: run.segment.stepOffset + summary.stepsDone });
    this.events.finished({
      summary,
      spec,
      axis: run.request.axis,
      details: describeHow(summary),
      curve: this.curves().curves[0]?.points ?? [],
    });
    const trainSeconds = summary.run.timings.trainMs / 1000;
    if (!stopped && trainSeconds > 0.05)
      this.events.measured(
        summary.run.backend === 'webgpu' ? 'webgpu' : 'cpu',
        (summary.stepsDone * summary.settings.batchSize * (summary.params.length + 1)) /
          trainSeconds,
      );
    const end = describeEnd(summary, run.segment, stopped);
    this.say(end, end);
    const edit = this.pendingEdit;
    this.pendingEdit = null;
    if (edit !== null) {
      this.editWeight(edit.param, edit.value, edit.edge, null);
      return;
    }
    // an open-ended run that reached its length goes on from where it is, until paused
    const ranOut = !stopped && !summary.stoppedEarly && summary.firstBadStep === null;
    if (run.request.open && ranOut) this.begin(run.request, { paused: false, continuing: true });
  }

  private failed(id: number, failure: RunFailure): void {
    const run = this.run;
    if (run === null || run.id !== id) return;
    this.run = null;
    this.segments.pop();
    this.setPhase('idle');
    this.state.status.update((line) => ({ ...line, state: 'failed' }));
    this.events.failed(failure);
    this.say(
      `training on ${run.request.backend} failed: ${failure.message}`,
      `Training failed: ${failure.message}`,
    );
  }

  private stepsShown(): number {
    const segment = this.run?.segment ?? this.segments.at(-1);
    return segment === undefined ? 0 : segment.stepOffset + segment.stepsDone;
  }

  /** Every segment's curves, one after the other, by the latest segment's axis. */
  private curves(): Curves {
    const last = this.segments.at(-1);
    if (last === undefined) return { axis: 'step', curves: [], xMax: 1 };
    const { axis } = last;
    const join = (pick: (s: Segment) => LossSeries) =>
      this.segments.flatMap((s) => (s.axis === axis ? pick(s).points() : []));
    const curves: Curve[] =
      axis === 'step'
        ? [{ label: 'loss', colour: SPLIT_COLOURS.train, points: join((s) => s.steps) }]
        : (['train', 'validation', 'test'] as const)
            .map((split) => ({
              label: split,
              colour: SPLIT_COLOURS[split],
              points: join((s) => s.epochs[split]),
            }))
            .filter((curve, k) => k === 0 || curve.points.length > 0);
    // the axis ends where the run will end; an open-ended run's where it has got to
    const toEnd = this.run !== null && !last.open;
    const xMax =
      axis === 'step'
        ? last.stepOffset + (toEnd ? last.totalSteps : last.stepsDone) || 1
        : last.epochOffset + (toEnd ? last.totalEpochs : Math.max(1, last.epochsDone));
    return { axis, curves, xMax };
  }

  /** After each frame: the status line while running, and counters for tests and tools. */
  private afterFrame(): void {
    const run = this.run;
    const last = this.segments.at(-1);
    this.setCounts({ losses: this.segments.reduce((sum, s) => sum + s.steps.count, 0) });
    if (run === null || last === undefined) return;
    if (run.segment.stepsDone !== run.framedSteps) {
      run.framedSteps = run.segment.stepsDone;
      run.frames++;
      this.setCounts({ frames: run.frames });
    }
    if (this.phaseNow !== 'running') return;
    const { segment } = run;
    this.setCounts({ steps: segment.stepOffset + segment.stepsDone });
    const left = segment.totalSteps - segment.stepsDone;
    const eta = run.rate > 0 && !segment.open ? ` · ${formatSeconds(left / run.rate)} left` : '';
    const rate = run.rate > 0 ? ` · ${grouped(Math.round(run.rate))} steps/s` : '';
    const epoch =
      run.request.axis === 'epoch' || segment.open
        ? ` · epoch ${grouped(segment.epochOffset + segment.epochsDone)}`
        : '';
    const of = segment.open ? '' : ` of ${grouped(segment.stepOffset + segment.totalSteps)}`;
    const until = segment.open ? ' — until paused' : '';
    this.say(
      `training on ${run.request.backend}: step ${grouped(segment.stepOffset + segment.stepsDone)}${of}${epoch}${rate}${eta}${until}…`,
      null,
    );
  }
}

function formatSeconds(seconds: number): string {
  if (seconds < 1) return 'under 1 s';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  return `${Math.round(seconds / 60)} min`;
}

/** The status line at the end: what ran, how, and why it ended where it did. */
/** How a run ran, for whoever asks: its schedule and dispatches said in words a newcomer reads. */
export function describeHow(summary: RunSummary): string {
  const { run } = summary;
  if (run.backend !== 'webgpu')
    return `How it ran: the CPU reference in ${run.precision}, one step after another in the page's training worker.`;
  const schedule =
    run.schedule === 'fused'
      ? 'the fused schedule (one workgroup runs many steps in a single GPU program)'
      : run.schedule === 'wide'
        ? 'the wide schedule (each layer a matrix product over many workgroups)'
        : 'the layered schedule (many workgroups a step, one program per stage)';
  const dispatches = `${grouped(run.dispatchCount)} dispatch${run.dispatchCount === 1 ? '' : 'es'} (GPU programs launched)`;
  return `How it ran: ${schedule}, ${run.workgroupSize ?? '?'} threads a workgroup, ${dispatches}.`;
}

function describeEnd(summary: RunSummary, segment: Segment, stopped: boolean): string {
  const { run } = summary;
  const steps = segment.stepOffset + summary.stepsDone;
  const ms = run.timings.trainMs.toFixed(1);
  if (stopped)
    return `stopped at step ${grouped(steps)} of ${grouped(segment.stepOffset + summary.totalSteps)} on ${run.backend}; its params, loss and metrics are kept — stopped`;
  const early = summary.stoppedEarly
    ? `, stopped early at epoch ${summary.epochsRun} and kept epoch ${(summary.bestEpoch ?? 0) + 1}`
    : '';
  const diverged =
    summary.firstBadStep === null
      ? ''
      : ` — the loss stopped being finite at step ${summary.firstBadStep}: try a smaller learning rate`;
  return `trained ${grouped(steps)} steps on ${run.backend} in ${ms} ms${early}${diverged} — done`;
}
