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

  it('spreads a dispatch of more than 65 535 workgroups over a second dimension', () => {
    expect(grid(100, 4)).toEqual([25, 1]);
    expect(grid(65_535 * 4 + 1, 4)).toEqual([65_535, 2]);
    const [x, y] = grid(1_000_000 * 8, 4);
    expect(x).toBeLessThanOrEqual(65_535);
    expect(x * y * 4).toBeGreaterThanOrEqual(8_000_000);
  });
});
