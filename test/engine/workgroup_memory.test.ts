import { describe, expect } from 'vitest';
import { RunControl } from '../../src/core/control.ts';
import { resolveOptions } from '../../src/api/resolve.ts';
import { makeMoons } from '../../src/data/index.ts';
import { runOnGpu } from '../../src/gpu/execute.ts';
import { planRun, type PlanLimits } from '../../src/gpu/plan.ts';
import { defaultTuning } from '../../src/gpu/tuning.ts';
import { trainReference } from '../../src/reference/train.ts';
import { checkClose } from '../helpers/check_close.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';

// The fused kernel keeps the params and the optimizer's state in workgroup memory where they fit,
// in storage where they do not. Where they live changes no arithmetic: the same run must give the
// same bits either way, and follow the f32 reference in the plan's order (1e-6, as
// test/engine/vs_torch.test.ts measures the GPU against it).
describe('the fused schedule with its state in workgroup memory and in storage', () => {
  const gpu = useTestGpu();
  for (const optimizer of ['adam', 'momentum'] as const) {
    testWithDevice(
      `${optimizer}: the same bits wherever the state lives, in one dispatch or many`,
      gpu,
      async ({ context }) => {
        const data = makeMoons({ nSamples: 120, noise: 0.2, randomState: 5 });
        const { run, data: parts } = resolveOptions(data, {
          hidden: [6, 5],
          activation: 'tanh',
          optimizer,
          lr: 0.02,
          batchSize: 12,
          epochs: 6,
          shuffleSeed: 3,
          seed: 11,
        });
        const l = context.device.limits;
        const limits = (workgroupBytes: number): PlanLimits => ({
          maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
          maxBufferSize: l.maxBufferSize,
          maxComputeWorkgroupStorageSize: workgroupBytes,
          maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
          maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
          maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
        });
        const plan = (workgroupBytes: number) =>
          planRun({
            run,
            rows: { train: parts.train.nSamples, validation: 0, test: 0 },
            limits: limits(workgroupBytes),
            tuning: defaultTuning(context.adapter),
            schedule: 'fused',
            workgroupSize: 4,
          });
        // 4 threads' records of S = 1 + P floats, the P params, the state (2P for Adam, P for
        // momentum) and 4 words: the roomy plan holds it all, the tight one leaves the state out
        const { P, S } = run.net;
        const slots = optimizer === 'adam' ? 2 : 1;
        const shared = plan(context.device.limits.maxComputeWorkgroupStorageSize);
        const spilled = plan((4 * S + P + 4 + 1) * 4);
        expect([shared.paramsShared, shared.stateShared]).toEqual([true, true]);
        expect([spilled.paramsShared, spilled.stateShared]).toEqual([true, false]);
        expect(slots * P).toBeGreaterThan(1);
        expect(shared.reduction).toEqual(spilled.reduction);

        const inShared = await runOnGpu({ context, plan: shared, run, data: parts });
        const inStorage = await runOnGpu({ context, plan: spilled, run, data: parts });
        // segments of 7 steps, each a dispatch that takes the shared state in and puts it back
        const inSegments = await runOnGpu({
          context,
          plan: shared,
          run,
          data: parts,
          control: new RunControl({ stepsPerSegment: 7 }),
        });
        expect(inSegments.dispatchCount).toBeGreaterThan(5);
        for (const other of [inStorage, inSegments]) {
          expect(Array.from(other.stepLosses)).toEqual(Array.from(inShared.stepLosses));
          expect(Array.from(other.params)).toEqual(Array.from(inShared.params));
        }
        const ref = trainReference(run, parts, { precision: 'f32', reduction: shared.reduction });
        checkClose(inShared.stepLosses, ref.stepLosses, { rtol: 1e-6, atol: 0, label: 'losses' });
      },
      120_000,
    );
  }
});
