import { describe, expect } from 'vitest';
import { trainOnGpu, type GpuSchedule } from '../../src/gpu/index.ts';
import { trainCpuReference } from '../../src/cpu/index.ts';
import { makeClassification } from '../../src/data/index.ts';
import { checkClose } from '../helpers/check_close.ts';
import {
  datasetFromRows,
  readFixture,
  type SklearnCase,
  type TorchCase,
} from '../helpers/fixtures.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';
import { trajectories } from '../helpers/trajectories.ts';

const SCHEDULES: GpuSchedule[] = ['persistent', 'multi-workgroup'];
const tutorial = readFixture<{ cases: TorchCase[] }>('shared/torch_seed_tutorial.json').cases;
const sklearn = readFixture<{ cases: SklearnCase[] }>(
  'shared/sklearn_make_classification.json',
).cases;

// Against PyTorch's float32 run. Both sides are f32 but round differently (PyTorch: σ then log; the
// kernels: BCE from the logit, the GPU's own exp/log, a tree-ordered sum), and 1000 steps carry the
// differences along. Measured worst on SwiftShader: 1.05e-6 for the losses, 5.2e-7 for the params.
const VS_TORCH_F32 = { rtol: 2e-6, atol: 0 };
const PARAMS_VS_TORCH_F32 = { rtol: 1e-6, atol: 1e-6 };

describe('GPU training against PyTorch, every step', () => {
  const gpu = useTestGpu();
  for (const c of tutorial) {
    const s = sklearn.find((k) => k.params.random_state === c.data.random_state);
    for (const schedule of SCHEDULES) {
      testWithDevice(
        `the tutorial, random_state ${c.data.random_state}, init [${c.init.weight}], ${schedule}`,
        gpu,
        async ({ context }) => {
          const data = datasetFromRows(s!.X, s!.y);
          const out = await trainOnGpu(data, {
            steps: c.steps,
            lr: c.lr,
            initialParams: [...c.init.weight, c.init.bias],
            schedule,
            context,
          });
          checkClose(out.losses, c.float32.losses, { ...VS_TORCH_F32, label: 'losses' });
          checkClose(out.params, [...c.float32.w, c.float32.b], {
            ...PARAMS_VS_TORCH_F32,
            label: 'params',
          });
          expect(out.firstBadStep).toBeNull();
        },
      );
    }
  }
  for (const c of trajectories()) {
    testWithDevice(
      `${c.name}: D=${c.X[0]!.length}, N=${c.X.length}, lr ${c.lr}, ${c.steps} steps, both schedules`,
      gpu,
      async ({ context }) => {
        const data = datasetFromRows(c.X, c.y);
        for (const schedule of SCHEDULES) {
          const out = await trainOnGpu(data, {
            steps: c.steps,
            lr: c.lr,
            initialParams: [...c.init.weight, c.init.bias],
            schedule,
            context,
          });
          checkClose(out.losses, c.float32.losses, {
            ...VS_TORCH_F32,
            label: `${schedule} losses`,
          });
          checkClose(out.params, [...c.float32.w, c.float32.b], {
            ...PARAMS_VS_TORCH_F32,
            label: `${schedule} params`,
          });
        }
      },
    );
  }
});

// Against the CPU reference in f32, summing in the kernels' own order (same workgroup size, same tree):
// what remains is the GPU's exp and log (a few ulp) and any fused multiply-add. Measured worst: 4.0e-6
// at N=1, where the loss shrinks towards 0 and its relative error grows; 3.5e-7 from N=63 up.
const VS_MIRROR = { rtol: 5e-6, atol: 0 };
const PARAMS_VS_MIRROR = { rtol: 5e-6, atol: 1e-6 };
const SIZES = [1, 63, 64, 65, 100, 257, 10_007];
const DIMS = [1, 2, 3, 8];

function dataOf(N: number, D: number) {
  return makeClassification({
    nSamples: N,
    nFeatures: D,
    nInformative: Math.min(D, 2),
    nRedundant: 0,
    nClustersPerClass: 1,
    randomState: N + D,
  });
}

