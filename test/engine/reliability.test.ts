import { describe, expect, it } from 'vitest';
import { makeClassification, makeDataset } from '../../src/data/index.ts';
import { acquireGpu, releaseGpu } from '../../src/gpu/device.ts';
import { GpuDeviceLostError } from '../../src/gpu/errors.ts';
import { compileResolved, resolveKernel, ShaderCompileError } from '../../src/gpu/kernels.ts';
import { GpuCapacityError } from '../../src/gpu/plan.ts';
import { installNodeWebGpu } from '../../src/node/index.ts';
import { train } from '../../src/train.ts';
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
  for (const schedule of ['fused', 'layered'] as const) {
    testWithDevice(
      `a non-finite loss or weight stops the ${schedule} run at that step, as on the CPU`,
      gpu,
      async ({ context }) => {
        const options = { epochs: 50, lr: 1e30, initialParams: [0.5, 0.5, 0] } as const;
        const onGpu = await train(overflowing(), { ...options, schedule, context });
        const onCpu = await train(overflowing(), { ...options, backend: 'cpu' });
        expect(onCpu.firstBadStep).not.toBeNull();
        expect(onGpu.firstBadStep).toBe(onCpu.firstBadStep);
        expect(onGpu.stepsDone).toBe(onCpu.stepsDone);
        const bad = onGpu.firstBadStep as number;
        expect(Array.from(onGpu.stepLosses.subarray(0, bad)).every(Number.isFinite)).toBe(true);
        expect(
          Number.isFinite(onGpu.stepLosses[bad] as number) &&
            Array.from(onGpu.lastParams).every(Number.isFinite),
        ).toBe(false);
      },
    );
  }
});

describe('stopping', () => {
  const gpu = useTestGpu();
  for (const schedule of ['fused', 'layered'] as const) {
    testWithDevice(
      `Stop ends a ${schedule} run at its next segment, and the next run works`,
      gpu,
      async ({ context }) => {
        const data = makeClassification({
          nSamples: 5000,
          nFeatures: 2,
          nRedundant: 0,
          nClustersPerClass: 1,
          randomState: 1,
        });
        const controller = new AbortController();
        let reports = 0;
        const run = train(data, {
          epochs: 100_000,
          schedule,
          context,
          signal: controller.signal,
          onProgress: () => {
            reports++;
            controller.abort();
          },
        });
        await expect(run).rejects.toThrow(/abort|stopped/i);
        // the stop took effect: no more than the segments already in flight reported
        expect(reports).toBeLessThanOrEqual(3);
        const next = await train(tutorial(), { epochs: 10, context });
        expect(next.stepsDone).toBe(10);
      },
    );
  }

  it('an already-aborted signal stops the CPU backend before any step', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(train(tutorial(), { backend: 'cpu', signal: controller.signal })).rejects.toThrow(
      /abort/i,
    );
  });
});

describe('device loss', () => {
  it('a device lost mid-run rejects the run with a clear message, and the next run gets a fresh device', async () => {
    await installNodeWebGpu();
    const first = await acquireGpu();
    const data = makeClassification({
      nSamples: 20_000,
      nFeatures: 2,
      nRedundant: 0,
      nClustersPerClass: 1,
      randomState: 2,
    });
    const run = train(data, {
      epochs: 2000,
      schedule: 'layered',
      context: first,
      // lost as soon as the first segment has reported, whenever that is
      onProgress: () => first.device.destroy(),
    });
    await expect(run).rejects.toThrow(GpuDeviceLostError);
    await expect(run).rejects.toThrow(/device was lost.*run again/);
    const second = await acquireGpu();
    expect(second.device).not.toBe(first.device);
    const ok = await train(tutorial(), { epochs: 10, context: second });
    expect(ok.stepsDone).toBe(10);
    await releaseGpu();
  });
});

describe('shader errors and capacity', () => {
  const gpu = useTestGpu();
  testWithDevice(
    'a WGSL compile error names the file, line and column it came from',
    gpu,
    async ({ context }) => {
      const broken =
        '//! import "common/finite.wgsl"\n@compute @workgroup_size(1)\nfn main() {\n  let x: f32 = undefined_name;\n}\n';
      const { code, locate } = resolveKernel('broken.wgsl', { 'broken.wgsl': broken });
      const error = await compileResolved(context.device, 'broken', code, locate, 'auto', {}).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ShaderCompileError);
      // line 4 of the file itself, although bce.wgsl's lines come before it in the module
      expect((error as Error).message).toMatch(/^shaders\/broken\.wgsl:4:\d+: .*undefined_name/);
    },
  );

  testWithDevice(
    'work the device cannot take is refused before anything is allocated',
    gpu,
    async ({ context, liveBuffers }) => {
      const before = liveBuffers();
      // far more steps of losses than one storage binding holds
      const run = train(tutorial(), {
        epochs: 10_000_000,
        schedule: 'fused',
        context,
        batchSize: 1,
      });
      await expect(run).rejects.toThrow(/steps|binding|at most/);
      expect(liveBuffers()).toBe(before);
      await expect(
        train(tutorial(), {
          hidden: [64, 64, 64, 64, 64, 64],
          schedule: 'fused',
          context,
          workgroupSize: 1024,
        }),
      ).rejects.toThrow(GpuCapacityError);
      expect(liveBuffers()).toBe(before);
    },
  );
});

describe('resources', () => {
  const gpu = useTestGpu();
  testWithDevice(
    'a hundred runs of every kind in a row leave no GPU buffer alive',
    gpu,
    async ({ context, liveBuffers }) => {
      const data = tutorial();
      for (let i = 0; i < 100; i++) {
        const schedule = i % 2 === 0 ? 'fused' : 'layered';
        const controller = new AbortController();
        const run = train(data, {
          epochs: 20,
          hidden: i % 4 < 2 ? [] : [3],
          schedule,
          context,
          ...(i % 3 === 0 ? { signal: controller.signal } : {}),
          ...(i % 5 === 0 ? { onProgress: () => controller.abort() } : {}),
        });
        await run.catch(() => undefined);
        expect(liveBuffers()).toBe(0);
      }
    },
    180_000,
  );
});
