import { describe, expect, it } from 'vitest';
import { compileNetwork } from '../../src/core/network.ts';
import { BINARY_HEAD } from '../../src/core/spec.ts';
import { reduceRecords } from '../../src/reference/stages.ts';
import { resolveOptimizer } from '../../src/core/optimizers.ts';
import { F32 } from '../../src/core/arithmetic.ts';
import {
  GpuCapacityError,
  planRun,
  type PlanLimits,
  type PlanRequest,
} from '../../src/gpu/plan.ts';
import { defaultTuning } from '../../src/gpu/tuning.ts';
import { grid } from '../../src/gpu/schedules/wide.ts';
import { wideWorkgroupBytes, type WideShape } from '../../src/gpu/wide_plan.ts';
import { GPU_WORKGROUP_SHAPE, registerShape, workgroupShape } from '../../src/gpu/wide_tuning.ts';

const LIMITS: PlanLimits = {
  maxStorageBufferBindingSize: 134_217_728,
  maxBufferSize: 268_435_456,
  maxComputeWorkgroupStorageSize: 16_384,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupsPerDimension: 65_535,
};
const SOFTWARE = defaultTuning({
  vendor: 'google',
  architecture: 'swiftshader',
  device: '',
  description: '',
  isSoftware: true,
  isFallbackAdapter: false,
});

function request(D: number, hidden: number[], rows: number, batchSize: number): PlanRequest {
  const net = compileNetwork({
    inputs: D,
    features: [],
    hidden,
    activation: 'relu',
    ...BINARY_HEAD,
  });
  return {
    run: {
      net,
      optimizer: resolveOptimizer({ name: 'adam', lr: 1e-3 }),
      batchSize,
      epochs: 3,
      shuffleSeed: 0,
      patience: null,
      initialParams: new Float64Array(net.P),
    },
    rows: { train: rows, validation: 0, test: 0 },
    limits: LIMITS,
    tuning: SOFTWARE,
    schedule: 'auto',
  };
}

