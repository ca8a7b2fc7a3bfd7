import { BINARY_HEAD } from '../../src/core/spec.ts';
import { describe, expect, it } from 'vitest';
import { resolveOptimizer } from '../../src/core/optimizers.ts';
import type { RunDescription } from '../../src/core/run.ts';
import { countSegments } from '../../src/gpu/execute.ts';
import { MODE } from '../../src/gpu/layout.ts';
import {
  GpuCapacityError,
  ORDER_BUDGET_WORDS,
  planRun,
  type Plan,
  type PlanLimits,
  type PlanRequest,
} from '../../src/gpu/plan.ts';
import type { ScheduleCost } from '../../src/gpu/cost.ts';
import { RUN_COUNTS } from '../../src/gpu/run_counts.ts';
import { defaultTuning, type Tuning } from '../../src/gpu/tuning.ts';
import type { AdapterSummary } from '../../src/gpu/adapter.ts';
import { defaultWideShape } from '../../src/gpu/wide_tuning.ts';
import { compileNetwork } from '../../src/core/network.ts';

// WebGPU's default limits: what any adapter guarantees when nothing is raised
const DEFAULT_LIMITS: PlanLimits = {
  maxStorageBufferBindingSize: 134_217_728,
  maxBufferSize: 268_435_456,
  maxComputeWorkgroupStorageSize: 16_384,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupsPerDimension: 65_535,
};
const line = (fixedMs: number, perParamMs: number) => ({ fixedMs, perParamMs });
/**
 * A GPU's shapes with a cost model set by hand, so each choice below follows from arithmetic done
 * here: a fused step costs 5 µs and a layered dispatch 8 µs; a sample read 400 ns and each unit of
 * per-sample work 4 ns on the slowest path (6 ns in loops); compiles cost nothing.
 */
const HAND_COST: ScheduleCost = {
  ns: {
    steps: 5000,
    updates: 0,
    dispatches: 8000,
    partials: 0,
    positions: 400,
    pathUnrolled: 4,
    pathLooped: 6,
  },
  compile: { unrolled: line(0, 0), looped: line(0, 0) },
  error: 0.1,
};
const GPU_TUNING: Tuning = {
  fusedWorkgroupSize: 256,
  layeredWorkgroupSize: 256,
  layeredMaxBlocks: 1024,
  reduceWorkgroupSize: 256,
  wide: defaultWideShape(false),
  parallel: { lanes: 256, workgroups: 64 },
  // the wide schedule is left unpriced: these runs weigh the other two
  cost: { fused: HAND_COST, layered: HAND_COST },
  decisions: {},
  source: 'default',
};

function request(
  D: number,
  hidden: number[],
  rows: number,
  run: Partial<RunDescription> = {},
  extra: Partial<PlanRequest> = {},
): PlanRequest {
  const net = compileNetwork({
    inputs: D,
    features: [],
    hidden,
    activation: 'tanh',
    ...BINARY_HEAD,
  });
  return {
    run: {
      net,
      optimizer: resolveOptimizer({ name: 'sgd', lr: 0.1 }),
      batchSize: rows,
      epochs: 1000,
      shuffleSeed: 0,
      patience: null,
      initialParams: new Float64Array(net.P),
      ...run,
    },
    rows: { train: rows, validation: 0, test: 0 },
    limits: DEFAULT_LIMITS,
    tuning: GPU_TUNING,
    schedule: 'auto',
    ...extra,
  };
}

