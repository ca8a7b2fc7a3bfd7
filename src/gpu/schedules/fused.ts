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
  type PreparedSchedule,
  type RunBuffers,
  type ScheduleEncoder,
} from './schedule.ts';

/** Compiles the fused kernel for this plan; binding the run's buffers gives its encoder. */
export async function prepareFused(
  device: GPUDevice,
  plan: Plan,
  run: RunDescription,
): Promise<PreparedSchedule> {
  const generated = {
    'generated/layout': layoutWgsl(),
    'generated/model': modelWgsl(run, {
      mode: plan.mode,
      paramsShared: plan.paramsShared,
      stateShared: plan.stateShared,
      fullBatch: plan.fullBatch,
    }),
    ...sampleWgsl(run, plan.mode),
  };
  const kernel = await kernelFor(device, 'fused_train.wgsl', generated, {
    WG: plan.workgroupSize,
  });
  return {
    compileMs: kernel.compileMs,
    bind: (buffers) => bindFused(device, kernel, buffers),
  };
}

function bindFused(device: GPUDevice, kernel: Kernel, buffers: RunBuffers): ScheduleEncoder {
  const group = bindGroup(device, kernel, 'fused_train.wgsl', buffersByBinding(buffers));
  const segmentAt = runFieldOffset('segmentSteps');
  return {
    encode(encoder, _first, count, timestampWrites) {
      // queued writes land between submits, so each segment's one dispatch sees its own count
      device.queue.writeBuffer(buffers.run, segmentAt, Uint32Array.of(count));
      const pass = encoder.beginComputePass(timestampWrites ? { timestampWrites } : {});
      pass.setPipeline(kernel.pipeline);
      pass.setBindGroup(0, group);
      pass.dispatchWorkgroups(1);
      pass.end();
      return 1;
    },
  };
}
