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
  type PreparedSchedule,
  type RunBuffers,
  type ScheduleEncoder,
} from './schedule.ts';

interface Dispatch {
  readonly kernel: Kernel;
  readonly name: KernelName;
  readonly workgroups: number;
  group?: GPUBindGroup;
}

export async function prepareLayered(
  device: GPUDevice,
  plan: Plan,
  run: RunDescription,
  rows: { readonly train: number; readonly validation: number; readonly test: number },
): Promise<PreparedSchedule> {
  const generated = {
    'generated/layout': layoutWgsl(),
    'generated/model': modelWgsl(run, {
      mode: plan.mode,
      paramsShared: false,
      stateShared: false,
      fullBatch: plan.fullBatch,
    }),
    ...sampleWgsl(run, plan.mode),
  };
  const WG = plan.workgroupSize;
  const WG2 = plan.reduceWorkgroupSize;
  const compile = (name: KernelName, constants: Record<string, number>) =>
    kernelFor(device, name, generated, constants);
  const splitRows = [rows.train, rows.validation, rows.test];
  const evalSplits = [0, 1, 2].filter(
    (s) => (splitRows[s] ?? 0) > 0 && !(s === 0 && plan.fullBatch),
  );
  const [stepPartials, reduceUpdate, endStep, endEpoch, ...evals] = await Promise.all([
    compile('layered/step_partials.wgsl', { WG, X_CHUNKS: plan.chunks }),
    compile('layered/reduce_update.wgsl', { WG: WG2, R2: plan.reduceLanes }),
    compile('layered/end_step.wgsl', {}),
    compile('layered/end_epoch.wgsl', { WG: plan.reduceLanes }),
    ...evalSplits.map((s) =>
      compile('layered/eval_partials.wgsl', { WG, SPLIT: s, X_CHUNKS: plan.chunks }),
    ),
  ]);
  const kernels = [stepPartials, reduceUpdate, endStep, endEpoch, ...evals];
  const blocksFor = (n: number) => Math.max(1, Math.ceil(n / plan.evalBlockSize));
  const step: Dispatch[] = [
    { kernel: stepPartials, name: 'layered/step_partials.wgsl', workgroups: plan.blocks },
    {
      kernel: reduceUpdate,
      name: 'layered/reduce_update.wgsl',
      workgroups: Math.ceil(run.net.S / (WG2 / plan.reduceLanes)),
    },
    { kernel: endStep, name: 'layered/end_step.wgsl', workgroups: 1 },
  ];
  const epoch: Dispatch[] = [
    ...evalSplits.map((s, i) => ({
      kernel: evals[i] as Kernel,
      name: 'layered/eval_partials.wgsl' as const,
      workgroups: blocksFor(splitRows[s] ?? 0),
    })),
    { kernel: endEpoch, name: 'layered/end_epoch.wgsl', workgroups: 1 },
  ];
  // a full-batch run closes with a step without the update: the last epoch's train loss
  const finish: Dispatch[] = plan.fullBatch ? step : [];
  return {
    compileMs: kernels.reduce((sum, k) => sum + k.compileMs, 0),
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
