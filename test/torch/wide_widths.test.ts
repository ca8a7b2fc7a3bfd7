import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect } from 'vitest';
import { resolveOptions } from '../../src/api/resolve.ts';
import { makeClassification } from '../../src/data/index.ts';
import { runOnGpu } from '../../src/gpu/execute.ts';
import { planRun } from '../../src/gpu/plan.ts';
import { defaultTuning } from '../../src/gpu/tuning.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';
import { PYTHON, PYTHON_DIR, requireTorch, runPython, withTorch } from '../helpers/python.ts';

interface TorchRun {
  readonly losses: number[];
  readonly params: number[];
}

/** The largest |a[i] − b[i]|. */
function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < b.length; i++)
    worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst;
}

// From the same initial params and batch order, the wide schedule (f32) against PyTorch in
// float64 must stay within 3× PyTorch float32's own distance from float64, every step's loss and
// every final param: the two f32 runs round differently, and neither should drift further than
// the other (and a loss no closer than 2 ulp of its size, which float32 cannot resolve). Widths 64, 256 and 1024 (two hidden layers each; 1024 takes one epoch, 8 steps of a
// million params each, which is seconds of a software adapter's time a step).
const WIDTHS = [
  { width: 64, epochs: 4 },
  { width: 256, epochs: 4 },
  { width: 1024, epochs: 1 },
];

describe.runIf(withTorch)('the wide schedule follows PyTorch at any width', () => {
  beforeAll(requireTorch);
  const gpu = useTestGpu();
  for (const { width, epochs } of WIDTHS) {
    testWithDevice(
      `two hidden layers of ${width}, Adam, mini-batches`,
      gpu,
      async ({ context }) => {
        const data = makeClassification({
          nSamples: 512,
          nFeatures: 16,
          flipY: 0.1,
          randomState: width,
        });
        const { run, data: parts } = resolveOptions(data, {
          hidden: [width, width],
          activation: 'relu',
          optimizer: 'adam',
          lr: 1e-3,
          batchSize: 64,
          epochs,
          seed: 1,
          shuffleSeed: 2,
        });
        const plan = planRun({
          run,
          rows: { train: 512, validation: 0, test: 0 },
          limits: context.device.limits,
          tuning: defaultTuning(context.adapter),
          schedule: 'wide',
        });
        const out = await runOnGpu({ context, plan, run, data: parts });
        const dir = mkdtempSync(join(tmpdir(), 'webgpu-train-wide-torch-'));
        try {
          const torch = async (dtype: 'float32' | 'float64'): Promise<TorchRun> => {
            const file = join(dir, `${dtype}.json`);
            writeFileSync(
              file,
              JSON.stringify({
                X: Array.from({ length: 512 }, (_, i) =>
                  Array.from(data.X.subarray(16 * i, 16 * i + 16)),
                ),
                y: Array.from(data.y),
                hidden: [width, width],
                activation: 'relu',
                lr: 1e-3,
                batchSize: 64,
                epochs,
                shuffleSeed: 2,
                initialParams: Array.from(run.initialParams),
                dtype,
              }),
            );
            const r = await runPython(
              PYTHON,
              [join(PYTHON_DIR, 'train_mlp.py'), file],
              dir,
              300_000,
            );
            expect(r.stderr).toBe('');
            expect(r.code).toBe(0);
            return JSON.parse(r.stdout) as TorchRun;
          };
          const f64 = await torch('float64');
          const f32 = await torch('float32');
          expect(out.stepsDone).toBe(f64.losses.length);
          const own = {
            losses: distance(f32.losses, f64.losses),
            params: distance(f32.params, f64.params),
          };
          const ours = {
            losses: distance(out.stepLosses, f64.losses),
            params: distance(out.params, f64.params),
          };
          console.log(
            `width ${width}: PyTorch f32 from f64 ${JSON.stringify(own)}, WebGPU ${JSON.stringify(ours)}`,
          );
          expect(own.losses).toBeGreaterThan(0);
          // a loss kept in float32 is not known closer than its own rounding: never ask for
          // less than 2 ulp of the largest loss (half an ulp each way, and the sums' rounding);
          // the one-epoch run at 1024 measured 1.3 ulp from float64, PyTorch's f32 0.3 ulp
          const twoUlp = 2 * 2 ** (Math.floor(Math.log2(Math.max(...f64.losses))) - 23);
          expect(ours.losses).toBeLessThanOrEqual(Math.max(3 * own.losses, twoUlp));
          expect(ours.params).toBeLessThanOrEqual(3 * own.params);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
      600_000,
    );
  }
});
