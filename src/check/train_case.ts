// The check's only contact with the engines: each case goes through the public training API,
// as a user's code would, so re-pointing these two functions re-points the whole check.
import type { Dataset } from '../data/index.ts';
import type { AdapterSummary, GpuSchedule } from '../gpu/index.ts';
import { trainModel } from '../model/index.ts';
import { train } from '../train/index.ts';
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

/** The tutorial's model (Linear(D,1) + Sigmoid, BCE, full-batch SGD) on WebGPU through train(). */
export async function trainLinearCase(run: LinearRun, schedule: GpuSchedule): Promise<CaseRun> {
  const D = run.data.nFeatures;
  const result = await train(run.data, {
    backend: 'webgpu',
    steps: run.steps,
    lr: run.lr,
    init: { weight: run.initialParams.slice(0, D), bias: run.initialParams[D] ?? NaN },
    schedule,
    // the kinds' default workgroup sizes, as the tests use: the tolerances were measured with them
    tune: false,
  });
  return {
    losses: result.losses,
    params: [...result.weight, result.bias],
    schedule: result.schedule,
    workgroupSize: result.workgroupSize,
    dispatchCount: result.dispatchCount,
    firstBadStep: result.firstBadStep,
    elapsedMs: result.elapsedMs,
    adapter: result.adapter,
  };
}

/** An MLP fixture on WebGPU through trainModel(). */
export async function trainModelCase(fixture: ModelFixture): Promise<CaseRun> {
  const result = await trainModel(fixture.data, {
    backend: 'webgpu',
    hidden: fixture.model.hidden,
    activation: fixture.model.activation,
    optimizer: fixture.optimizer,
    batchSize: fixture.batchSize,
    epochs: fixture.epochs,
    shuffleSeed: fixture.shuffleSeed,
    initialParams: fixture.initialParams,
  });
  return {
    losses: result.stepLosses,
    params: result.model.params,
    schedule: 'model-engine',
    workgroupSize: null,
    dispatchCount: result.dispatchCount,
    firstBadStep: result.firstBadStep,
    elapsedMs: result.elapsedMs,
    adapter: result.adapter,
  };
}
