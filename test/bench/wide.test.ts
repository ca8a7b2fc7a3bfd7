import { describe, expect } from 'vitest';
import { runWideBench, type WideWorkload } from '../../src/bench/wide.ts';
import { wideTargets } from '../../src/bench/wide_targets.ts';
import { makeClassification } from '../../src/data/index.ts';
import { measureMatmulRate } from '../../src/gpu/matmul_rate.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';

// bench --wide runs its engines on the same rows and initial params: it is timed elsewhere (the
// command prints it); here it runs a small workload and every engine's first loss, which is one
// forward pass of the same model on the same batch, agrees.
const SMALL: WideWorkload = {
  name: 'small',
  description: '8-16-16-1 on 300 rows',
  data: () => makeClassification({ nSamples: 300, nFeatures: 8, randomState: 3 }),
  hidden: [16, 16],
  activation: 'relu',
  classes: 2,
  lr: 1e-3,
  batchSize: 32,
  epochs: 2,
};

describe('bench --wide', () => {
  const gpu = useTestGpu();
  testWithDevice(
    'runs each engine on the same model and rows, with FLOP/s and the adapter’s matmul rate',
    gpu,
    async ({ context }) => {
      const result = await runWideBench({
        context,
        schedules: ['wide', 'layered'],
        repeats: 1,
        budgetMs: 60_000,
        tfjs: [],
        jax: ['wasm'],
        matmul: () => measureMatmulRate(context, 4, 2),
        trainsClasses: (k) => k === 2,
        workloads: [SMALL],
      });
      expect(result.matmul?.best.gflops).toBeGreaterThan(0);
      const [w] = result.workloads;
      expect(w?.skipped).toBeNull();
      const rows = w?.rows ?? [];
      expect(rows.map((r) => `${r.engine} ${r.variant}`)).toEqual([
        'webgpu-train wide',
        'webgpu-train layered',
        'webgpu-train cpu reference (f32)',
        'jax-js jit wasm 0.1.25',
      ]);
      const reference = rows[2]?.firstLoss ?? NaN;
      for (const r of rows) {
        expect(r.trainMs?.median, r.variant).toBeGreaterThan(0);
        expect(r.gflops, r.variant).toBeGreaterThan(0);
        // one f32 forward pass of the same batch: rounding apart, the same loss
        expect(Math.abs((r.firstLoss ?? NaN) - reference) / reference, r.variant).toBeLessThan(
          1e-5,
        );
      }
      // the targets name the 64-64-64-1 workload, which this run did not measure
      expect(wideTargets(result).every((t) => t.met === null)).toBe(true);
    },
    300_000,
  );
});
