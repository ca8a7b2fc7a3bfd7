import { describe, expect, it } from 'vitest';
import { resolveOptimizer } from '../../src/core/optimizers.ts';
import { defaultTuning, tuningKey, type Tuning, type TuningStore } from '../../src/gpu/tuning.ts';
import { fitCosts, tuneOnce, type FitPoint } from '../../src/gpu/tune.ts';
import { planRun } from '../../src/gpu/plan.ts';
import { RUN_COUNTS } from '../../src/gpu/run_counts.ts';
import { compileNetwork } from '../../src/core/network.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';

const software = {
  vendor: 'google',
  architecture: 'swiftshader',
  device: 'swiftshader',
  description: 'SwiftShader',
  isFallbackAdapter: false,
  isSoftware: true,
};

describe("the tuning pass's fit (no GPU needed)", () => {
  it("prices what the schedules share once, from both schedules' runs", () => {
    // runs priced by hand: 2 µs a fused step, 30 µs a dispatch, 50 ns a position, 7 ns a unit of work
    const prices: Record<string, number> = {
      steps: 2000,
      dispatches: 30_000,
      positions: 50,
      pathUnrolled: 7,
    };
    const tuning = defaultTuning(software);
    const points: FitPoint[] = [];
    for (const schedule of ['fused', 'layered'] as const)
      for (const [hidden, rows, batchSize, epochs] of [
        [[], 128, 128, 200],
        [[], 4096, 4096, 10],
        [[4], 640, 10, 3],
        [[4], 2048, 256, 4],
        [[8, 8], 250, 10, 2],
      ] as const) {
        const net = compileNetwork({
          inputs: 2,
          features: [],
          hidden: [...hidden],
          activation: 'tanh',
          head: 'binary',
          outputs: 1,
        });
        const run = {
          net,
          optimizer: resolveOptimizer({ name: 'sgd', lr: 0.1 }),
          batchSize,
          epochs,
          shuffleSeed: 0,
          patience: null,
          initialParams: new Float64Array(net.P),
        };
        const plan = planRun({
          run,
          rows: { train: rows, validation: 0, test: 0 },
          limits: {
            maxStorageBufferBindingSize: 1 << 27,
            maxBufferSize: 1 << 28,
            maxComputeWorkgroupStorageSize: 32768,
            maxComputeInvocationsPerWorkgroup: 256,
            maxComputeWorkgroupSizeX: 256,
            maxComputeWorkgroupsPerDimension: 65535,
          },
          tuning,
          schedule,
          unrolled: true,
        });
        const counts = RUN_COUNTS[schedule](plan, run, tuning.parallel);
        let ns = 0;
        for (const [name, units] of Object.entries(counts)) ns += (prices[name] ?? 0) * units;
        // the first run of each model compiles: 100 ms + 6 ms a param, the others find it compiled
        const first = !points.some((p) => p.schedule === schedule && p.params === net.P);
        points.push({
          schedule,
          counts,
          ms: ns / 1e6,
          unrolled: true,
          params: net.P,
          compileMs: first ? 100 + 6 * net.P : 0,
        });
      }
    const { cost, errors } = fitCosts(points);
    for (const schedule of ['fused', 'layered']) {
      const c = cost[schedule];
      expect(c).toBeDefined();
      for (const [name, price] of Object.entries(prices)) expect(c?.ns[name]).toBeCloseTo(price, 3);
      expect(c?.compile.unrolled.fixedMs).toBeCloseTo(100, 6);
      expect(c?.compile.unrolled.perParamMs).toBeCloseTo(6, 6);
      expect(c?.error).toBeLessThan(1e-6);
      expect(errors[schedule]).toHaveLength(5);
    }
  });
});

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
});