describe('the wide plan', () => {
  it('pads every width to the tile and lays the params out layer after layer', () => {
    const wide = planRun({ ...request(5, [6, 3], 100, 16), schedule: 'wide' }).wide;
    const units = SOFTWARE.wide?.tile.units ?? 0;
    expect(units).toBe(8);
    expect(wide?.layers.map((l) => [l.inPad, l.outPad])).toEqual([
      [8, 8],
      [8, 8],
      [8, 8],
    ]);
    // W (8 × 8) then b (8), three times
    expect(wide?.layers.map((l) => [l.weightAt, l.biasAt])).toEqual([
      [0, 64],
      [72, 136],
      [144, 208],
    ]);
    expect(wide?.PP).toBe(216);
  });

  it('takes the wide schedule for a layer past 64 or 1024 params, and only it takes such a layer', () => {
    expect(planRun(request(64, [64, 64], 20_000, 128)).schedule).toBe('wide');
    expect(planRun(request(2, [65], 100, 10)).schedule).toBe('wide');
    expect(planRun(request(2, [8, 8], 250, 10)).schedule).not.toBe('wide');
    expect(() => planRun({ ...request(2, [65], 100, 10), schedule: 'layered' })).toThrow(
      /layered schedule runs a sample a thread and takes layers up to 64 wide; this model has a layer of 65/,
    );
  });

  it('cuts a batch into blocks of 16 rows, and says so in the reduction shape the reference follows', () => {
    const plan = planRun(request(64, [64, 64], 20_000, 128));
    expect(plan.wide?.blocks).toBe(8);
    expect(plan.reduction.step).toEqual({ blockSize: 16, lanes: 1, lanes2: 1 });
    // blocks of 16 in order, then the blocks in order: the same as the kernels' loops
    const values = Array.from({ length: 128 }, (_, i) => Math.fround(Math.sin(i) * 1e3));
    const sums = reduceRecords(
      128,
      1,
      plan.reduction.step,
      (i, r, at) => {
        r[at] = F32.round((r[at] as number) + (values[i] as number));
      },
      F32,
    );
    let total = 0;
    for (let g = 0; g < 8; g++) {
      let block = 0;
      for (let p = 16 * g; p < 16 * g + 16; p++) block = Math.fround(block + (values[p] as number));
      total = Math.fround(total + block);
    }
    expect(sums[0]).toBe(total);
  });

  it('keeps one block of partial sums where the tiles fold the blocks, and the same reduction shape either way', () => {
    const folded = planRun(request(64, [64, 64], 20_000, 128));
    const apart = planRun({
      ...request(64, [64, 64], 20_000, 128),
      tuning: { ...SOFTWARE, wide: registerShape(8, 8, 4) },
    });
    expect(SOFTWARE.wide).toEqual(registerShape(8, 8, 4, { fold: true, updateSpan: 8 }));
    expect([folded.wide?.blocks, folded.wide?.partialBlocks]).toEqual([8, 1]);
    expect([apart.wide?.blocks, apart.wide?.partialBlocks]).toEqual([8, 8]);
    // padded params 64·64 + 64 + 64·64 + 64 + 8·64 + 8 (the logit padded to 8 units): a block each
    expect(folded.wide?.floats.partials).toBe(8840);
    expect(apart.wide?.floats.partials).toBe(8 * 8840);
    expect(folded.reduction).toEqual(apart.reduction);
  });

  it('refuses a model whose buffers pass a binding, naming the buffer, before anything is allocated', () => {
    const huge = request(4096, [4096, 4096, 4096], 1000, 128);
    expect(() => planRun({ ...huge, schedule: 'wide' })).toThrow(GpuCapacityError);
    expect(() => planRun({ ...huge, schedule: 'wide' })).toThrow(
      /wide schedule's wparams need \d+ bytes, more than one storage binding holds/,
    );
    // inputs of 4096 and layers of 1024 fit the default limits, in fewer gradient blocks
    const fits = planRun({ ...request(4096, [1024, 1024], 1000, 128), schedule: 'wide' });
    expect(fits.wide?.blocks).toBeLessThan(8);
    expect(fits.reduction.step.blockSize).toBe(fits.wide?.blockRows);
  });

  it('pads every width to a workgroup tile’s units and a batch to its rows', () => {
    const wide = planRun({
      ...request(5, [6, 40], 100, 20),
      tuning: { ...SOFTWARE, wide: GPU_WORKGROUP_SHAPE },
      schedule: 'wide',
    }).wide;
    // 32 × 32 outputs a workgroup: 5, 6, 40 and 1 pad to 32, 32, 64 and 32; 20 rows to 32
    expect(wide?.layers.map((l) => [l.inPad, l.outPad])).toEqual([
      [32, 32],
      [32, 64],
      [64, 32],
    ]);
    expect(wide?.deltaRows).toBe(32);
    expect((wide?.chunkRows ?? 0) % 32).toBe(0);
  });

  it('refuses a workgroup tile the device cannot hold, saying why, before anything is allocated', () => {
    const wideRequest = (wide: WideShape, limits: Partial<PlanLimits> = {}) => ({
      ...request(64, [64, 64], 1000, 128),
      limits: { ...LIMITS, ...limits },
      tuning: { ...SOFTWARE, wide },
      schedule: 'wide' as const,
    });
    // 64 × 64 outputs, slabs of 32: 32 · (64 + 64) floats, 16 KiB, just the default limit
    const largest = workgroupShape(4, 4, 16, 32);
    expect(wideWorkgroupBytes(largest)).toBe(16_384);
    expect(planRun(wideRequest(largest)).wide?.shape).toEqual(largest);
    expect(() => planRun(wideRequest(largest, { maxComputeWorkgroupStorageSize: 16_383 }))).toThrow(
      /workgroup tile of 64 × 64 with slabs of 32 needs 16384 bytes of workgroup memory; this device allows 16383/,
    );
    expect(() => planRun(wideRequest(workgroupShape(4, 4, 16, 64)))).toThrow(GpuCapacityError);
    expect(() =>
      planRun(wideRequest(GPU_WORKGROUP_SHAPE, { maxComputeInvocationsPerWorkgroup: 32 })),
    ).toThrow(/workgroups of 64 invocations pass this device's 32/);
    // not a square of invocations, a slab that does not divide the tile: refused as such
    expect(() =>
      planRun(wideRequest({ ...GPU_WORKGROUP_SHAPE, group: { rows: 32, units: 16 } })),
    ).toThrow(/must be a square of 64 invocations' 4 × 4 blocks/);
    expect(() => planRun(wideRequest({ ...GPU_WORKGROUP_SHAPE, slab: 12 }))).toThrow(
      /slab of 12 terms must be a multiple of 4 that divides the workgroup's 32 units/,
    );
  });

  it('spreads a dispatch of more than 65 535 workgroups over a second dimension', () => {
    expect(grid(100, 4)).toEqual([25, 1]);
    expect(grid(65_535 * 4 + 1, 4)).toEqual([65_535, 2]);
    const [x, y] = grid(1_000_000 * 8, 4);
    expect(x).toBeLessThanOrEqual(65_535);
    expect(x * y * 4).toBeGreaterThanOrEqual(8_000_000);
  });
});