describe('GPU training against the f32 CPU reference in the same summation order', () => {
  const gpu = useTestGpu();
  for (const N of SIZES) {
    testWithDevice(
      `N = ${N}, D = ${DIMS.join(', ')}, both schedules; both agree; a second run gives the same bits`,
      gpu,
      async ({ context }) => {
        for (const D of DIMS) {
          const data = dataOf(N, D);
          const steps = N > 1000 ? 30 : 100;
          const initialParams = Array.from({ length: D + 1 }, (_, k) => 0.1 * ((k % 3) - 1));
          const bySchedule: Float32Array[] = [];
          for (const schedule of SCHEDULES) {
            const out = await trainOnGpu(data, {
              steps,
              lr: 0.1,
              initialParams,
              schedule,
              context,
            });
            const layout = {
              workgroupSize: out.plan.workgroupSize,
              numWorkgroups: schedule === 'persistent' ? 1 : out.plan.numPartials,
            };
            const ref = trainCpuReference(data, {
              steps,
              lr: 0.1,
              initialParams,
              precision: 'f32',
              layout,
              reduceWorkgroupSize: out.plan.reduceWorkgroupSize || 1,
            });
            checkClose(out.losses, ref.losses, {
              ...VS_MIRROR,
              label: `N=${N} D=${D} ${schedule} losses`,
            });
            checkClose(out.params, ref.params, {
              ...PARAMS_VS_MIRROR,
              label: `N=${N} D=${D} ${schedule} params`,
            });
            const again = await trainOnGpu(data, {
              steps,
              lr: 0.1,
              initialParams,
              schedule,
              context,
            });
            expect(
              Buffer.from(again.losses.buffer),
              `N=${N} D=${D} ${schedule}: same bits twice`,
            ).toEqual(Buffer.from(out.losses.buffer));
            expect(Array.from(again.params)).toEqual(Array.from(out.params));
            bySchedule.push(out.losses);
          }
          // the two schedules sum in different orders; measured worst 1.2e-6 apart
          checkClose(bySchedule[0]!, bySchedule[1]!, {
            rtol: 5e-6,
            atol: 0,
            label: `N=${N} D=${D} persistent vs multi-workgroup`,
          });
        }
      },
      180_000,
    );
  }

  testWithDevice(
    'N = 1 000 000, D = 1, 2, 3, 8 (multi-workgroup, 3 steps)',
    gpu,
    async ({ context }) => {
      for (const D of DIMS) {
        const data = dataOf(1_000_000, D);
        const initialParams = Array.from({ length: D + 1 }, (_, k) => 0.1 * ((k % 3) - 1));
        const out = await trainOnGpu(data, {
          steps: 3,
          lr: 0.1,
          initialParams,
          schedule: 'multi-workgroup',
          context,
        });
        const layout = {
          workgroupSize: out.plan.workgroupSize,
          numWorkgroups: out.plan.numPartials,
        };
        const ref = trainCpuReference(data, {
          steps: 3,
          lr: 0.1,
          initialParams,
          precision: 'f32',
          layout,
          reduceWorkgroupSize: out.plan.reduceWorkgroupSize,
        });
        checkClose(out.losses, ref.losses, { ...VS_MIRROR, label: `D=${D} losses` });
        checkClose(out.params, ref.params, { ...PARAMS_VS_MIRROR, label: `D=${D} params` });
      }
    },
    300_000,
  );
});

