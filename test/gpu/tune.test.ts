import { describe, expect, it } from 'vitest';
import { makeMoons } from '../../src/data/index.ts';
import {
  defaultTuning,
  MAX_FUSED_WORK,
  MIN_FUSED_WORK,
  tuningKey,
  type Tuning,
  type TuningStore,
} from '../../src/gpu/tuning.ts';
import { automaticChoice, measureTuning, tuneOnce } from '../../src/gpu/tune.ts';
import { wideTuneCandidates } from '../../src/gpu/wide_tune.ts';
import { train } from '../../src/train.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;

describe('the automatic choice from the crossings', () => {
  it('takes the smaller crossing found within the sizes measured', () => {
    expect(automaticChoice([20_000, 36_864], [262_144, 36_864])).toBe(20_000);
    expect(automaticChoice([20_000, 9000], [262_144, 36_864])).toBe(9000);
  });
  it('where fused won at every size measured, goes as far as was measured', () => {
    expect(automaticChoice([262_144, 36_864], [262_144, 36_864])).toBe(262_144);
  });
});

// A benchmark is not a test: this checks that the pass runs and yields a tuning the engine can use,
// never how fast anything was.
describe('the tuning pass on this adapter', () => {
  const gpu = useTestGpu();

  testWithDevice('keeps a stored tuning and does not measure again', gpu, async ({ context }) => {
    const stored: Tuning = { ...defaultTuning(context.adapter), fusedWorkgroupSize: 2 };
    const saved: string[] = [];
    const store: TuningStore = {
      load: (key) => (key === tuningKey(context.adapter) ? stored : null),
      save: (key) => saved.push(key),
    };
    expect(await tuneOnce(context, store)).toBe(stored);
    expect(saved).toEqual([]);
  });

  testWithDevice(
    'measures both schedules on two models and plans runs with what it found',
    gpu,
    async ({ context }) => {
      const { tuning, points, crossings } = await measureTuning(context);
      expect(tuning.source).toBe('measured');
      for (const size of [
        tuning.fusedWorkgroupSize,
        tuning.layeredWorkgroupSize,
        tuning.reduceWorkgroupSize,
      ])
        expect(isPowerOfTwo(size)).toBe(true);
      // the wide schedule's tile: one of the shapes the pass times on this kind of adapter
      expect(wideTuneCandidates(context.adapter.isSoftware)).toContainEqual(tuning.wide);
      // both schedules ran the tutorial and an MLP at two sizes each, fused a small size of each too
      expect(points.fused).toHaveLength(6);
      expect(points.layered).toHaveLength(4);
      for (const list of [points.fused, points.layered]) {
        for (const p of list) expect(p.ns).toBeGreaterThan(0);
        expect(new Set(list.map((p) => p.work)).size).toBe(list.length);
      }
      expect(crossings).toHaveLength(2);
      expect(crossings).toContain(tuning.fusedMaxWork);
      for (const cost of [tuning.stepCost.fused, tuning.stepCost.layered]) {
        expect(cost).not.toBeNull();
        expect(cost?.perWorkNs).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(cost?.fixedNs)).toBe(true);
      }
      expect(tuning.fusedMaxWork).toBeGreaterThanOrEqual(MIN_FUSED_WORK);
      expect(tuning.fusedMaxWork).toBeLessThanOrEqual(MAX_FUSED_WORK);

      // a run with the measured tuning trains, reports it, and agrees with the CPU reference
      const data = makeMoons({ nSamples: 60, noise: 0.1, randomState: 0 });
      const options = {
        hidden: [4],
        optimizer: 'adam',
        lr: 0.03,
        batchSize: 10,
        epochs: 3,
      } as const;
      const tuned = { ...context, tuning };
      for (const schedule of ['fused', 'layered'] as const) {
        const gpuRun = await train(data, { ...options, schedule, context: tuned });
        expect(gpuRun.run.tuning).toBe(tuning);
        expect(gpuRun.run.workgroupSize).toBe(
          schedule === 'fused' ? tuning.fusedWorkgroupSize : tuning.layeredWorkgroupSize,
        );
        const cpuRun = await train(data, { ...options, backend: 'cpu' });
        // the first batch's loss: the same params and rows on both, f32 against f32
        expect(gpuRun.stepLosses[0]).toBeCloseTo(cpuRun.stepLosses[0] as number, 5);
      }
    },
    240_000,
  );
});
