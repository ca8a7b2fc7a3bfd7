import { BINDING, F32_BYTES } from '../layout/index.ts';
import { uintWords, uniformWords, type RunResources } from './buffers.ts';
import type { Plan } from './legacy_plan.ts';

export interface EncoderInputs {
  readonly N: number;
  readonly S: number;
  readonly lr: number;
  readonly chunkBuffers: readonly { chunk: Plan['chunks'][number]; X: GPUBuffer; y: GPUBuffer }[];
  readonly paramsBuffer: GPUBuffer;
  readonly losses: GPUBuffer;
  readonly control: GPUBuffer;
}

export type EncodeSteps = (
  encoder: GPUCommandEncoder,
  count: number,
  timestampWrites: GPUComputePassTimestampWrites | undefined,
) => number;

/** Bind groups made once; returns the function that records `count` steps into a command encoder. */
export function buildEncoder(
  device: GPUDevice,
  res: RunResources,
  plan: Plan,
  pipelines: GPUComputePipeline[],
  inputs: EncoderInputs,
): EncodeSteps {
  const { N, S, lr, chunkBuffers, paramsBuffer, losses, control } = inputs;
  const entry = (binding: number, buffer: GPUBuffer): GPUBindGroupEntry => ({
    binding,
    resource: { buffer },
  });
  if (plan.schedule === 'persistent') {
    const [pipeline] = pipelines as [GPUComputePipeline];
    const only = chunkBuffers[0];
    if (only === undefined) throw new Error('a plan always has a chunk');
    const hyper = res.buffer('hyper', 16, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        entry(BINDING.X, only.X),
        entry(BINDING.y, only.y),
        entry(BINDING.params, paramsBuffer),
        entry(BINDING.losses, losses),
        entry(BINDING.control, control),
        entry(BINDING.hyper, hyper),
      ],
    });
    let hyperSteps = -1;
    return (encoder, count, timestampWrites) => {
      // queue writes land in order with submits, so each segment sees its own step count
      if (count !== hyperSteps) device.queue.writeBuffer(hyper, 0, uniformWords(N, lr, N, count));
      hyperSteps = count;
      const pass = encoder.beginComputePass(timestampWrites ? { timestampWrites } : {});
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(1);
      pass.end();
      return 1;
    };
  }
  const [forward, reduce] = pipelines as [GPUComputePipeline, GPUComputePipeline];
  const partials = res.buffer('partials', plan.numPartials * S * F32_BYTES, GPUBufferUsage.STORAGE);
  const hyper = res.uniform('hyper', uniformWords(N, lr, plan.numPartials, 0));
  const forwardGroups = chunkBuffers.map(({ chunk, X, y }, c) => ({
    workgroups: chunk.numWorkgroups,
    bindGroup: device.createBindGroup({
      layout: forward.getBindGroupLayout(0),
      entries: [
        entry(BINDING.X, X),
        entry(BINDING.y, y),
        entry(BINDING.params, paramsBuffer),
        entry(BINDING.partials, partials),
        entry(BINDING.control, control),
        entry(
          BINDING.chunk,
          res.uniform(
            `chunk[${c}]`,
            uintWords(chunk.count, chunk.partialBase, chunk.numWorkgroups * plan.workgroupSize, 0),
          ),
        ),
      ],
    }),
  }));
  const reduceGroup = device.createBindGroup({
    layout: reduce.getBindGroupLayout(0),
    entries: [
      entry(BINDING.params, paramsBuffer),
      entry(BINDING.partials, partials),
      entry(BINDING.losses, losses),
      entry(BINDING.control, control),
      entry(BINDING.hyper, hyper),
    ],
  });
  return (encoder, count, timestampWrites) => {
    const pass = encoder.beginComputePass(timestampWrites ? { timestampWrites } : {});
    let dispatches = 0;
    for (let s = 0; s < count; s++) {
      pass.setPipeline(forward);
      for (const group of forwardGroups) {
        pass.setBindGroup(0, group.bindGroup);
        pass.dispatchWorkgroups(group.workgroups);
        dispatches++;
      }
      pass.setPipeline(reduce);
      pass.setBindGroup(0, reduceGroup);
      pass.dispatchWorkgroups(1);
      dispatches++;
    }
    pass.end();
    return dispatches;
  };
}