describe('what a run reports', () => {
  const gpu = useTestGpu();
  testWithDevice(
    "the tutorial's run is one dispatch, one submit, one readback",
    gpu,
    async ({ context }) => {
      const s = sklearn[0]!;
      const out = await trainOnGpu(datasetFromRows(s.X, s.y), {
        steps: 1000,
        lr: 0.1,
        initialParams: [0.1, -0.2, 0.05],
        context,
      });
      expect(out.plan.schedule).toBe('persistent');
      expect([out.dispatchCount, out.submitCount, out.readbackCount]).toEqual([1, 1, 1]);
    },
  );

  testWithDevice(
    'the multi-workgroup schedule counts chunks + 1 dispatches a step, steps batched into submits',
    gpu,
    async ({ context }) => {
      const data = dataOf(5000, 2);
      const out = await trainOnGpu(data, {
        steps: 700,
        lr: 0.1,
        initialParams: [0, 0, 0],
        schedule: 'multi-workgroup',
        context,
      });
      expect(out.dispatchCount).toBe(700 * (out.plan.chunks.length + 1));
      expect(out.submitCount).toBe(out.plan.submitCount);
      expect(out.readbackCount).toBe(1);
    },
  );

  testWithDevice(
    'progress arrives in batches with every loss, and the final losses are the same bits',
    gpu,
    async ({ context }) => {
      const data = dataOf(300, 2);
      const seen: number[] = [];
      let last: Float32Array | Float64Array = new Float32Array();
      const watched = await trainOnGpu(data, {
        steps: 400,
        lr: 0.1,
        initialParams: [0, 0, 0],
        schedule: 'persistent',
        context,
        onProgress: (p) => {
          seen.push(p.stepsDone);
          last = p.losses.slice();
        },
      });
      const unwatched = await trainOnGpu(data, {
        steps: 400,
        lr: 0.1,
        initialParams: [0, 0, 0],
        schedule: 'persistent',
        context,
      });
      expect(seen.at(-1)).toBe(400);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(Array.from(last)).toEqual(Array.from(unwatched.losses));
      expect(Array.from(watched.losses)).toEqual(Array.from(unwatched.losses));
      expect(watched.readbackCount).toBe(seen.length + 1);
    },
  );
});

describe('data split across storage bindings', () => {
  const gpu = useTestGpu();
  testWithDevice(
    'N = 10 007, D = 3 in 8 chunks of at most 16 KiB agrees with the unsplit run and the f64 reference',
    gpu,
    async ({ context }) => {
      const { planRun } = await import('../../src/gpu/index.ts');
      const { runOnGpu } = await import('../../src/gpu/run.ts');
      const data = dataOf(10_007, 3);
      const initialParams = [0.1, -0.1, 0.05, 0];
      const own = context.device.limits;
      const limits = {
        maxStorageBufferBindingSize: 16 << 10,
        maxBufferSize: own.maxBufferSize,
        maxComputeWorkgroupStorageSize: own.maxComputeWorkgroupStorageSize,
        maxComputeInvocationsPerWorkgroup: own.maxComputeInvocationsPerWorkgroup,
        maxComputeWorkgroupSizeX: own.maxComputeWorkgroupSizeX,
        maxComputeWorkgroupsPerDimension: own.maxComputeWorkgroupsPerDimension,
      };
      const plan = planRun({
        N: 10_007,
        D: 3,
        steps: 40,
        limits,
        schedule: 'auto',
        workgroupSize: 4,
        persistentMaxSamples: 16384,
        maxWorkgroupsPerChunk: 8,
      });
      expect(plan.schedule).toBe('multi-workgroup');
      expect(plan.chunks).toHaveLength(8);
      const split = await runOnGpu(context, { data, steps: 40, lr: 0.1, initialParams, plan });
      expect(split.dispatchCount).toBe(40 * 9);
      const whole = await trainOnGpu(data, {
        steps: 40,
        lr: 0.1,
        initialParams,
        schedule: 'multi-workgroup',
        context,
      });
      const f64 = trainCpuReference(data, { steps: 40, lr: 0.1, initialParams, precision: 'f64' });
      // different summation orders in f32: measured within 3e-7 of each other and of float64
      checkClose(split.losses, whole.losses, { rtol: 5e-6, atol: 0, label: 'split vs whole' });
      checkClose(split.losses, f64.losses, { rtol: 5e-6, atol: 0, label: 'split vs f64' });
      checkClose(split.params, f64.params, { rtol: 5e-6, atol: 1e-6, label: 'params vs f64' });
    },
  );
});
