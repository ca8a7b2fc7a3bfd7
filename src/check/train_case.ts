// The check's only contact with the engine: each case goes through train(), the public entry, as a
// user's code would, with the schedule forced so that both are checked.
import type { TrainOptions } from '../api/resolve.ts';
import type { Dataset } from '../data/index.ts';
import type { AdapterSummary } from '../gpu/adapter.ts';
import type { Schedule } from '../gpu/plan.ts';
import { train } from '../train.ts';

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

/** One run to train: the data and train()'s options, every one the fixture fixes. */
export interface CaseSpec {
  readonly data: Dataset;
  readonly options: TrainOptions;
}

/** A case on WebGPU through train(), on the schedule asked for. */
export async function trainCase(spec: CaseSpec, schedule: Schedule): Promise<CaseRun> {
  const result = await train(spec.data, {
    ...spec.options,
    backend: 'webgpu',
    schedule,
    // the kinds' default workgroup sizes, as the tests use: the tolerances were measured with them
    tune: false,
  });
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
