import { makeClassification } from '../data/index.ts';
import type { AdapterSummary } from '../gpu/adapter.ts';
import { WebGpuUnavailableError } from '../gpu/errors.ts';
import type { Schedule } from '../gpu/plan.ts';
import { compareBits, compareClose, type Agreement, type BitsAgreement } from './compare.ts';
import { FixtureError, type CheckCase, type Fixtures } from './fixtures.ts';
import { REPEAT_RUN, RUN_TOLERANCE, SCHEDULES, type RunTolerance } from './tolerances.ts';
import { trainCase, type CaseRun, type CaseSpec } from './train_case.ts';

/** One fixture trained on WebGPU and compared with PyTorch's float32 run. */
export interface CaseResult {
  readonly name: string;
  /** the fixture: file#index under the fixtures folder */
  readonly source: string;
  readonly model: string;
  readonly N: number;
  readonly D: number;
  readonly steps: number;
  /** the schedule asked for */
  readonly scheduleAsked: string;
  readonly scheduleRan: string | null;
  readonly workgroupSize: number | null;
  readonly dispatchCount: number | null;
  readonly losses: Agreement | null;
  readonly params: Agreement | null;
  readonly firstBadStep: number | null;
  readonly elapsedMs: number | null;
  /** what went wrong when the run itself failed */
  readonly error: string | null;
  readonly ok: boolean;
}

/** The same run twice: it must give the same bits. */
export interface RepeatResult {
  readonly name: string;
  readonly scheduleAsked: string;
  readonly losses: BitsAgreement | null;
  readonly params: BitsAgreement | null;
  readonly error: string | null;
  readonly identical: boolean;
}

export interface CheckReport {
  readonly passed: boolean;
  readonly reference: string;
  readonly fixtures: string;
  readonly adapter: AdapterSummary | null;
  readonly cases: readonly CaseResult[];
  readonly repeats: readonly RepeatResult[];
  readonly elapsedMs: number;
}

export interface CheckProgress {
  readonly done: number;
  readonly total: number;
  readonly label: string;
}

interface Job {
  readonly label: string;
  run(): Promise<void>;
}

/** A run that could not finish is recorded and the check goes on; no adapter at all ends it. */
async function attempt<T>(run: () => Promise<T>): Promise<T | Error> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof WebGpuUnavailableError) throw error;
    return error instanceof Error ? error : new Error(String(error));
  }
}

function caseResult(
  base: Pick<CaseResult, 'name' | 'source' | 'model' | 'N' | 'D' | 'steps' | 'scheduleAsked'>,
  outcome: CaseRun | Error,
  expected: { losses: readonly number[]; params: readonly number[] },
  tolerance: RunTolerance,
): CaseResult {
  if (outcome instanceof Error) {
    return {
      ...base,
      scheduleRan: null,
      workgroupSize: null,
      dispatchCount: null,
      losses: null,
      params: null,
      firstBadStep: null,
      elapsedMs: null,
      error: outcome.message,
      ok: false,
    };
  }
  const losses = compareClose(outcome.losses, expected.losses, tolerance.losses);
  const params = compareClose(outcome.params, expected.params, tolerance.params);
  return {
    ...base,
    scheduleRan: outcome.schedule,
    workgroupSize: outcome.workgroupSize,
    dispatchCount: outcome.dispatchCount,
    losses,
    params,
    firstBadStep: outcome.firstBadStep,
    elapsedMs: outcome.elapsedMs,
    error: null,
    ok: losses.ok && params.ok && outcome.firstBadStep === null,
  };
}

function repeatResult(
  name: string,
  scheduleAsked: string,
  first: CaseRun | Error,
  second: CaseRun | Error,
): RepeatResult {
  if (first instanceof Error || second instanceof Error) {
    const error = (first instanceof Error ? first : (second as Error)).message;
    return { name, scheduleAsked, losses: null, params: null, error, identical: false };
  }
  const losses = compareBits(first.losses, second.losses);
  const params = compareBits(first.params, second.params);
  return {
    name,
    scheduleAsked,
    losses,
    params,
    error: null,
    identical: losses.identical && params.identical,
  };
}

/** Collects what the jobs find, and the adapter they ran on. */
class Findings {
  readonly cases: CaseResult[] = [];
  readonly repeats: RepeatResult[] = [];
  adapter: AdapterSummary | null = null;

  /** runs one training, recording the adapter it ran on */
  async train(run: () => Promise<CaseRun>): Promise<CaseRun | Error> {
    const outcome = await attempt(run);
    if (!(outcome instanceof Error)) this.adapter ??= outcome.adapter;
    return outcome;
  }
}

/** Every case on every schedule, against PyTorch. */
function caseJobs(cases: readonly CheckCase[], found: Findings): Job[] {
  return cases.flatMap((c) =>
    SCHEDULES.map((schedule) => ({
      label: `${c.name} ${schedule}`,
      run: async () => {
        const outcome = await found.train(() => trainCase(c, schedule));
        const base = {
          name: c.name,
          source: c.source,
          model: c.model,
          N: c.data.nSamples,
          D: c.data.nFeatures,
          steps: c.losses.length,
          scheduleAsked: schedule,
        };
        found.cases.push(caseResult(base, outcome, c, RUN_TOLERANCE));
      },
    })),
  );
}

