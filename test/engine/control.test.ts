import { describe, expect, onTestFinished, vi } from 'vitest';
import { RunControl } from '../../src/core/control.ts';
import type { TrainProgress } from '../../src/api/result.ts';
import { makeMoons } from '../../src/data/index.ts';
import type { GpuContext } from '../../src/gpu/device.ts';
import { train, type TrainCallOptions } from '../../src/train.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';

/** A segment's GPU work on the test's clock: each readback comes back this much later. */
const GPU_MS_PER_SEGMENT = 5;

/**
 * A clock of the test's own for the engine's rate measure (performance.now): it moves only when
 * the test moves it, and when a readback of `device` comes back (a segment's GPU work). The CPU's
 * work takes no time on it; a hold or a stall takes exactly what the test says. How the segments
 * grow then follows from what the rate counts, whatever the machine's load today.
 */
function useTestClock(device: GPUDevice): { advance(ms: number): void } {
  let nowMs = 1_000;
  const advance = (ms: number) => {
    nowMs += ms;
  };
  const now = vi.spyOn(performance, 'now').mockImplementation(() => nowMs);
  const createBuffer = device.createBuffer;
  device.createBuffer = (descriptor: GPUBufferDescriptor): GPUBuffer => {
    const buffer = createBuffer.call(device, descriptor);
    const mapAsync = buffer.mapAsync.bind(buffer);
    buffer.mapAsync = (...args: Parameters<GPUBuffer['mapAsync']>) =>
      mapAsync(...args).then(() => {
        advance(GPU_MS_PER_SEGMENT);
        return undefined;
      });
    return buffer;
  };
  onTestFinished(() => {
    now.mockRestore();
    device.createBuffer = createBuffer;
  });
  return { advance };
}

/** Resolves with the first progress report that satisfies `until`. */
function progressUntil(
  reports: TrainProgress[],
  listeners: (() => void)[],
  until: (p: TrainProgress) => boolean,
): Promise<TrainProgress> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const found = reports.find(until);
      if (found) resolve(found);
      return found !== undefined;
    };
    if (!check()) listeners.push(() => void check());
  });
}

describe('play, pause and single steps', () => {
  const gpu = useTestGpu();
  const data = makeMoons({ nSamples: 120, noise: 0.1, randomState: 3 });
  const options: TrainCallOptions = {
    hidden: [4],
    optimizer: 'adam',
    lr: 0.05,
    batchSize: 20,
    epochs: 8,
  };
  /** The run of `options`, then the same run started paused and watched (its reports copied). */
  async function besidePausedRun(backend: 'webgpu' | 'cpu', context: GpuContext) {
    const uninterrupted = await train(data, { ...options, backend, context });
    const control = new RunControl({ paused: true });
    const reports: TrainProgress[] = [];
    const listeners: (() => void)[] = [];
    const running = train(data, {
      ...options,
      backend,
      context,
      control,
      onProgress: (p) => {
        reports.push({ ...p, stepLosses: p.stepLosses.slice(), params: p.params.slice() });
        for (const l of listeners) l();
      },
    });
    const until = (found: (p: TrainProgress) => boolean) =>
      progressUntil(reports, listeners, found);
    return { uninterrupted, control, reports, running, until };
  }
  for (const backend of ['webgpu', 'cpu'] as const) {
    testWithDevice(
      `${backend}: a paused run takes exactly the steps asked, and ends as if never paused`,
      gpu,
      async ({ context }) => {
        const { uninterrupted, control, reports, running, until } = await besidePausedRun(
          backend,
          context,
        );
        control.step(3);
        await until((p) => p.stepsDone === 3);
        control.step(1);
        const four = await until((p) => p.stepsDone > 3);
        // one step more, and nothing past it while paused
        expect(four.stepsDone).toBe(4);
        expect(reports.every((p) => p.stepsDone <= 4)).toBe(true);
        control.resume();
        const result = await running;
        expect(result.stepsDone).toBe(uninterrupted.stepsDone);
        expect(Array.from(result.stepLosses)).toEqual(Array.from(uninterrupted.stepLosses));
        expect(Array.from(result.params)).toEqual(Array.from(uninterrupted.params));
      },
    );
    testWithDevice(
      `${backend}: time held by the control (paused, or paced a frame at a time) does not shrink the segments`,
      gpu,
      async ({ context }) => {
        const clock = useTestClock(context.device);
        let reports = 0;
        let segments = 0;
        let onReport = (): void => undefined;
        /**
         * Paces the run as the page does, a frame at a time: each segment waits for the report of
         * the one before, then is held 20 ms on the test's clock.
         */
        class HeldControl extends RunControl {
          override async allow(limit: number, signal?: AbortSignal): Promise<number> {
            while (reports < segments) await new Promise<void>((resolve) => (onReport = resolve));
            segments++;
            clock.advance(20);
            return super.allow(limit, signal);
          }
        }
        const result = await train(data, {
          backend,
          context,
          epochs: 2000,
          control: new HeldControl(),
          onProgress: () => {
            reports++;
            onReport();
          },
        });
        expect(result.stepsDone).toBe(2000);
        // with the holds left out, 5 ms of GPU work a segment makes each grow (11 reports here,
        // 3 on the CPU, whose work takes no time on this clock); a rate that counts the holds as
        // work shrinks them to a step each: 1993 reports, and 2000 on the CPU
        expect(reports).toBeLessThan(200);
      },
    );
    testWithDevice(
      `${backend}: a slow start (the first dispatch compiling, the host busy) does not keep every later segment small`,
      gpu,
      async ({ context }) => {
        const clock = useTestClock(context.device);
        let reports = 0;
        const result = await train(data, {
          backend,
          context,
          epochs: 3000,
          onProgress: () => {
            // the host held up for a second at the first report, as a first dispatch can be
            if (reports++ === 0) clock.advance(1000);
          },
        });
        expect(result.stepsDone).toBe(3000);
        // measured between reports, the rate leaves the stall behind (13 to 16 reports here); a
        // rate measured since the start counts it against every later segment: 637
        expect(reports).toBeLessThan(100);
      },
    );
    testWithDevice(
      `${backend}: finish() ends a run where it stands, and train() resolves with the steps taken`,
      gpu,
      async ({ context }) => {
        const { uninterrupted, control, running, until } = await besidePausedRun(backend, context);
        // 7 steps: past the first epoch of 6, so an epoch's loss is in, and mid-way through the next
        control.step(7);
        const seven = await until((p) => p.stepsDone === 7);
        control.finish();
        const result = await running;
        expect(result.stepsDone).toBe(7);
        expect(result.totalSteps).toBe(uninterrupted.totalSteps);
        expect(result.epochsRun).toBe(1);
        expect(Array.from(result.stepLosses)).toEqual(
          Array.from(uninterrupted.stepLosses.subarray(0, 7)),
        );
        // the params after step 7, as the progress report at that step had them
        expect(Array.from(result.params)).toEqual(Array.from(seven.params));
        expect(result.metrics.train.samples).toBe(data.nSamples);
      },
    );
  }
});
