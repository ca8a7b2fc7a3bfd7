import { beforeAll, describe, expect } from 'vitest';
import { runWideBench, type WideRow, type WideWorkload } from '../../src/bench/wide.ts';
import { wideTargets } from '../../src/bench/wide_targets.ts';
import { runTorch } from '../../src/cli/torch_runner.ts';
import { makeClassification } from '../../src/data/index.ts';
import { measureMatmulRate } from '../../src/gpu/matmul_rate.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';
import { requireTorch, withTorch } from '../helpers/python.ts';

// bench --wide runs its engines on the same rows, initial params and batch order: it is timed
// elsewhere (the command prints it); here it runs a small binary and a small 4-class workload and
// checks that every engine builds the same model (the first loss is one forward pass of the same
// batch, or of every row for TensorFlow.js's evaluate) and trains it the same way (the last
// epoch's mean loss agrees with the CPU reference's).
const BINARY: WideWorkload = {
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

const SOFTMAX: WideWorkload = {
  name: 'small-softmax',
  description: '8-96-16-4 on 300 rows of 4 classes',
  data: () =>
    makeClassification({
      nSamples: 300,
      nFeatures: 8,
      nInformative: 4,
      nClasses: 4,
      randomState: 3,
    }),
  // wider than a thread per sample takes: the layered schedule refuses it, and says so
  hidden: [96, 16],
  activation: 'relu',
  classes: 4,
  lr: 1e-2,
  batchSize: 32,
  epochs: 2,
};

/**
 * How far an engine's losses may sit from the CPU reference's, relative. Every engine computes in
 * float32 in its own order, from the same params and batches, for 20 steps: webgpu-train's wide
 * and layered schedules and PyTorch measured within 4e-8, TensorFlow.js within 1.6e-6 (it forms
 * BCE from σ, with an ε of 1e-7 in its logs, and its softmax cross-entropy its own way). jax-js's
 * WASM backend computes exp and log from short series (ln m ≈ 2(t + t³/3 + t⁵/5 + t⁷/7), off by
 * up to about 1e-5), so its first loss, one forward pass of the same batch, already sits 9e-6 away.
 */
const LOSS_RTOL: Record<string, number> = {
  'webgpu-train': 1e-6,
  pytorch: 1e-6,
  tfjs: 1e-5,
  'jax-js': 1e-4,
};

describe.runIf(withTorch)('bench --wide', () => {
  beforeAll(requireTorch);
  const gpu = useTestGpu();
  testWithDevice(
    'runs each engine on the same model, rows and batches, with FLOP/s and the adapter’s matmul rate',
    gpu,
    async ({ context }) => {
      const result = await runWideBench({
        context,
        schedules: ['wide', 'layered'],
        repeats: 1,
        budgetMs: 60_000,
        tfjs: ['cpu'],
        jax: ['wasm'],
        torch: runTorch,
        matmul: () => measureMatmulRate(context, 4, 2),
        workloads: [BINARY, SOFTMAX],
        wideTiles: ['tuned', 'workgroup'],
      });
      expect(result.matmul?.best.gflops).toBeGreaterThan(0);
      // PyTorch's variant names its version and threads
      const names = (rows: readonly WideRow[]) =>
        rows.map((r) => (r.engine === 'pytorch' ? 'pytorch cpu' : `${r.engine} ${r.variant}`));
      const [binary, softmax] = result.workloads;
      const expected = [
        'webgpu-train wide',
        'webgpu-train wide, workgroup tiles',
        'webgpu-train layered',
        'webgpu-train cpu reference (f32)',
        'pytorch cpu',
        'tfjs model.fit cpu',
        'jax-js jit wasm 0.1.25',
      ];
      expect(names(binary?.rows ?? [])).toEqual(expected);
      expect(names(softmax?.rows ?? [])).toEqual(expected);
      const layered = softmax?.rows[2];
      expect(layered?.trainMs).toBeNull();
      expect(layered?.note).toMatch(/takes layers up to 64 wide/);

      for (const w of [binary, softmax]) {
        const ran = (w?.rows ?? []).filter((r) => r.trainMs !== null);
        expect(ran.length, w?.name).toBe(w === binary ? 7 : 6);
        // workgroup tiles add every sum in the tuned tiles' order: the same losses, bit for bit
        const [tuned, workgroup] = w?.rows ?? [];
        expect(workgroup?.note).toMatch(/workgroup tiles \(\d+ invocations of/);
        expect(workgroup?.finalLoss).toBe(tuned?.finalLoss);
        expect(workgroup?.lastEpochLoss).toBe(tuned?.lastEpochLoss);
        const reference = ran.find((r) => r.variant.startsWith('cpu reference'));
        for (const r of ran) {
          const label = `${w?.name} ${r.engine} ${r.variant}`;
          expect(r.trainMs?.median, label).toBeGreaterThan(0);
          expect(r.gflops, label).toBeGreaterThan(0);
          // one f32 forward pass of the same rows: rounding apart, the same loss; TensorFlow.js
          // evaluates every row where the others take the first batch
          if (r.engine !== 'tfjs') {
            const first = reference?.firstLoss ?? NaN;
            expect(Math.abs((r.firstLoss ?? NaN) - first) / first, label).toBeLessThan(
              LOSS_RTOL[r.engine] ?? 0,
            );
          }
          expect(r.lossVsReference, label).not.toBeNull();
          expect(r.lossVsReference, label).toBeLessThan(LOSS_RTOL[r.engine] ?? 0);
          expect(r.lossAgrees, label).toBe(true);
        }
      }
      // the targets name the 64-64-64-1 workload, which this run did not measure
      expect(wideTargets(result).every((t) => t.met === null)).toBe(true);
    },
    300_000,
  );
});