describe('the planner (no GPU needed)', () => {
  it('runs the tutorial fused: one segment, one workgroup summing in registers', () => {
    const plan = planRun(request(2, [], 100));
    expect(plan.schedule).toBe('fused');
    expect(plan.mode).toBe(MODE.RECORD);
    expect(plan.paramsShared).toBe(true);
    expect(countSegments(plan)).toBe(1);
    expect(plan.orderEpochs).toBe(0);
  });

  it('runs the Playground MLP (2-8-8-1, Adam, batches of 10 of 250 rows, 50 epochs) fused, in one segment', () => {
    const plan = planRun(
      request(2, [8, 8], 250, {
        batchSize: 10,
        epochs: 50,
        optimizer: resolveOptimizer({ name: 'adam', lr: 0.03 }),
      }),
    );
    expect(plan.schedule).toBe('fused');
    expect(plan.totalSteps).toBe(1250);
    expect(countSegments(plan)).toBe(1);
    // the whole batch order of the run fits the GPU at once
    expect(plan.orderEpochs).toBe(50);
  });

  it('takes large batches layered where one workgroup would walk them alone: 2-16-16-1 on 100 000 rows in batches of 10 000', () => {
    // fused: 256 lanes walk 40 samples each a step; layered: 40 blocks of 250 run at once (64 at a time)
    const plan = planRun(request(2, [16, 16], 100_000, { batchSize: 10_000, epochs: 3 }));
    expect(plan.schedule).toBe('layered');
    expect(plan.blocks * plan.blockSize).toBeGreaterThanOrEqual(10_000);
    expect(plan.blocks).toBeGreaterThan(1);
    const { fused, layered } = plan.prediction.bySchedule;
    expect(fused?.runMs).toBeGreaterThan(layered?.runMs ?? Infinity);
  });

  it('chooses by comparing predictions, which add each count at its price', () => {
    // the tutorial, 100 rows, full batch, 1000 steps, no evaluation passes (full batch, no splits):
    // fused: 1000 × (5 µs + 1 sample × 400 ns + 4 quantities × 4 ns) = 5.416 ms
    // layered: (3 × 1000 + 1000 + 3) dispatches × 8 µs + 1000 × (400 ns + 16 ns) = 32.44 ms
    const plan = planRun(request(2, [], 100, {}, { unrolled: true }));
    expect(plan.schedule).toBe('fused');
    expect(plan.prediction.bySchedule.fused?.runMs).toBeCloseTo(5.416, 9);
    expect(plan.prediction.bySchedule.layered?.runMs).toBeCloseTo(32.44, 9);
    expect(plan.prediction.close).toBeNull();
  });

  it('calls a run too close to call when the predictions are within their errors of each other', () => {
    // fused steps priced so both schedules come within 10 % of each other
    const even: Tuning = {
      ...GPU_TUNING,
      cost: { fused: { ...HAND_COST, ns: { ...HAND_COST.ns, steps: 32_000 } }, layered: HAND_COST },
    };
    const plan = planRun(request(2, [], 100, {}, { tuning: even, unrolled: true }));
    const { fused, layered } = plan.prediction.bySchedule;
    expect(Math.abs((fused?.runMs ?? 0) / (layered?.runMs ?? 1) - 1)).toBeLessThan(0.2);
    expect(plan.prediction.close).not.toBeNull();
  });

  it('counts the compile a schedule still needs: a short run goes where the whole wait is shortest', () => {
    // the tutorial on 100 rows, 1000 steps (fused 5.416 ms, layered 32.44 ms of training, as
    // above); layered's kernels are compiled already, fused's would take 100 ms to compile
    const costly = { ...HAND_COST, compile: { unrolled: line(100, 0), looped: line(100, 0) } };
    const tuning: Tuning = { ...GPU_TUNING, cost: { fused: costly, layered: costly } };
    const compiledLayered = (plan: Plan) => (plan.schedule === 'layered' ? 1 : 0);
    const plan = planRun(
      request(2, [], 100, {}, { tuning, unrolled: true, compiled: compiledLayered }),
    );
    // fused: 100 + 5.416 ms; layered: 0 + 32.44 ms
    expect(plan.schedule).toBe('layered');
    // ten times the steps: fused 100 + 54.16 ms, layered 324.4 ms
    const long = planRun(
      request(
        2,
        [],
        100,
        { epochs: 10_000 },
        { tuning, unrolled: true, compiled: compiledLayered },
      ),
    );
    expect(long.schedule).toBe('fused');
  });

  it("with the software adapter's default prices, sends small MLPs to the one-dispatch fused schedule", () => {
    const software = defaultTuning({
      vendor: 'google',
      architecture: 'swiftshader',
      device: '',
      description: 'SwiftShader',
      isFallbackAdapter: false,
      isSoftware: true,
    } satisfies AdapterSummary);
    const adam = resolveOptimizer({ name: 'adam', lr: 0.01 });
    // the Playground MLP: 250 rows in batches of 10, 50 epochs
    const playground = planRun(
      request(2, [8, 8], 250, { batchSize: 10, epochs: 50, optimizer: adam }, { tuning: software }),
    );
    expect(playground.schedule).toBe('fused');
    // 2-16-16-1: 150 rows in batches of 32, 6 epochs, its kernels compiled earlier in the session
    // (measured on SwiftShader: fused 21 ms of GPU time, layered 107 ms, wide 20 ms; compiling
    // took 0.27 s, 0.23 s and 0.83 s, so a first run is a near thing between fused and layered)
    const small = planRun(
      request(
        2,
        [16, 16],
        150,
        { batchSize: 32, epochs: 6, optimizer: adam },
        { tuning: software, compiled: () => 1 },
      ),
    );
    expect(small.schedule).toBe('fused');
  });

  it('writes the per-sample code out only where the faster steps pay for the longer compile', () => {
    // written out: 2 ms a param to compile, loops: 0.1; a step's unit of work 4 ns against 60 ns
    const costly: ScheduleCost = {
      ...HAND_COST,
      ns: { ...HAND_COST.ns, pathLooped: 60 },
      compile: { unrolled: line(100, 2), looped: line(100, 0.1) },
    };
    const tuning: Tuning = { ...GPU_TUNING, cost: { fused: costly, layered: costly } };
    const adam = { optimizer: resolveOptimizer({ name: 'adam', lr: 0.03 }), batchSize: 10 };
    // 2-8-8-1 (105 params): 50 epochs of 25 steps save 1250 × 1 × 106 × 56 ns = 7.4 ms, far short of 200 ms
    const short = planRun(request(2, [8, 8], 250, { ...adam, epochs: 50 }, { tuning }));
    expect(short.unrolled).toBe(false);
    // 50 000 epochs save 7.4 s
    const long = planRun(request(2, [8, 8], 250, { ...adam, epochs: 50_000 }, { tuning }));
    expect(long.unrolled).toBe(true);
    // beyond 128 params the code is never written out
    const wide = planRun(request(2, [16, 16], 250, { ...adam, epochs: 50_000 }, { tuning }));
    expect(wide.unrolled).toBe(false);
  });

  it('honours a forced schedule, and refuses a fused run whose data needs two bindings', () => {
    expect(planRun(request(2, [], 100, {}, { schedule: 'layered' })).schedule).toBe('layered');
    expect(planRun(request(2, [], 100_000, {}, { schedule: 'fused' })).schedule).toBe('fused');
    expect(() => planRun(request(8, [], 10_000_000, { epochs: 1 }, { schedule: 'fused' }))).toThrow(
      GpuCapacityError,
    );
  });

  it('spreads 10⁷ rows of 8 features over bindings that each fit, and refuses what four cannot hold', () => {
    const plan = planRun(request(8, [], 10_000_000, { epochs: 2 }));
    expect(plan.schedule).toBe('layered');
    expect(plan.chunks).toBeGreaterThan(1);
    expect(plan.chunks).toBeLessThanOrEqual(4);
    expect(plan.rowsPerChunk * 9 * 4).toBeLessThanOrEqual(
      DEFAULT_LIMITS.maxStorageBufferBindingSize,
    );
    expect(plan.rowsPerChunk * plan.chunks).toBeGreaterThanOrEqual(10_000_000);
    expect(() => planRun(request(20, [], 10_000_000, { epochs: 2 }))).toThrow(/storage bindings/);
  });

  it('holds the batch order of a few epochs at a time, never an epochs × N table', () => {
    const plan = planRun(request(2, [8], 1_000_000, { batchSize: 100, epochs: 1000 }));
    expect(plan.orderEpochs * 1_000_000).toBeLessThanOrEqual(ORDER_BUDGET_WORDS);
    expect(plan.orderEpochs).toBeGreaterThanOrEqual(1);
    // memory is the data, the params and the losses: far under an epochs × N table of u32
    expect(plan.deviceBytes).toBeLessThan(1000 * 1_000_000 * 4 * 0.1);
  });

  it("keeps Adam's corrections only until they stop changing in f32", () => {
    const adam = resolveOptimizer({ name: 'adam', lr: 0.01 });
    const plan = planRun(request(2, [], 1000, { epochs: 1_000_000, optimizer: adam }));
    expect(plan.work.tableEntries).toBeGreaterThan(100);
    expect(plan.work.tableEntries).toBeLessThan(50_000);
  });

  it('falls back to per-quantity sums where the per-thread records do not fit workgroup memory', () => {
    const plan = planRun(request(2, [64, 64], 100, {}, { schedule: 'fused' }));
    expect(plan.mode).toBe(MODE.PARAM);
    const small = planRun(request(2, [8, 8], 100, {}, { schedule: 'fused' }));
    expect(small.mode).toBe(MODE.RECORD);
  });

  it("keeps Adam's state in workgroup memory beside the params where both fit, and in storage where only the params do", () => {
    const adam = { batchSize: 10, optimizer: resolveOptimizer({ name: 'adam', lr: 0.03 }) };
    const playground = planRun(request(2, [8, 8], 250, adam, { schedule: 'fused' }));
    expect([playground.paramsShared, playground.stateShared]).toEqual([true, true]);
    // SGD has no state to keep
    expect(planRun(request(2, [8, 8], 250, { batchSize: 10 })).stateShared).toBe(false);
    // 2-32-32-1 (1185 params, Adam's 2370 floats of state) on 8 kB: the params fit, the state not
    const tight = { ...DEFAULT_LIMITS, maxComputeWorkgroupStorageSize: 8192 };
    const wide = planRun(request(2, [32, 32], 250, adam, { schedule: 'fused', limits: tight }));
    expect([wide.paramsShared, wide.stateShared]).toEqual([true, false]);
  });

  it('refuses a workgroup size that is not a power of two, or too large for the device', () => {
    expect(() => planRun(request(2, [], 100, {}, { workgroupSize: 48 }))).toThrow(GpuCapacityError);
    expect(() => planRun(request(2, [], 100, {}, { workgroupSize: 512 }))).toThrow(
      GpuCapacityError,
    );
  });
});

