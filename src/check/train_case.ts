// The check's only contact with the engine: each case goes through the public train(), as a
// user's code would, so re-pointing this file re-points the whole check.
import type { Schedule } from '../gpu/plan.ts';
import type { AdapterSummary } from '../gpu/index.ts';
import type { Dataset } from '../data/index.ts';
import { train, type TrainResult } from '../train.ts';
import type { ModelFixture } from './fixtures.ts';

/** What a check needs from one training run. */
export interface CaseRun {
  readonly losses: ArrayLike<number>;
  readonly params: readonly number[];
  /** the schedule that ran, as the engine reports it */
  readonly schedule: string;
  readonly workgroupSize: number | null;
  readonly dispatchCount: number;
  readonly firstBadStep: number | null;
  readonly elapsedMs: number;
  readonly adapter: AdapterSummary | null;
}

export interface LinearRun {
  readonly data: Dataset;
  readonly initialParams: readonly number[];
  readonly lr: number;
  readonly steps: number;
}

function caseRun(result: TrainResult): CaseRun {
  return {
    losses: result.stepLosses,
    params: result.model.params,
    schedule: result.run.schedule,
    workgroupSize: result.run.workgroupSize,
    dispatchCount: result.run.dispatchCount,
    firstBadStep: result.firstBadStep,
    elapsedMs: result.elapsedMs,
    adapter: result.run.adapter,
  };
}

/**
 * The tutorial's model (Linear(D,1) + Sigmoid, BCE, full-batch SGD: one epoch is one step) on
 * WebGPU. With the kind's default shapes, as the engine's tests use (tune is off): the tolerances
 * were measured with them.
 */
export async function trainLinearCase(run: LinearRun, schedule: Schedule): Promise<CaseRun> {
  return caseRun(
    await train(run.data, {
      backend: 'webgpu',
      optimizer: 'sgd',
      lr: run.lr,
      epochs: run.steps,
      initialParams: run.initialParams,
      schedule,
      tune: false,
    }),
  );
}

/** An MLP fixture on WebGPU, on the schedule asked for. */
export async function trainModelCase(fixture: ModelFixture, schedule: Schedule): Promise<CaseRun> {
  const o = fixture.optimizer;
  return caseRun(
    await train(fixture.data, {
      backend: 'webgpu',
      hidden: fixture.model.hidden,
      activation: fixture.model.activation,
      optimizer: o.name,
      lr: o.lr,
      ...(o.momentum === undefined ? {} : { momentum: o.momentum }),
      ...(o.weightDecay === undefined ? {} : { weightDecay: o.weightDecay }),
      ...(o.beta1 === undefined ? {} : { beta1: o.beta1 }),
      ...(o.beta2 === undefined ? {} : { beta2: o.beta2 }),
      ...(o.eps === undefined ? {} : { eps: o.eps }),
      batchSize: fixture.batchSize,
      epochs: fixture.epochs,
      shuffleSeed: fixture.shuffleSeed,
      initialParams: fixture.initialParams,
      schedule,
      tune: false,
    }),
  );
}
