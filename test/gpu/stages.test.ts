import { describe } from 'vitest';
import { F32, forwardLossGradCpu, reduceUpdateCpu } from '../../src/cpu/index.ts';
import { makeClassification } from '../../src/data/index.ts';
import { pipelineFor } from '../../src/gpu/pipelines.ts';
import { uintWords, uniformWords } from '../../src/gpu/buffers.ts';
import {
  BINDING,
  CONTROL_WORDS,
  F32_BYTES,
  NO_FAULT,
  partialStride,
} from '../../src/layout/index.ts';
import { checkClose } from '../helpers/check_close.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';

async function readBack(
  device: GPUDevice,
  source: GPUBuffer,
  bytes: number,
): Promise<Float32Array> {
  const staging = device.createBuffer({
    size: bytes,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(source, 0, staging, 0, bytes);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const values = new Float32Array(staging.getMappedRange().slice(0));
  staging.destroy();
  return values;
}

describe('each kernel against its CPU twin, one stage at a time', () => {
  const gpu = useTestGpu();
  for (const [N, D, WG, G] of [
    [100, 2, 4, 1],
    [1000, 3, 16, 8],
    [777, 8, 64, 5],
    [65, 1, 32, 3],
  ] as const) {
    testWithDevice(
      `forward_loss_grad then reduce_update: N=${N} D=${D} WG=${WG} G=${G}`,
      gpu,
      async ({ context: { device } }) => {
        const data = makeClassification({
          nSamples: N,
          nFeatures: D,
          nInformative: Math.min(D, 2),
          nRedundant: 0,
          nClustersPerClass: 1,
          randomState: N,
        });
        const X = Float32Array.from(data.X);
        const y = Float32Array.from(data.y);
        const params = Float32Array.from({ length: D + 1 }, (_, k) => 0.2 * Math.cos(k));
        const S = partialStride(D);
        const storage = (
          values: Float32Array<ArrayBuffer> | Uint32Array<ArrayBuffer>,
          extra = 0,
        ) => {
          const buffer = device.createBuffer({
            size: Math.max(16, values.byteLength),
            usage:
              GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | extra,
          });
          device.queue.writeBuffer(buffer, 0, values);
          return buffer;
        };
        const uniform = (words: ArrayBuffer) => {
          const buffer = device.createBuffer({
            size: 16,
            usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
          });
          device.queue.writeBuffer(buffer, 0, words);
          return buffer;
        };
        const bX = storage(X),
          bY = storage(y),
          bParams = storage(params);
        const bPartials = storage(new Float32Array(G * S));
        const bLosses = storage(new Float32Array(4));
        const bControl = storage(Uint32Array.of(0, NO_FAULT, 0, 0).subarray(0, CONTROL_WORDS));
        const bChunk = uniform(uintWords(N, 0, G * WG, 0));
        const bHyper = uniform(uniformWords(N, 0.1, G, 0));
        const forward = (await pipelineFor(device, 'forward_loss_grad', { WG, D })).pipeline;
        const reduce = (await pipelineFor(device, 'reduce_update', { WG, D })).pipeline;
        const entry = (binding: number, buffer: GPUBuffer) => ({ binding, resource: { buffer } });
        const encoder = device.createCommandEncoder();
        const pass = encoder.beginComputePass();
        pass.setPipeline(forward);
        pass.setBindGroup(
          0,
          device.createBindGroup({
            layout: forward.getBindGroupLayout(0),
            entries: [
              entry(BINDING.X, bX),
              entry(BINDING.y, bY),
              entry(BINDING.params, bParams),
              entry(BINDING.partials, bPartials),
              entry(BINDING.control, bControl),
              entry(BINDING.chunk, bChunk),
            ],
          }),
        );
        pass.dispatchWorkgroups(G);
        pass.end();
        device.queue.submit([encoder.finish()]);
        const gpuPartials = await readBack(device, bPartials, G * S * F32_BYTES);

        const cpuPartials = new Float32Array(G * S);
        forwardLossGradCpu(
          X,
          y,
          params,
          cpuPartials,
          N,
          D,
          { workgroupSize: WG, numWorkgroups: G },
          F32,
        );
        // same order of every addition; only exp/log (a few ulp) and fused multiply-adds differ
        checkClose(gpuPartials, cpuPartials, { rtol: 1e-5, atol: 1e-6, label: 'partials' });

        const encoder2 = device.createCommandEncoder();
        const pass2 = encoder2.beginComputePass();
        pass2.setPipeline(reduce);
        pass2.setBindGroup(
          0,
          device.createBindGroup({
            layout: reduce.getBindGroupLayout(0),
            entries: [
              entry(BINDING.params, bParams),
              entry(BINDING.partials, bPartials),
              entry(BINDING.losses, bLosses),
              entry(BINDING.control, bControl),
              entry(BINDING.hyper, bHyper),
            ],
          }),
        );
        pass2.dispatchWorkgroups(1);
        pass2.end();
        device.queue.submit([encoder2.finish()]);
        const gpuParams = await readBack(device, bParams, (D + 1) * F32_BYTES);
        const gpuLoss = await readBack(device, bLosses, F32_BYTES);
        // reduce the GPU's own partials on the CPU: this stage alone must agree to the bit
        const cpuParams = Float32Array.from(params);
        const cpuLosses = new Float32Array(1);
        reduceUpdateCpu(
          gpuPartials,
          cpuParams,
          cpuLosses,
          0,
          N,
          D,
          G,
          Math.min(WG, 2 ** Math.ceil(Math.log2(G))),
          0.1,
          F32,
        );
        checkClose(gpuLoss, cpuLosses, { rtol: 0, atol: 0, label: 'loss from the same partials' });
        checkClose(gpuParams, cpuParams, {
          rtol: 0,
          atol: 0,
          label: 'params from the same partials',
        });
        for (const b of [bX, bY, bParams, bPartials, bLosses, bControl, bChunk, bHyper])
          b.destroy();
      },
    );
  }
});

describe('train_persistent against its CPU twin', () => {
  const gpu = useTestGpu();
  testWithDevice(
    'the whole run in one dispatch equals trainPersistentCpu step by step (N=300, D=3, WG=8)',
    gpu,
    async ({ context }) => {
      const { trainOnGpu } = await import('../../src/gpu/index.ts');
      const { trainPersistentCpu } = await import('../../src/cpu/index.ts');
      const data = makeClassification({
        nSamples: 300,
        nFeatures: 3,
        nInformative: 2,
        nRedundant: 0,
        nClustersPerClass: 1,
        randomState: 4,
      });
      const initial = [0.1, -0.1, 0.2, 0];
      const out = await trainOnGpu(data, {
        steps: 200,
        lr: 0.3,
        initialParams: initial,
        schedule: 'persistent',
        workgroupSize: 8,
        context,
      });
      const params = Float32Array.from(initial);
      const losses = new Float32Array(200);
      trainPersistentCpu(
        Float32Array.from(data.X),
        Float32Array.from(data.y),
        params,
        losses,
        300,
        3,
        0,
        200,
        0.3,
        8,
        F32,
      );
      // same additions in the same order; exp and log differ by a few ulp (measured ≤ 3.5e-7)
      checkClose(out.losses, losses, { rtol: 5e-6, atol: 0, label: 'losses' });
      checkClose(out.params, params, { rtol: 5e-6, atol: 1e-6, label: 'params' });
    },
  );
});
