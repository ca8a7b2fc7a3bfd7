/**
 * The fused schedule: the whole run (or one watched segment of it) as one dispatch of one
 * workgroup, shaders/fused_train.wgsl. The params stay in workgroup memory where they fit; the
 * kernel advances the step counter itself, so nothing is written between steps.
 */
import type { RunDescription } from '../../core/run.ts';
import { layoutWgsl, runFieldOffset } from '../layout.ts';
import { bindGroup, kernelFor, type Kernel } from '../kernels.ts';
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

/** The one kernel of the fused schedule, generated for this plan. */
export function fusedSources(plan: Plan, run: RunDescription): KernelSource[] {
  const generated = {
    'generated/layout': layoutWgsl(),
    'generated/model': modelWgsl(run, {
      mode: plan.mode,
      paramsShared: plan.paramsShared,
      stateShared: plan.stateShared,
      fullBatch: plan.fullBatch,
    }),
    ...sampleWgsl(run, plan.mode, plan.unrolled),
  };
  return [
    { name: 'fused_train.wgsl', generated, constants: { WG: plan.workgroupSize }, role: 'run' },
  ];
}

/** Compiles the fused kernel for this plan; binding the run's buffers gives its encoder. */
export async function prepareFused(
  device: GPUDevice,
  plan: Plan,
  run: RunDescription,
): Promise<PreparedSchedule> {
  const [source] = fusedSources(plan, run) as [KernelSource];
  const kernel = await kernelFor(device, source.name, source.generated, source.constants);
  return {
    compileMs: kernel.compileMs,
    bind: (buffers) => bindFused(device, kernel, buffers),
  };
}

function bindFused(device: GPUDevice, kernel: Kernel, buffers: RunBuffers): ScheduleEncoder {
  const group = bindGroup(device, kernel, 'fused_train.wgsl', buffersByBinding(buffers));
  const segmentAt = runFieldOffset('segmentSteps');
  const record = (pass: GPUComputePassEncoder): void => {
    pass.setPipeline(kernel.pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(1);
  };
  return {
    encode(encoder, _first, count, timestampWrites) {
      // queued writes land between submits, so each segment's one dispatch sees its own count
      device.queue.writeBuffer(buffers.run, segmentAt, Uint32Array.of(count));
      const pass = encoder.beginComputePass(timestampWrites ? { timestampWrites } : {});
      record(pass);
      pass.end();
      return 1;
    },
    kernels: [{ role: 'run', workgroups: 1, record }],
  };
}
