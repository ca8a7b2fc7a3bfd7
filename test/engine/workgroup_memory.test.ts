import { describe, expect, it } from 'vitest';
import { RunControl } from '../../src/core/control.ts';
import { resolveOptions } from '../../src/api/resolve.ts';
import { makeMoons } from '../../src/data/index.ts';
import { runOnGpu } from '../../src/gpu/execute.ts';
import { planRun, type Plan, type PlanLimits } from '../../src/gpu/plan.ts';
import { defaultTuning, type Tuning } from '../../src/gpu/tuning.ts';
import { trainReference } from '../../src/reference/train.ts';
import { checkClose } from '../helpers/check_close.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';

const WORD = Float32Array.BYTES_PER_ELEMENT;

/**
 * The least workgroup memory, to the word, at which the planner's fused plan `holds`, found by
 * asking the planner (a plan it cannot make at all does not hold).
 */
function leastBytes(plan: (bytes: number) => Plan, holds: (p: Plan) => boolean, most: number) {
  const ok = (words: number): boolean => {
    try {
      return holds(plan(words * WORD));
    } catch {
      return false;
    }
  };
  let [low, high] = [0, Math.floor(most / WORD)];
  expect(ok(high), 'the plan holds at the most workgroup memory').toBe(true);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (ok(middle)) high = middle;
    else low = middle;
  }
  return high * WORD;
}

/** A run for `optimizer`; its fused plan at workgroup size 4 for a workgroup memory budget. */
function fusedRun(optimizer: 'adam' | 'momentum', device: PlanLimits, tuning: Tuning) {
  const data = makeMoons({ nSamples: 120, noise: 0.2, randomState: 5 });
  const resolved = resolveOptions(data, {
    hidden: [6, 5],
    activation: 'tanh',
    optimizer,
    lr: 0.02,
    batchSize: 12,
    epochs: 6,
    shuffleSeed: 3,
    seed: 11,
  });
  const { run, data: parts } = resolved;
  const limits = (workgroupBytes: number): PlanLimits => ({
    maxStorageBufferBindingSize: device.maxStorageBufferBindingSize,
    maxBufferSize: device.maxBufferSize,
    maxComputeWorkgroupStorageSize: workgroupBytes,
    maxComputeInvocationsPerWorkgroup: device.maxComputeInvocationsPerWorkgroup,
    maxComputeWorkgroupSizeX: device.maxComputeWorkgroupSizeX,
    maxComputeWorkgroupsPerDimension: device.maxComputeWorkgroupsPerDimension,
  });
  const plan = (workgroupBytes: number): Plan =>
    planRun({
      run,
      rows: { train: parts.train.nSamples, validation: 0, test: 0 },
      limits: limits(workgroupBytes),
      tuning,
      schedule: 'fused',
      workgroupSize: 4,
    });
  // the shape the planner gives this run with all the workgroup memory there is
  const roomy = plan(device.maxComputeWorkgroupStorageSize);
  /** the least workgroup memory at which that shape holds the params and the optimizer's state */
  const stateFits = leastBytes(
    plan,
    (p) => p.stateShared && p.workgroupSize === roomy.workgroupSize && p.mode === roomy.mode,
    device.maxComputeWorkgroupStorageSize,
  );
  return { run, parts, plan, stateFits };
}

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
        const { run, parts, plan, stateFits } = fusedRun(
          optimizer,
          context.device.limits,
          defaultTuning(context.adapter),
        );
        // at the least workgroup memory that holds the state, and one word less
        const shared = plan(stateFits);
        const spilled = plan(stateFits - WORD);
        expect([shared.paramsShared, shared.stateShared]).toEqual([true, true]);
        expect([spilled.paramsShared, spilled.stateShared]).toEqual([true, false]);
        expect([spilled.workgroupSize, spilled.mode]).toEqual([shared.workgroupSize, shared.mode]);
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

// WebGPU's default limits, as a device gets them unless it asks for more
const DEFAULT_LIMITS: PlanLimits = {
  maxStorageBufferBindingSize: 134_217_728,
  maxBufferSize: 268_435_456,
  maxComputeWorkgroupStorageSize: 16_384,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupsPerDimension: 65_535,
};

describe("the fused plan's count of workgroup memory", () => {
  it("gives Adam's state one float a param more than momentum's: m and v against v alone", () => {
    const tuning = defaultTuning({
      vendor: 'google',
      architecture: 'swiftshader',
      device: '',
      description: '',
      isFallbackAdapter: false,
      isSoftware: true,
    });
    const adam = fusedRun('adam', DEFAULT_LIMITS, tuning);
    const momentum = fusedRun('momentum', DEFAULT_LIMITS, tuning);
    expect(adam.run.net.P).toBe(momentum.run.net.P);
    // 2-6-5-1: (2·6 + 6) + (6·5 + 5) + (5 + 1) params
    expect(adam.run.net.P).toBe(59);
    expect(adam.stateFits - momentum.stateFits).toBe(59 * WORD);
  });
});
