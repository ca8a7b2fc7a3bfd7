import { describe, expect } from 'vitest';
import { RunControl } from '../../src/core/control.ts';
import type { TrainProgress } from '../../src/api/result.ts';
import { makeMoons } from '../../src/data/index.ts';
import type { GpuContext } from '../../src/gpu/device.ts';
import { train, type TrainCallOptions } from '../../src/train.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';

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
        /** holds every segment 20 ms, as the page's pacing does */
        class HeldControl extends RunControl {
          override async allow(limit: number, signal?: AbortSignal): Promise<number> {
            await new Promise((resolve) => setTimeout(resolve, 20));
            return super.allow(limit, signal);
          }
        }
        let reports = 0;
        const result = await train(data, {
          backend,
          context,
          epochs: 2000,
          control: new HeldControl(),
          onProgress: () => reports++,
        });
        expect(result.stepsDone).toBe(2000);
        // a rate that counted the holds as work would size every segment at one step: 2000 reports
        expect(reports).toBeLessThan(200);
      },
    );
    testWithDevice(
      `${backend}: a slow start (the first dispatch compiling, the host busy) does not keep every later segment small`,
      gpu,
      async ({ context }) => {
        let reports = 0;
        const result = await train(data, {
          backend,
          context,
          epochs: 3000,
          onProgress: () => {
            // the host held up for a second at the first report, as a first dispatch can be
            if (reports++ === 0) {
              const until = performance.now() + 1000;
              while (performance.now() < until);
            }
          },
        });
        expect(result.stepsDone).toBe(3000);
        // measured here: 12 reports; a rate measured since the start counted the stall against
        // every later segment and sent 393
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
