/**
 * The layered schedule, for batches too large for one workgroup: each step is three dispatches
 * (the blocks' partial sums, one workgroup per quantity to add them and update, one thread to
 * close the step), and each epoch adds an evaluation pass per split and one workgroup to close it.
 * Every sum runs in the plan's fixed order, so the same input gives the same bits.
 */
import type { RunDescription } from '../../core/run.ts';
import { layoutWgsl } from '../layout.ts';
import { bindGroup, kernelFor, type Kernel, type KernelName } from '../kernels.ts';
import { modelWgsl } from '../model_wgsl.ts';
import { sampleWgsl } from '../sample_wgsl.ts';
import type { Plan } from '../plan.ts';
import {
  buffersByBinding,
  type KernelSource,
  type PreparedSchedule,
  type RunBuffers,
  type ScheduleEncoder,
} from './schedule.ts';

interface Dispatch {
  readonly kernel: Kernel;
  readonly name: KernelName;
  readonly role: string;
  readonly workgroups: number;
  group?: GPUBindGroup;
}

const SPLIT_NAMES = ['train', 'validation', 'test'];

/** The layered schedule's kernels, generated for this plan: a step's three, an epoch's passes and close. */
export function layeredSources(
  plan: Plan,
  run: RunDescription,
  rows: { readonly train: number; readonly validation: number; readonly test: number },
): KernelSource[] {
  const generated = {
    'generated/layout': layoutWgsl(),
    'generated/model': modelWgsl(run, {
      mode: plan.mode,
      paramsShared: false,
      stateShared: false,
      fullBatch: plan.fullBatch,
    }),
    ...sampleWgsl(run, plan.mode, plan.unrolled),
  };
  const WG = plan.workgroupSize;
  const source = (
    name: KernelName,
    role: string,
    constants: Record<string, number>,
  ): KernelSource => ({ name, generated, constants, role });
  return [
    source('layered/step_partials.wgsl', 'step: partial sums', { WG, X_CHUNKS: plan.chunks }),
    source('layered/reduce_update.wgsl', 'step: reduce and update', {
      WG: plan.reduceWorkgroupSize,
      R2: plan.reduceLanes,
    }),
    source('layered/end_step.wgsl', 'step: close', {}),
    source('layered/end_epoch.wgsl', 'epoch: close', { WG: plan.reduceLanes }),
    ...evaluatedSplits(plan, rows).map((s) =>
      source('layered/eval_partials.wgsl', `epoch: ${SPLIT_NAMES[s]} loss`, {
        WG,
        SPLIT: s,
        X_CHUNKS: plan.chunks,
      }),
    ),
  ];
}

/** The splits an epoch evaluates: train unless full batch (the next step's loss is its loss), validation, test. */
function evaluatedSplits(
  plan: Plan,
  rows: { readonly train: number; readonly validation: number; readonly test: number },
): number[] {
  const splitRows = [rows.train, rows.validation, rows.test];
  return [0, 1, 2].filter((s) => (splitRows[s] ?? 0) > 0 && !(s === 0 && plan.fullBatch));
}

export async function prepareLayered(
  device: GPUDevice,
  plan: Plan,
  run: RunDescription,
  rows: { readonly train: number; readonly validation: number; readonly test: number },
): Promise<PreparedSchedule> {
  const sources = layeredSources(plan, run, rows);
  const start = performance.now();
  const kernels = await Promise.all(
    sources.map((s) => kernelFor(device, s.name, s.generated, s.constants)),
  );
  const compiledAt = performance.now();
  const [stepPartials, reduceUpdate, endStep, endEpoch, ...evals] = kernels as [
    Kernel,
    Kernel,
    Kernel,
    Kernel,
    ...Kernel[],
  ];
  const splitRows = [rows.train, rows.validation, rows.test];
  const blocksFor = (n: number) => Math.max(1, Math.ceil(n / plan.evalBlockSize));
  const dispatch = (i: number, kernel: Kernel, workgroups: number): Dispatch => {
    const source = sources[i] as KernelSource;
    return { kernel, name: source.name, role: source.role, workgroups };
  };
  const step: Dispatch[] = [
    dispatch(0, stepPartials, plan.blocks),
    dispatch(1, reduceUpdate, Math.ceil(run.net.S / (plan.reduceWorkgroupSize / plan.reduceLanes))),
    dispatch(2, endStep, 1),
  ];
  const epoch: Dispatch[] = [
    ...evaluatedSplits(plan, rows).map((s, i) =>
      dispatch(4 + i, evals[i] as Kernel, blocksFor(splitRows[s] ?? 0)),
    ),
    dispatch(3, endEpoch, 1),
  ];
  // a full-batch run closes with a step without the update: the last epoch's train loss
  const finish: Dispatch[] = plan.fullBatch ? step : [];
  return {
    // the wall time: the kernels compile side by side, so their own times overlap
    compileMs: kernels.some((k) => k.compileMs > 0) ? compiledAt - start : 0,
    bind: (buffers) => bindLayered(device, plan, buffers, step, epoch, finish),
  };
}

function bindLayered(
  device: GPUDevice,
  plan: Plan,
  buffers: RunBuffers,
  step: Dispatch[],
  epoch: Dispatch[],
  finish: Dispatch[],
): ScheduleEncoder {
  const byBinding = buffersByBinding(buffers);
  for (const d of [...step, ...epoch]) d.group = bindGroup(device, d.kernel, d.name, byBinding);
  const record = (pass: GPUComputePassEncoder, dispatches: readonly Dispatch[]): number => {
    for (const d of dispatches) {
      pass.setPipeline(d.kernel.pipeline);
      pass.setBindGroup(0, d.group ?? null);
      pass.dispatchWorkgroups(d.workgroups);
    }
    return dispatches.length;
  };
  return {
    kernels: [...step, ...epoch].map((d) => ({
      role: d.role,
      workgroups: d.workgroups,
      record: (pass: GPUComputePassEncoder) => record(pass, [d]),
    })),
    encode(encoder, first, count, timestampWrites) {
      const pass = encoder.beginComputePass(timestampWrites ? { timestampWrites } : {});
      let dispatches = 0;
      for (let s = first; s < first + count; s++) {
        dispatches += record(pass, step);
        if ((s + 1) % plan.stepsPerEpoch === 0) dispatches += record(pass, epoch);
      }
      pass.end();
      return dispatches;
    },
    finish(encoder) {
      if (finish.length === 0) return 0;
      const pass = encoder.beginComputePass();
      const dispatches = record(pass, finish);
      pass.end();
      return dispatches;
    },
  };
}
