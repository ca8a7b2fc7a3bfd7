/**
 * The CPU stage each kernel twins (src/reference), timed on the same work as one dispatch, for
 * `webgpu-train kernels`: the fused kernel's step against ReferenceRun's step; the layered step's
 * partial sums against sampleForwardBackward and addSampleTerms over the batch; its reduction
 * against reduceRecords' second level and meanOf; an evaluation pass against the forward pass over
 * the split. The kernels that only move control words have no twin.
 */
import type { RunData, RunDescription } from '../core/run.ts';
import type { Plan } from '../gpu/index.ts';
import { F32 } from '../core/arithmetic.ts';
import {
  addSampleTerms,
  meanOf,
  reduceRecords,
  sampleForwardBackward,
} from '../reference/stages.ts';
import { ReferenceRun } from '../reference/train.ts';

/** The median of `repeats` timings of `work`, in ms. */
function timeMs(work: () => void, repeats: number): number {
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

/** ms of the CPU twin of the kernel in `role`, on one dispatch's work; null where there is none. */
export function twinMs(
  role: string,
  plan: Plan,
  run: RunDescription,
  data: RunData,
  repeats: number,
): number | null {
  const { net } = run;
  const X = Float32Array.from(data.train.X);
  const y = Float32Array.from(data.train.y);
  const params = Float32Array.from(run.initialParams);
  const act = new Float64Array(net.actFloats);
  const delta = new Float64Array(net.deltaFloats);
  const outputs = new Float64Array(net.spec.outputs);
  const sample = (row: number, record: Float64Array, at: number, backward: boolean) => {
    const label = y[row] as number;
    const loss = sampleForwardBackward(
      net,
      params,
      X,
      row,
      label,
      act,
      delta,
      outputs,
      backward,
      F32,
    );
    if (backward) addSampleTerms(net, record, at, loss, X, row, act, delta, F32);
    else record[at] = F32.round((record[at] as number) + loss);
  };
  const B = plan.batchSize;
  if (role === 'run') {
    // one step of the reference, as the fused kernel takes one step a dispatch
    const steps = Math.min(plan.totalSteps, Math.max(1, repeats));
    const reference = new ReferenceRun(run, data, { precision: 'f32', reduction: plan.reduction });
    return timeMs(() => reference.runSteps(1), steps);
  }
  if (role === 'step: partial sums')
    return timeMs(
      () => reduceRecords(B, net.S, plan.reduction.step, (i, r, at) => sample(i, r, at, true), F32),
      repeats,
    );
  if (role === 'step: reduce and update') {
    const partials = new Float64Array(plan.blocks * net.S).fill(1);
    return timeMs(() => {
      const sums = reduceRecords(
        plan.blocks,
        net.S,
        { blockSize: Infinity, lanes: plan.reduceLanes, lanes2: 1 },
        (g, r, at) => {
          for (let q = 0; q < net.S; q++)
            r[at + q] = F32.round((r[at + q] as number) + (partials[g * net.S + q] as number));
        },
        F32,
      );
      for (let q = 0; q < net.S; q++) sums[q] = meanOf(sums[q] as number, B, F32);
    }, repeats);
  }
  const split = /^epoch: (train|validation|test) loss$/.exec(role)?.[1];
  if (split !== undefined) {
    const set = data[split as 'train' | 'validation' | 'test'];
    if (set === null) return null;
    const Xs = Float32Array.from(set.X);
    const ys = Float32Array.from(set.y);
    const record = new Float64Array(1);
    return timeMs(() => {
      for (let row = 0; row < set.nSamples; row++) {
        const loss = sampleForwardBackward(
          net,
          params,
          Xs,
          row,
          ys[row] as number,
          act,
          delta,
          outputs,
          false,
          F32,
        );
        record[0] = F32.round((record[0] as number) + loss);
      }
    }, repeats);
  }
  return null;
}