/** The repeats, each on every schedule: the tutorial, a run large enough for many workgroups, and an MLP with Adam. */
function repeatJobs(
  tutorial: CheckCase,
  adam: CheckCase | undefined,
  found: Findings,
  withLarge: boolean,
): Job[] {
  const large: CaseSpec = {
    data: makeClassification({
      nSamples: REPEAT_RUN.nSamples,
      nFeatures: 2,
      nRedundant: 0,
      nClustersPerClass: 1,
      randomState: 0,
    }),
    options: { initialParams: [0.1, -0.2, 0.05], lr: REPEAT_RUN.lr, epochs: REPEAT_RUN.steps },
  };
  const twice = async (name: string, schedule: Schedule, spec: CaseSpec) => {
    const first = await found.train(() => trainCase(spec, schedule));
    const second = await found.train(() => trainCase(spec, schedule));
    found.repeats.push(repeatResult(name, schedule, first, second));
  };
  const runs: [string, CaseSpec][] = [
    [tutorial.name, tutorial],
    ...(withLarge
      ? [
          [`make_classification N=${REPEAT_RUN.nSamples}, ${REPEAT_RUN.steps} steps`, large] as [
            string,
            CaseSpec,
          ],
        ]
      : []),
    ...(adam === undefined || adam === tutorial ? [] : [[adam.name, adam] as [string, CaseSpec]]),
  ];
  return runs.flatMap(([name, spec]) =>
    SCHEDULES.map((schedule) => ({
      label: `repeat ${name} ${schedule}`,
      run: () => twice(name, schedule, spec),
    })),
  );
}

/**
 * The models a quick check trains, beside every linear run: mini-batches with momentum, and Adam
 * with weight decay. Each model compiles its own kernels, which takes SwiftShader seconds.
 */
export const QUICK_MODEL_CASES: readonly string[] = ['sigmoid_4_momentum_minibatch', 'adam_l2'];

export interface CheckOptions {
  /** every linear run, and only the models of QUICK_MODEL_CASES */
  readonly quick?: boolean;
  /** only the fixture runs of these names (with quick, of the quick set); each must exist */
  readonly cases?: readonly string[];
  readonly onProgress?: (progress: CheckProgress) => void;
}

/** A run asked for by name that the fixtures (or the quick set) do not hold. */
export class UnknownCaseError extends RangeError {
  override readonly name = 'UnknownCaseError';
}

/** The cases a check trains: all of them, or the quick set; then those named, where named. */
function chosenCases(fixtures: Fixtures, options: CheckOptions): readonly CheckCase[] {
  const set = setOfCases(fixtures, options.quick === true);
  const named = options.cases;
  if (named === undefined) return set;
  const unknown = named.filter((name) => !set.some((c) => c.name === name));
  if (unknown.length > 0)
    throw new UnknownCaseError(
      `no ${options.quick === true ? 'quick ' : ''}fixture run named ${unknown.join(', ')}; the runs are ${set.map((c) => c.name).join(', ')}`,
    );
  return set.filter((c) => named.includes(c.name));
}

function setOfCases(fixtures: Fixtures, quick: boolean): readonly CheckCase[] {
  if (!quick) return fixtures.cases;
  for (const name of QUICK_MODEL_CASES)
    if (!fixtures.cases.some((c) => c.name === name))
      throw new FixtureError(`${fixtures.dir}: the model fixtures hold no case named ${name}`);
  // every linear run (no hidden layer, for any head), and the few models named
  return fixtures.cases.filter(
    (c) =>
      c.options.hidden === undefined ||
      c.options.hidden.length === 0 ||
      QUICK_MODEL_CASES.includes(c.name),
  );
}

/**
 * Trains each fixture through train() on WebGPU, on both schedules, and compares every step's
 * loss and the final params with PyTorch's float32 run; then trains a few runs twice on each
 * schedule and checks that they give identical bits.
 */
export async function runCheck(
  fixtures: Fixtures,
  options: CheckOptions = {},
): Promise<CheckReport> {
  const start = performance.now();
  const cases = chosenCases(fixtures, options);
  const tutorial = cases[0];
  if (tutorial === undefined) throw new FixtureError(`${fixtures.dir}: no fixtures`);
  const adam = cases.find((c) => c.options.optimizer === 'adam');
  const found = new Findings();
  // runs named alone are repeated alone; otherwise a large full batch is repeated too
  const jobs = [
    ...caseJobs(cases, found),
    ...repeatJobs(tutorial, adam, found, options.cases === undefined),
  ];
  for (const [i, job] of jobs.entries()) {
    options.onProgress?.({ done: i, total: jobs.length, label: job.label });
    await job.run();
  }
  return {
    passed: found.cases.every((c) => c.ok) && found.repeats.every((r) => r.identical),
    reference:
      "PyTorch 1.13's float32 runs (tools/make_torch_fixtures.py, tools/make_torch_model_fixtures.py)",
    fixtures: fixtures.dir,
    adapter: found.adapter,
    cases: found.cases,
    repeats: found.repeats,
    elapsedMs: performance.now() - start,
  };
}
