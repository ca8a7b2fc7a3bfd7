import { describe, expect } from 'vitest';
import { makeMoons } from '../../src/data/index.ts';
import type { ScheduleCost } from '../../src/gpu/cost.ts';
import type { Schedule } from '../../src/gpu/plan.ts';
import { defaultTuning, type Tuning } from '../../src/gpu/tuning.ts';
import { forecastRun, train } from '../../src/train.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';

const line = { fixedMs: 0, perParamMs: 0 };
/**
 * Prices set by hand so that both schedules come out at about 1 s for the run below, each ± 50 %:
 * too close to call, and long enough that a trial of an epoch on each, three times, pays for itself.
 * fused: 200 steps × 5 ms; layered: 3 × 200 + 2 × 8 = 616 dispatches × 1.6 ms.
 */
const EVEN: ScheduleCost = {
  ns: { steps: 5e6, dispatches: 1_600_000 },
  compile: { unrolled: line, looped: line },
  error: 0.5,
};

describe('the planner at run time', () => {
  const gpu = useTestGpu();

  testWithDevice(
    'settles a run its predictions cannot call with a trial of both schedules, then keeps the answer for the shape',
    gpu,
    async ({ context }) => {
      const tuning: Tuning = {
        ...defaultTuning(context.adapter),
        cost: { fused: EVEN, layered: EVEN },
      };
      const tuned = { ...context, tuning };
      // 250 rows in batches of 10: 25 steps an epoch, 8 epochs
      const data = makeMoons({ nSamples: 250, noise: 0.1, randomState: 3 });
      const options = {
        hidden: [3],
        optimizer: 'adam',
        lr: 0.03,
        batchSize: 10,
        epochs: 8,
      } as const;
      const first = await train(data, { ...options, context: tuned });
      const planner = first.run.planner;
      expect(planner?.choice).toBe('trial');
      // one epoch on each schedule, timed three times in turns, each kept at its fastest
      expect(planner?.trial?.steps).toBe(25);
      expect(Object.keys(planner?.trial?.ms ?? {}).sort()).toEqual(['fused', 'layered']);
      const times = planner?.trial?.ms ?? {};
      for (const schedule of ['fused', 'layered'] as const) {
        const runs = planner?.trial?.runs[schedule] ?? [];
        expect(runs).toHaveLength(3);
        expect(runs).toContain(times[schedule]);
        for (const t of runs) expect(times[schedule]).toBeLessThanOrEqual(t);
      }
      const faster = (times.fused ?? Infinity) <= (times.layered ?? Infinity) ? 'fused' : 'layered';
      expect(first.run.schedule).toBe(faster);

      // the same shape again: the trial's answer, without a trial
      const second = await train(data, { ...options, context: tuned });
      expect(second.run.planner?.choice).toBe('kept');
      expect(second.run.schedule).toBe(faster);

      // the trial ran apart: the run is the one the schedule gives when asked for by name
      const forced = await train(data, { ...options, context: tuned, schedule: faster });
      expect(forced.run.planner?.choice).toBe('forced');
      expect(Array.from(first.stepLosses)).toEqual(Array.from(forced.stepLosses));
      expect(Array.from(first.params)).toEqual(Array.from(forced.params));
    },
    240_000,
  );

  testWithDevice(
    'chooses by prediction where one schedule is far cheaper, and reports what it weighed',
    gpu,
    async ({ context }) => {
      const cheapFused: Tuning = {
        ...defaultTuning(context.adapter),
        cost: {
          fused: { ...EVEN, ns: { steps: 1000 } },
          layered: { ...EVEN, ns: { dispatches: 1e6 } },
        },
      };
      const data = makeMoons({ nSamples: 100, noise: 0.1, randomState: 4 });
      const result = await train(data, {
        hidden: [2],
        batchSize: 10,
        epochs: 2,
        context: { ...context, tuning: cheapFused },
      });
      expect(result.run.planner?.choice).toBe('predicted');
      expect(result.run.schedule).toBe('fused');
      expect(result.run.dispatchCount).toBe(1);
      const { fused, layered } = result.run.planner?.predictions ?? {};
      // 20 steps × 1 µs; (3 × 20 + 2 × 2) dispatches × 1 ms
      expect(fused?.runMs).toBeCloseTo(0.02, 9);
      expect(layered?.runMs).toBeCloseTo(64, 9);
    },
  );
});

describe('the forecast a page shows before Train', () => {
  const gpu = useTestGpu();

  testWithDevice(
    "is the planner's own prediction for the run that follows, its compile gone once compiled",
    gpu,
    async ({ context }) => {
      const data = makeMoons({ nSamples: 250, noise: 0.1, randomState: 5 });
      // a shape no other test in this file compiles
      const options = {
        hidden: [5, 3],
        optimizer: 'adam',
        lr: 0.03,
        batchSize: 25,
        epochs: 4,
        context,
      } as const;
      const before = await forecastRun(data, options);
      expect(before).not.toBeNull();
      expect(before?.compileMs).toBeGreaterThan(0);
      expect(before?.totalSteps).toBe(40);
      const result = await train(data, options);
      const planner = result.run.planner;
      // a run this short never pays for a trial: the planner chose by prediction, and the
      // forecast named the schedule the run took and its predicted training time
      expect(planner?.choice).toBe('predicted');
      expect(result.run.schedule).toBe(before?.schedule);
      expect(planner?.predictions[result.run.schedule as Schedule]?.runMs).toBe(before?.trainMs);
      // the kernels the run compiled stay on the device: a second forecast owes no compile
      const after = await forecastRun(data, options);
      expect(after?.schedule).toBe(result.run.schedule);
      expect(after?.compileMs).toBe(0);
      expect(await forecastRun(data, { ...options, backend: 'cpu' })).toBeNull();
    },
  );

  testWithDevice(
    'owes no compile for kernels another run compiled to the same code, and the whole compile for new ones',
    gpu,
    async ({ context }) => {
      // shapes no other test in this file compiles
      const options = {
        hidden: [6, 2],
        optimizer: 'adam',
        lr: 0.03,
        batchSize: 25,
        epochs: 2,
        schedule: 'fused',
        context,
      } as const;
      const data = makeMoons({ nSamples: 250, noise: 0.1, randomState: 5 });
      expect((await forecastRun(data, options))?.compileMs).toBeGreaterThan(0);
      const result = await train(data, options);
      expect(result.run.timings.compileMs).toBeGreaterThan(0);
      // other rows and another learning rate: the same kernel, compiled already
      const other = makeMoons({ nSamples: 400, noise: 0.2, randomState: 6 });
      expect((await forecastRun(other, { ...options, lr: 0.1 }))?.compileMs).toBe(0);
      const again = await train(other, { ...options, lr: 0.1 });
      expect(again.run.timings.compileMs).toBe(0);
      // a unit more in a layer: new code, the whole compile owed
      expect((await forecastRun(data, { ...options, hidden: [6, 3] }))?.compileMs).toBeGreaterThan(
        0,
      );
    },
  );
});
