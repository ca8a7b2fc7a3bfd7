/**
 * Each kernel of a plan's schedule timed alone, on the run's own buffers: llm.c's per-kernel
 * benchmark for `webgpu-train kernels`. A kernel is dispatched `repeats` times in one pass (the
 * fused kernel one step a dispatch), from the run's first step, with timestamp queries around the
 * pass where the adapter has them, else the wall time to the queue's end; the fastest of three
 * such passes, after one untimed dispatch.
 */
import { splitRows, type RunData, type RunDescription } from '../core/run.ts';
import { RunResources } from './buffers.ts';
import type { GpuContext } from './device.ts';
import { allocate, FRESH_CONTROL, OrderStream, prepareSchedule } from './execute.ts';
import { runFieldOffset } from './layout.ts';
import type { Plan } from './plan.ts';

export interface KernelTiming {
  /** what the kernel does in its schedule */
  readonly role: string;
  readonly workgroups: number;
  readonly dispatches: number;
  /** one dispatch (fused: one step) */
  readonly ms: number;
  /** from timestamp queries, or the wall time around the submit */
  readonly source: 'timestamps' | 'wall';
}

export async function timeKernels(request: {
  readonly context: GpuContext;
  readonly plan: Plan;
  readonly run: RunDescription;
  readonly data: RunData;
  readonly repeats: number;
}): Promise<{ compileMs: number; kernels: KernelTiming[] }> {
  const { context, plan, run, data } = request;
  const { device } = context;
  const res = new RunResources(device);
  try {
    const rows = splitRows(data);
    const prepared = await prepareSchedule(device, plan, run, rows);
    const buffers = allocate(res, plan, run, data, prepared);
    const encoder = prepared.bind(buffers);
    new OrderStream(
      device,
      buffers.order,
      plan,
      rows.train,
      run.batchSize,
      run.shuffleSeed,
    ).through(0);
    // the fused kernel takes one step a dispatch; no more dispatches than the run has steps
    device.queue.writeBuffer(buffers.run, runFieldOffset('segmentSteps'), Uint32Array.of(1));
    const dispatches = Math.max(1, Math.min(request.repeats, plan.totalSteps));
    // one whole step first: the wide schedule moves the params into its padded layout there
    const first = device.createCommandEncoder();
    encoder.encode(first, 0, 1);
    device.queue.submit([first.finish()]);
    const querySet = context.timestamps ? res.querySet(2) : null;
    const resolve = res.buffer(
      'timestamps',
      16,
      GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    );
    const staging = res.buffer(
      'timestamps readback',
      16,
      GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    );
    /** One pass of `count` dispatches of the kernel from a fresh run's first step: its time. */
    const timePass = async (kernel: (typeof encoder.kernels)[number], count: number) => {
      device.queue.writeBuffer(buffers.control, 0, FRESH_CONTROL);
      await device.queue.onSubmittedWorkDone();
      const commands = device.createCommandEncoder();
      const pass = commands.beginComputePass(
        querySet === null
          ? {}
          : { timestampWrites: { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } },
      );
      for (let i = 0; i < count; i++) kernel.record(pass);
      pass.end();
      if (querySet !== null) {
        commands.resolveQuerySet(querySet, 0, 2, resolve, 0);
        commands.copyBufferToBuffer(resolve, 0, staging, 0, 16);
      }
      const start = performance.now();
      device.queue.submit([commands.finish()]);
      await device.queue.onSubmittedWorkDone();
      const wallMs = performance.now() - start;
      if (querySet === null) return wallMs;
      await staging.mapAsync(GPUMapMode.READ);
      const [begin, end] = new BigInt64Array(staging.getMappedRange());
      const ms = Number((end ?? 0n) - (begin ?? 0n)) / 1e6;
      staging.unmap();
      // a negative duration is a driver artefact
      return ms > 0 ? ms : wallMs;
    };
    const kernels: KernelTiming[] = [];
    for (const kernel of encoder.kernels) {
      // a first dispatch untimed (a driver may finish preparing the pipeline there), then the
      // fastest of three passes: other work on the machine only ever adds time
      await timePass(kernel, 1);
      let best = Infinity;
      for (let pass = 0; pass < 3; pass++)
        best = Math.min(best, await timePass(kernel, dispatches));
      kernels.push({
        role: kernel.role,
        workgroups: kernel.workgroups,
        dispatches,
        ms: best / dispatches,
        source: querySet === null ? 'wall' : 'timestamps',
      });
    }
    return { compileMs: prepared.compileMs, kernels };
  } finally {
    await device.queue.onSubmittedWorkDone().catch(() => undefined);
    res.destroyAll();
  }
}