describe("what each schedule's run does, as the cost model counts it (no GPU needed)", () => {
  // SwiftShader's shapes: fused 4 threads, layered 16 threads and at most 8 blocks; 4 lanes at a
  // time, 2 workgroups at a time (its cores)
  const software: Tuning = {
    ...GPU_TUNING,
    fusedWorkgroupSize: 4,
    layeredWorkgroupSize: 16,
    layeredMaxBlocks: 8,
    reduceWorkgroupSize: 64,
    parallel: { lanes: 4, workgroups: 2 },
  };
  // the Playground MLP: 2-8-8-1 (P = 105, S = 106), batches of 10 of 250 rows, 50 epochs
  const playground = request(
    2,
    [8, 8],
    250,
    { batchSize: 10, epochs: 50, optimizer: resolveOptimizer({ name: 'adam', lr: 0.03 }) },
    { tuning: software, unrolled: true },
  );

  it('fused: each step 3 samples a lane and 106 quantities; each epoch 63 samples a lane forward', () => {
    const plan = planRun({ ...playground, schedule: 'fused' });
    // 1250 steps; ⌈10 / 4⌉ = 3 positions a step; ⌈250 / 4⌉ = 63 an epoch's evaluation
    expect(RUN_COUNTS.fused(plan, playground.run, software.parallel)).toEqual({
      steps: 1250,
      updates: 1250 * 106,
      positions: 1250 * 3 + 50 * 63,
      pathUnrolled: 1250 * 3 * 106 + (50 * 63 * 106) / 3,
    });
  });

  it('layered: three dispatches a step, one block of 10, evaluation in 8 blocks of 32 two at a time', () => {
    const plan = planRun({ ...playground, schedule: 'layered' });
    expect([plan.blocks, plan.blockSize, plan.evalBlocks, plan.evalBlockSize]).toEqual([
      1, 10, 8, 32,
    ]);
    // an epoch: 4 waves of 2 blocks, ⌈32 / 4⌉ = 8 positions each; the reduction 8 lanes wide
    const counts = RUN_COUNTS.layered(plan, playground.run, software.parallel);
    expect(counts['dispatches']).toBe(3 * 1250 + 50 * 2);
    expect(counts['partials']).toBe(1250 * 106);
    expect(counts['positions']).toBe(1250 * 3 + 50 * 4 * 8);
    expect(counts['pathUnrolled']).toBeCloseTo(1250 * 3 * 106 + (50 * 4 * 8 * 106) / 3, 9);
  });
});

describe('the wide schedule in the planner (no GPU needed)', () => {
  it('is the only one to take a layer wider than 64, so auto takes it; the others refuse by name', () => {
    const plan = planRun(request(2, [100], 1000, { batchSize: 100, epochs: 2 }));
    expect(plan.schedule).toBe('wide');
    expect(Object.keys(plan.prediction.bySchedule)).toEqual(['wide']);
    expect(() => planRun(request(2, [100], 1000, {}, { schedule: 'fused' }))).toThrow(
      /takes layers up to 64 wide/,
    );
  });
});
