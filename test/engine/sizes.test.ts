import { describe, expect } from 'vitest';
import { resolveOptions } from '../../src/api/resolve.ts';
import { makeClassification } from '../../src/data/index.ts';
import { runOnGpu } from '../../src/gpu/execute.ts';
import { planRun, type PlanLimits, type Schedule } from '../../src/gpu/plan.ts';
import { defaultTuning } from '../../src/gpu/tuning.ts';
import { trainReference } from '../../src/reference/train.ts';
import { checkClose } from '../helpers/check_close.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';

// Against the f32 reference in the plan's own summation order. What differs is the GPU's exp and
// log (a few ulp) and fused multiply-adds; one sample has no sum to average the error out, so N = 1
// holds to 5e-6, every larger N to 1e-6 (measured worst 5.3e-7 over the PyTorch cases).
const closeness = (N: number) => ({ rtol: N === 1 ? 5e-6 : 1e-6, atol: 0 });

interface SizeCase {
  readonly N: number;
  readonly D: number;
  readonly hidden: number[];
  readonly schedules: Schedule[];
  readonly epochs: number;
  /** a binding limit small enough to spread X over several bindings */
  readonly bindingBytes?: number;
}

// N = 1, sizes that are not multiples of any workgroup size, one past a block, a binding split, and 10⁶
const CASES: SizeCase[] = [
  { N: 1, D: 2, hidden: [], schedules: ['fused', 'layered'], epochs: 20 },
  { N: 63, D: 1, hidden: [], schedules: ['fused', 'layered'], epochs: 20 },
  { N: 65, D: 3, hidden: [4], schedules: ['fused', 'layered'], epochs: 20 },
  { N: 257, D: 8, hidden: [], schedules: ['fused', 'layered'], epochs: 20 },
  { N: 10_007, D: 3, hidden: [5], schedules: ['fused', 'layered'], epochs: 5 },
  { N: 20_000, D: 2, hidden: [], schedules: ['layered'], epochs: 5, bindingBytes: 64 * 1024 },
  { N: 1_000_000, D: 2, hidden: [], schedules: ['layered'], epochs: 3 },
];

describe('sizes at the edges, on both schedules, against the reference', () => {
  const gpu = useTestGpu();
  for (const c of CASES) {
    for (const schedule of c.schedules) {
      const split =
        c.bindingBytes === undefined ? '' : `, X over bindings of ${c.bindingBytes} bytes`;
      testWithDevice(
        `N = ${c.N}, D = ${c.D}, hidden [${c.hidden}], ${schedule}${split}`,
        gpu,
        async ({ context }) => {
          const data = makeClassification({
            nSamples: Math.max(c.N, 2),
            nFeatures: c.D,
            nInformative: c.D,
            nRedundant: 0,
            nClustersPerClass: 1,
            randomState: c.N,
          });
          const one =
            c.N === 1
              ? { ...data, X: data.X.subarray(0, c.D), y: data.y.subarray(0, 1), nSamples: 1 }
              : data;
          const { run, data: parts } = resolveOptions(one, {
            hidden: c.hidden,
            epochs: c.epochs,
            lr: 0.3,
          });
          const l = context.device.limits;
          const limits: PlanLimits = {
            maxStorageBufferBindingSize: c.bindingBytes ?? l.maxStorageBufferBindingSize,
            maxBufferSize: l.maxBufferSize,
            maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
            maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
            maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
            maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
          };
          const plan = planRun({
            run,
            rows: { train: c.N, validation: 0, test: 0 },
            limits,
            tuning: defaultTuning(context.adapter),
            schedule,
          });
          if (c.bindingBytes !== undefined) expect(plan.chunks).toBeGreaterThan(1);
          const out = await runOnGpu({ context, plan, run, data: parts });
          const ref = trainReference(run, parts, { precision: 'f32', reduction: plan.reduction });
          checkClose(out.stepLosses, ref.stepLosses, { ...closeness(c.N), label: 'losses' });
          checkClose(out.params, ref.params, { rtol: 1e-5, atol: 1e-6, label: 'params' });
        },
        120_000,
      );
    }
  }
});
