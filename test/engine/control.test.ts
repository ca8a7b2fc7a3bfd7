import { describe, expect } from 'vitest';
import { RunControl } from '../../src/core/control.ts';
import type { TrainProgress } from '../../src/core/result.ts';
import { makeMoons } from '../../src/data/index.ts';
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
  for (const backend of ['webgpu', 'cpu'] as const) {
    testWithDevice(
      `${backend}: a paused run takes exactly the steps asked, and ends as if never paused`,
      gpu,
      async ({ context }) => {
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
            reports.push({ ...p, stepLosses: p.stepLosses.slice() });
            for (const l of listeners) l();
          },
        });
        control.step(3);
        await progressUntil(reports, listeners, (p) => p.stepsDone === 3);
        control.step(1);
        const four = await progressUntil(reports, listeners, (p) => p.stepsDone > 3);
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
  }
});
