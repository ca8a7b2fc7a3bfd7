import { describe, expect, it } from 'vitest';
import { makeClassification, makeDataset } from '../../src/data/index.ts';
import {
  acquireGpu,
  GpuDeviceLostError,
  releaseGpu,
  ShaderCompileError,
  trainOnGpu,
  type GpuSchedule,
} from '../../src/gpu/index.ts';
import { compileWgsl } from '../../src/gpu/pipelines.ts';
import { installNodeWebGpu } from '../../src/node/index.ts';
import { train } from '../../src/train/index.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';

const tutorial = () =>
  makeClassification({
    nSamples: 100,
    nFeatures: 2,
    nRedundant: 0,
    nClustersPerClass: 1,
    randomState: 0,
  });

/** Points so large that w·x overflows f32 after a step or two at a huge learning rate. */
function overflowing() {
  const X = new Float64Array(64).map((_, i) => (i % 3 === 0 ? 3e37 : -2e37));
  const y = Int32Array.from({ length: 32 }, (_, i) => i % 2);
  return makeDataset(X, y, 2);
}

describe('divergence', () => {
  const gpu = useTestGpu();
  for (const schedule of ['persistent', 'multi-workgroup'] as GpuSchedule[]) {
    testWithDevice(
      `a non-finite loss or weight stops the ${schedule} run at that step, on the GPU and on the CPU alike`,
      gpu,
      async ({ context }) => {
        const data = overflowing();
        const options = { steps: 50, lr: 1e30, init: { weight: [0.5, 0.5], bias: 0 } } as const;
        const onGpu = await train(data, { ...options, backend: 'webgpu', schedule, context });
        const onCpu = await train(data, { ...options, backend: 'cpu', precision: 'f32' });
        expect(onGpu.firstBadStep).not.toBeNull();
        expect(onGpu.firstBadStep).toBe(onCpu.firstBadStep);
        const bad = onGpu.firstBadStep!;
        expect(Number.isFinite(onGpu.losses[bad]!) && onGpu.weight.every(Number.isFinite)).toBe(
          false,
        );
        expect(Array.from(onGpu.losses.subarray(bad + 1)).every(Number.isNaN)).toBe(true);
        expect(Array.from(onGpu.losses.subarray(0, bad)).every(Number.isFinite)).toBe(true);
      },
    );
  }
});

describe('cancellation', () => {
  const gpu = useTestGpu();
  testWithDevice(
    'Stop ends a run between segments, promptly, and the next run works',
    gpu,
    async ({ context }) => {
      const data = makeClassification({
        nSamples: 20_000,
        nFeatures: 2,
        nRedundant: 0,
        nClustersPerClass: 1,
        randomState: 1,
      });
      const controller = new AbortController();
      let stoppedAt = 0;
      const run = trainOnGpu(data, {
        steps: 100_000,
        lr: 0.1,
        initialParams: [0, 0, 0],
        schedule: 'multi-workgroup',
        context,
        signal: controller.signal,
        onProgress: () => {
          if (stoppedAt === 0) {
            stoppedAt = performance.now();
            controller.abort();
          }
        },
      });
      await expect(run).rejects.toThrow(/abort/i);
      // a few frames of queued GPU work at most
      expect(performance.now() - stoppedAt).toBeLessThan(2000);
      const next = await trainOnGpu(tutorial(), {
        steps: 100,
        lr: 0.1,
        initialParams: [0, 0, 0],
        context,
      });
      expect(next.stepsDone).toBe(100);
    },
  );

  it('an already-aborted signal stops the CPU backend before any step', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(train(tutorial(), { backend: 'cpu', signal: controller.signal })).rejects.toThrow(
      /abort/i,
    );
  });
});

describe('device loss', () => {
  it('destroying the device mid-run rejects the run with a clear message, and the next run gets a fresh device', async () => {
    await installNodeWebGpu();
    const first = await acquireGpu();
    const data = makeClassification({
      nSamples: 50_000,
      nFeatures: 2,
      nRedundant: 0,
      nClustersPerClass: 1,
      randomState: 2,
    });
    const run = trainOnGpu(data, {
      steps: 2000,
      lr: 0.1,
      initialParams: [0, 0, 0],
      schedule: 'multi-workgroup',
      context: first,
    });
    setTimeout(() => first.device.destroy(), 50);
    await expect(run).rejects.toThrow(GpuDeviceLostError);
    await expect(run).rejects.toThrow(/device was lost.*run again/);
    const second = await acquireGpu();
    expect(second.device).not.toBe(first.device);
    const ok = await trainOnGpu(tutorial(), {
      steps: 10,
      lr: 0.1,
      initialParams: [0, 0, 0],
      context: second,
    });
    expect(ok.stepsDone).toBe(10);
    await releaseGpu();
  });
});

describe('shader errors', () => {
  const gpu = useTestGpu();
  testWithDevice(
    'a WGSL compile error surfaces with its file, line, column and message',
    gpu,
    async ({ context }) => {
      const broken =
        '@compute @workgroup_size(1)\nfn main() {\n  let x: f32 = undefined_name;\n}\n';
      const error = await compileWgsl(
        context.device,
        'shaders/broken.wgsl',
        broken,
        {},
        (line, column) => `shaders/broken.wgsl:${line}:${column}`,
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ShaderCompileError);
      expect((error as Error).message).toMatch(/^shaders\/broken\.wgsl:3:\d+: .*undefined_name/);
    },
  );
});

describe('resources', () => {
  const gpu = useTestGpu();
  testWithDevice(
    '200 training runs in a row leave no GPU buffer alive and memory flat',
    gpu,
    async ({ context, liveBuffers }) => {
      const data = tutorial();
      const heap = (): number => process.memoryUsage().heapUsed;
      for (let i = 0; i < 20; i++)
        await trainOnGpu(data, { steps: 50, lr: 0.1, initialParams: [0, 0, 0], context });
      globalThis.gc?.();
      const before = heap();
      for (let i = 0; i < 200; i++) {
        const schedule: GpuSchedule = i % 2 === 0 ? 'persistent' : 'multi-workgroup';
        const signal = i % 3 === 0 ? new AbortController().signal : undefined;
        await trainOnGpu(data, {
          steps: 50,
          lr: 0.1,
          initialParams: [0, 0, 0],
          schedule,
          context,
          signal,
          onProgress: i % 5 === 0 ? () => undefined : undefined,
        });
        expect(liveBuffers()).toBe(0);
      }
      globalThis.gc?.();
      // the runs keep nothing: growth beyond a few MB of collector slack would be a leak
      expect(heap() - before).toBeLessThan(8 << 20);
    },
    120_000,
  );
});
