import { makeClassification } from '../data/index.ts';
import { WebGpuUnavailableError, type AdapterSummary } from '../gpu/index.ts';
import { compareBits, compareClose, type Agreement, type BitsAgreement } from './compare.ts';
import { FixtureError, type Fixtures, type ModelFixture } from './fixtures.ts';
import {
  LINEAR_TOLERANCE,
  MODEL_CASES,
  modelTolerance,
  REPEAT_RUN,
  SCHEDULES,
  type RunTolerance,
} from './tolerances.ts';
import { trainLinearCase, trainModelCase, type CaseRun, type LinearRun } from './train_case.ts';

/** One fixture trained on WebGPU and compared with PyTorch's float32 run. */
export interface CaseResult {
  readonly name: string;
  /** the fixture: file#index under the fixtures folder */
  readonly source: string;
  readonly model: string;
  readonly N: number;
  readonly D: number;
  readonly steps: number;
  /** the schedule asked for (linear cases), or null where the engine has one way */
  readonly scheduleAsked: string | null;
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
  readonly scheduleAsked: string | null;
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
  scheduleAsked: string | null,
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

const describeModel = (f: ModelFixture): string =>
  `${f.data.nFeatures}-${[...f.model.hidden, 1].join('-')} ${f.model.activation}, ${f.optimizer.name} lr ${f.optimizer.lr}, batch ${f.batchSize}`;

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

/** Every linear fixture on every schedule, against PyTorch. */
function linearJobs(fixtures: Fixtures, found: Findings): Job[] {
  return fixtures.linear.flatMap((f) =>
    SCHEDULES.map((schedule) => ({
      label: `${f.name} ${schedule}`,
      run: async () => {
        const outcome = await found.train(() => trainLinearCase(f, schedule));
        const base = {
          name: f.name,
          source: f.source,
          model: `Linear(${f.data.nFeatures},1) + Sigmoid, sgd lr ${f.lr}, full batch`,
          N: f.data.nSamples,
          D: f.data.nFeatures,
          steps: f.steps,
          scheduleAsked: schedule,
        };
        found.cases.push(caseResult(base, outcome, f, LINEAR_TOLERANCE));
      },
    })),
  );
}

/** The chosen MLP fixtures, against PyTorch. */
function modelJobs(models: readonly ModelFixture[], found: Findings): Job[] {
  return models.map((f) => ({
    label: f.name,
    run: async () => {
      const outcome = await found.train(() => trainModelCase(f));
      const base = {
        name: f.name,
        source: f.source,
        model: describeModel(f),
        N: f.data.nSamples,
        D: f.data.nFeatures,
        steps: f.losses.length,
        scheduleAsked: null,
      };
      found.cases.push(caseResult(base, outcome, f, modelTolerance(f.optimizer.name)));
    },
  }));
}

/** The repeats: the tutorial, a run large enough for many workgroups (each on every schedule), and an MLP with Adam. */
function repeatJobs(
  tutorial: LinearRun & { name: string },
  models: readonly ModelFixture[],
  found: Findings,
): Job[] {
  const large: LinearRun = {
    data: makeClassification({
      nSamples: REPEAT_RUN.nSamples,
      nFeatures: 2,
      nRedundant: 0,
      nClustersPerClass: 1,
      randomState: 0,
    }),
    initialParams: [0.1, -0.2, 0.05],
    lr: REPEAT_RUN.lr,
    steps: REPEAT_RUN.steps,
  };
  const twice = async (name: string, schedule: string | null, run: () => Promise<CaseRun>) => {
    const first = await found.train(run);
    const second = await found.train(run);
    found.repeats.push(repeatResult(name, schedule, first, second));
  };
  const runs: [string, LinearRun][] = [
    [tutorial.name, tutorial],
    [`make_classification N=${REPEAT_RUN.nSamples}, ${REPEAT_RUN.steps} steps`, large],
  ];
  const jobs: Job[] = runs.flatMap(([name, run]) =>
    SCHEDULES.map((schedule) => ({
      label: `repeat ${name} ${schedule}`,
      run: () => twice(name, schedule, () => trainLinearCase(run, schedule)),
    })),
  );
  for (const m of models.filter((f) => f.optimizer.name === 'adam')) {
    jobs.push({
      label: `repeat ${m.name}`,
      run: () => twice(m.name, null, () => trainModelCase(m)),
    });
  }
  return jobs;
}

/**
 * Trains each fixture through the public training API on WebGPU and compares every step's loss and
 * the final params with PyTorch's float32 run: every linear case on every schedule, and the chosen
 * MLP cases. Then trains a few runs twice and checks that they give identical bits.
 */
export async function runCheck(
  fixtures: Fixtures,
  onProgress?: (progress: CheckProgress) => void,
): Promise<CheckReport> {
  const start = performance.now();
  const models = MODEL_CASES.map((name) => {
    const found = fixtures.models.find((m) => m.name === name);
    if (found === undefined)
      throw new FixtureError(`${fixtures.dir}: the model fixtures hold no case named ${name}`);
    return found;
  });
  const tutorial = fixtures.linear[0];
  if (tutorial === undefined) throw new FixtureError(`${fixtures.dir}: no linear fixtures`);
  const found = new Findings();
  const jobs = [
    ...linearJobs(fixtures, found),
    ...modelJobs(models, found),
    ...repeatJobs(tutorial, models, found),
  ];
  for (const [i, job] of jobs.entries()) {
    onProgress?.({ done: i, total: jobs.length, label: job.label });
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
