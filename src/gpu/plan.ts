/**
 * The planner: one run description in, one plan out. It shapes the run on every schedule that can
 * take it (fused: the whole run in one workgroup and one dispatch; layered: many workgroups a
 * step, a sample a thread; wide: each layer a tiled product over rows × units), in both forms of
 * the per-sample code (written out, or loops), predicts what each costs with the adapter's cost
 * model (src/gpu/cost.ts: compiling, then training), keeps each schedule's cheaper form and the
 * schedule that trains fastest; it decides how a batch is summed (the same ReductionShape the CPU
 * reference reproduces) and every buffer's size, and refuses what cannot fit before anything is
 * allocated. Plain arithmetic on its inputs, so it is tested without a GPU.
 */
import { stepsPerEpoch as stepsInEpoch } from '../core/batches.ts';
import { stateSlots, adamCorrectionTable } from '../core/optimizers.ts';
import { SCHEDULES, type ScheduleChoice } from '../core/options.ts';
import type { RunDescription } from '../core/run.ts';
import type { ReductionShape } from '../core/reduction.ts';
import { MODE, WORD_BYTES } from './layout.ts';
import { scratchRowFloats, type SumMode } from './model_wgsl.ts';
import { UNROLL_MAX_PARAMS } from './sample_wgsl.ts';
import {
  predictCompileMs,
  predictRunMs,
  tooCloseToCall,
  totalMs,
  type Prediction,
} from './cost.ts';
import { RUN_COUNTS } from './run_counts.ts';
import type { Tuning } from './tuning.ts';
import {
  planWide,
  PER_SAMPLE_MAX_WIDTH,
  wideBufferBytes,
  wideReduction,
  wideShapeProblem,
  type WidePlan,
} from './wide_plan.ts';

export type Schedule = Exclude<ScheduleChoice, 'auto'>;
/** Every schedule, in the order auto weighs them. */
export const SCHEDULE_NAMES: readonly Schedule[] = SCHEDULES.filter(
  (s): s is Schedule => s !== 'auto',
);

/** The device limits a plan must respect (a subset of GPUSupportedLimits). */
export interface PlanLimits {
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
  readonly maxComputeWorkgroupStorageSize: number;
  readonly maxComputeInvocationsPerWorkgroup: number;
  readonly maxComputeWorkgroupSizeX: number;
  readonly maxComputeWorkgroupsPerDimension: number;
}

export interface PlanRequest {
  readonly run: RunDescription;
  readonly rows: { readonly train: number; readonly validation: number; readonly test: number };
  readonly limits: PlanLimits;
  readonly tuning: Tuning;
  readonly schedule: ScheduleChoice;
  /** forces the workgroup size of the per-sample kernels */
  readonly workgroupSize?: number | undefined;
  /** forces the form of the per-sample code: written out (true) or loops; else the cheaper */
  readonly unrolled?: boolean | undefined;
  /**
   * The share (0 to 1) of a plan's kernels this device has compiled already, whose compile the run
   * does not pay; none when absent
   */
  readonly compiled?: ((plan: Plan) => number) | undefined;
}

/** What the planner predicted, and why it chose. */
export interface PlanPrediction {
  /** each schedule weighed (auto: all that can take the run; forced: the one asked for) */
  readonly bySchedule: Readonly<Partial<Record<Schedule, Prediction>>>;
  /** auto, and the two fastest are within their errors of each other: a short trial should decide */
  readonly close: Schedule | null;
}

export interface Plan {
  readonly schedule: Schedule;
  /** the per-sample code written out statement by statement (else loops with constant bounds) */
  readonly unrolled: boolean;
  readonly prediction: PlanPrediction;
  /** threads per workgroup of the kernels that take samples */
  readonly workgroupSize: number;
  /** threads per workgroup that add the blocks' partials (layered) */
  readonly reduceWorkgroupSize: number;
  /** lanes a quantity's partials are added with (layered; the rest of the workgroup takes other quantities) */
  readonly reduceLanes: number;
  readonly mode: SumMode;
  readonly paramsShared: boolean;
  /** the optimizer's state lives in workgroup memory for the whole dispatch (fused) */
  readonly stateShared: boolean;
  /** the summation order, for the CPU reference to reproduce */
  readonly reduction: { readonly step: ReductionShape; readonly eval: ReductionShape };
  readonly batchSize: number;
  readonly fullBatch: boolean;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  /** epochs of batch order the GPU holds at once (0 for full batch) */
  readonly orderEpochs: number;
  /** rows of X: train, then validation, then test */
  readonly rows: number;
  /** rows per X binding (layered may split X over up to four bindings) */
  readonly rowsPerChunk: number;
  readonly chunks: number;
  /** layered: blocks of a training batch (workgroups per step), of blockSize positions each */
  readonly blocks: number;
  readonly blockSize: number;
  /** layered: blocks of an evaluation pass over the largest split */
  readonly evalBlocks: number;
  readonly evalBlockSize: number;
  /** rows an epoch's evaluation passes read (train unless full batch, validation, test), and passes */
  readonly evalRows: number;
  readonly evalPasses: number;
  readonly work: {
    readonly stateOffset: number;
    readonly tableOffset: number;
    readonly tableEntries: number;
    readonly scratchOffset: number;
    readonly partialOffset: number;
    readonly floats: number;
  };
  readonly losses: { readonly epochLossOffset: number; readonly floats: number };
  /** the wide schedule's layout (null on the others) */
  readonly wide: WidePlan | null;
  /** bytes the run allocates on the GPU */
  readonly deviceBytes: number;
}

/** Work a GPU cannot take: refused before anything is allocated. */
export class GpuCapacityError extends Error {
  override name = 'GpuCapacityError';
}

/** At most this many u32 of batch order live on the GPU (64 MiB); more epochs are streamed. */
export const ORDER_BUDGET_WORDS = 16 * 1024 * 1024;
/** The most quantities a thread sums in registers (MODE.RECORD); more are summed per quantity. */
export const MAX_RECORD_QUANTITIES = 128;
/** The most X bindings a layered kernel reads. */
export const MAX_X_CHUNKS = 4;

const isPowerOfTwo = (n: number): boolean => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
const floorPowerOfTwo = (n: number): number => 2 ** Math.floor(Math.log2(Math.max(1, n)));

/** Bytes of workgroup memory the fused kernel declares (stateFloats: the optimizer's state, when shared). */
export function fusedWorkgroupBytes(
  workgroupSize: number,
  S: number,
  P: number,
  mode: SumMode,
  paramsShared: boolean,
  stateFloats = 0,
): number {
  const laneStride = mode === MODE.RECORD ? S : 1;
  const state = Math.max(1, stateFloats);
  return (workgroupSize * laneStride + (paramsShared ? P : 1) + state + 4) * WORD_BYTES;
}

function checkWorkgroupSize(size: number, limits: PlanLimits): void {
  const cap = Math.min(limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX);
  if (!isPowerOfTwo(size) || size > cap)
    throw new GpuCapacityError(
      `the workgroup size must be a power of two up to ${cap} on this device, got ${size}`,
    );
}

interface FusedShape {
  readonly workgroupSize: number;
  readonly mode: SumMode;
  readonly paramsShared: boolean;
  readonly stateShared: boolean;
}

/**
 * The fused kernel's shape. Per-thread records (MODE.RECORD) are the fastest way to sum where they
 * fit workgroup memory: at most one thread per batch row is worth having there. Otherwise one
 * thread per quantity (MODE.PARAM). The params, then the optimizer's state, live in workgroup
 * memory where they fit, at each workgroup size; storage otherwise.
 */
function fusedShape(
  wanted: number,
  batchSize: number,
  S: number,
  P: number,
  stateFloats: number,
  limits: PlanLimits,
): FusedShape | null {
  const budget = limits.maxComputeWorkgroupStorageSize;
  const fits = (o: FusedShape): boolean =>
    fusedWorkgroupBytes(
      o.workgroupSize,
      S,
      P,
      o.mode,
      o.paramsShared,
      o.stateShared ? stateFloats : 0,
    ) <= budget;
  const sharing = [
    { paramsShared: true, stateShared: stateFloats > 0 },
    { paramsShared: true, stateShared: false },
    { paramsShared: false, stateShared: false },
  ];
  const first = (size: number, mode: SumMode, options: typeof sharing): FusedShape | null =>
    options.map((o) => ({ workgroupSize: size, mode, ...o })).find((shape) => fits(shape)) ?? null;
  if (S <= MAX_RECORD_QUANTITIES) {
    // records keep the params in workgroup memory; where that does not fit, one thread per quantity
    for (let size = Math.min(wanted, nextPowerOfTwo(batchSize)); size >= 1; size /= 2) {
      const record = first(size, MODE.RECORD, sharing.slice(0, 2));
      if (record !== null) return record;
    }
  }
  for (let size = wanted; size >= 1; size /= 2) {
    const param = first(size, MODE.PARAM, sharing);
    if (param !== null) return param;
  }
  return null;
}

const nextPowerOfTwo = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

/** How many epochs of order fit the budget, at least one and at most the run's. */
export function orderEpochsFor(trainRows: number, epochs: number, fullBatch: boolean): number {
  if (fullBatch) return 0;
  return Math.max(1, Math.min(epochs, Math.floor(ORDER_BUDGET_WORDS / trainRows)));
}

/**
 * Decides how a run executes: every schedule that can take it (one when forced), each in the
 * form of its code that is cheaper to compile and run, the schedule whose compile (where not yet
 * compiled) and training are predicted to end soonest.
 *
 * @example
 *   const plan = planRun({ run, rows: { train: 100, validation: 0, test: 0 }, limits: device.limits, tuning, schedule: 'auto' });
 *   plan.schedule; // 'fused'
 */
export function planRun(request: PlanRequest): Plan {
  const candidates = request.schedule === 'auto' ? SCHEDULE_NAMES : [request.schedule];
  const forms =
    request.unrolled !== undefined
      ? [request.unrolled]
      : request.run.net.P <= UNROLL_MAX_PARAMS
        ? [false, true]
        : [false];
  const weighed: { plan: Plan; prediction: Prediction }[] = [];
  let refusal: GpuCapacityError | null = null;
  for (const schedule of candidates) {
    let best: { plan: Plan; prediction: Prediction } | null = null;
    // the wide schedule's code has one form
    for (const unrolled of schedule === 'wide' ? [false] : forms) {
      let plan: Plan;
      try {
        plan = shapeRun(request, schedule, unrolled);
      } catch (error) {
        // auto takes what fits; a forced schedule says why it cannot
        if (!(error instanceof GpuCapacityError) || candidates.length === 1) throw error;
        refusal ??= error;
        break;
      }
      const prediction = predict(request, plan);
      if (best === null || totalMs(prediction) < totalMs(best.prediction))
        best = { plan, prediction };
    }
    if (best !== null) weighed.push(best);
  }
  if (weighed.length === 0) throw refusal ?? new GpuCapacityError('no schedule can take this run');
  // what the user waits for: the kernels' compile where this process has not compiled them yet
  // (the page compiles ahead of Train, a session keeps its pipelines: then it counts 0), and the
  // training; a one-shot command pays both, and for a short run the compile is most of it
  weighed.sort((a, b) => totalMs(a.prediction) - totalMs(b.prediction));
  const [first, second] = weighed as [(typeof weighed)[0], ...typeof weighed];
  const close =
    second !== undefined && tooCloseToCall(first.prediction, second.prediction)
      ? second.plan.schedule
      : null;
  return {
    ...first.plan,
    prediction: {
      bySchedule: Object.fromEntries(weighed.map((w) => [w.plan.schedule, w.prediction])),
      close,
    },
  };
}

/** What the run would cost on this plan: compiling its kernels (unless they are), then training. */
function predict(request: PlanRequest, plan: Plan): Prediction {
  const cost = request.tuning.cost[plan.schedule];
  if (cost === undefined)
    return { runMs: Infinity, compileMs: 0, unrolled: plan.unrolled, error: 1 };
  const counts = RUN_COUNTS[plan.schedule](plan, request.run, request.tuning.parallel);
  const compiled = Math.min(1, Math.max(0, request.compiled?.(plan) ?? 0));
  return {
    runMs: predictRunMs(cost, counts),
    compileMs: (1 - compiled) * predictCompileMs(cost, request.run.net.P, plan.unrolled),
    unrolled: plan.unrolled,
    error: cost.error,
  };
}

/** The run shaped for one schedule and one form of its code; GpuCapacityError where it cannot fit. */
export function shapeRun(request: PlanRequest, schedule: Schedule, unrolled: boolean): Plan {
  const { run, rows, limits, tuning } = request;
  const { net } = run;
  const N = rows.train;
  if (!Number.isInteger(N) || N < 1) throw new GpuCapacityError(`no training rows (got ${N})`);
  const batchSize = Math.min(run.batchSize, N);
  const fullBatch = batchSize === N;
  const stepsPerEpoch = stepsInEpoch(N, batchSize);
  const totalSteps = stepsPerEpoch * run.epochs;
  const allRows = N + rows.validation + rows.test;
  const D = net.inputs;
  const maxBinding = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  // each row of X holds its D features, then its label
  const bytesPerRow = (D + 1) * WORD_BYTES;
  const rowsPerBinding = Math.floor(maxBinding / bytesPerRow);
  if (rowsPerBinding < 1)
    throw new GpuCapacityError(
      `one row of ${D} features does not fit a ${maxBinding}-byte binding`,
    );
  if (allRows > rowsPerBinding * MAX_X_CHUNKS)
    throw new GpuCapacityError(
      `${allRows} rows × ${D} features need ${Math.ceil(allRows / rowsPerBinding)} storage bindings of ` +
        `${maxBinding} bytes; this device takes at most ${MAX_X_CHUNKS}`,
    );
  const lossFloats = totalSteps + 3 * run.epochs;
  if (lossFloats * WORD_BYTES > maxBinding)
    throw new GpuCapacityError(
      `${totalSteps} steps and ${run.epochs} epochs of losses do not fit one storage binding on this device`,
    );
  const orderEpochs = orderEpochsFor(N, run.epochs, fullBatch);
  if (!fullBatch && N * WORD_BYTES > maxBinding)
    throw new GpuCapacityError(`the batch order of ${N} rows does not fit one storage binding`);

  const wanted = request.workgroupSize;
  if (wanted !== undefined) checkWorkgroupSize(wanted, limits);
  const cap = floorPowerOfTwo(
    Math.min(limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX),
  );
  const stateFloats = stateSlots(run.optimizer.name) * net.P;
  const tableEntries =
    run.optimizer.name === 'adam' || run.optimizer.name === 'adamw'
      ? adamCorrectionTable(run.optimizer, totalSteps).length / 2
      : 0;
  const rowFloats = scratchRowFloats(run);
  // what an epoch's evaluation passes read: train (unless full batch, where the next step's loss is it), validation, test
  const evalSplits = [fullBatch ? 0 : N, rows.validation, rows.test].filter((n) => n > 0);
  const evalRows = evalSplits.reduce((sum, n) => sum + n, 0);
  const evalPasses = evalSplits.length;

  const widest = Math.max(0, ...net.spec.hidden);
  if (schedule !== 'wide' && widest > PER_SAMPLE_MAX_WIDTH)
    throw new GpuCapacityError(
      `the ${schedule} schedule runs a sample a thread and takes layers up to ${PER_SAMPLE_MAX_WIDTH} wide; ` +
        `this model has a layer of ${widest}: use the wide schedule (or auto)`,
    );

  if (schedule === 'wide') {
    const shapeProblem = wideShapeProblem(tuning.wide, limits);
    if (shapeProblem !== null) throw new GpuCapacityError(shapeProblem);
    const wide = planWide(
      run,
      rows,
      tuning.wide,
      batchSize,
      stateSlots(run.optimizer.name),
      Math.floor(maxBinding / WORD_BYTES),
    );
    for (const [name, bytes] of Object.entries(wideBufferBytes(wide))) {
      if (bytes > maxBinding)
        throw new GpuCapacityError(
          `the wide schedule's ${name} need ${bytes} bytes, more than one storage binding holds on this device (${maxBinding}); ` +
            'try narrower layers or a smaller batch',
        );
    }
    if (allRows > rowsPerBinding)
      throw new GpuCapacityError(
        `the wide schedule needs the data in one storage binding; ${allRows} rows × ${D} features need ${Math.ceil(allRows / rowsPerBinding)}`,
      );
    return finish({
      schedule,
      workgroupSize: tuning.wide.workgroupSize,
      reduceWorkgroupSize: wide.evalLanes,
      reduceLanes: 1,
      mode: MODE.PARAM,
      paramsShared: false,
      stateShared: false,
      reduction: wideReduction(wide),
      blocks: wide.blocks,
      blockSize: wide.blockRows,
      evalBlocks: 1,
      evalBlockSize: wide.chunkRows,
      partialFloats: 0,
      wide,
    });
  }

  if (schedule === 'fused') {
    const fused = fusedShape(
      Math.min(wanted ?? tuning.fusedWorkgroupSize, cap),
      batchSize,
      net.S,
      net.P,
      stateFloats,
      limits,
    );
    if (fused === null)
      throw new GpuCapacityError(
        `the fused schedule needs ${fusedWorkgroupBytes(1, net.S, net.P, MODE.PARAM, false)} bytes of workgroup memory; this device allows ${limits.maxComputeWorkgroupStorageSize}`,
      );
    if (allRows > rowsPerBinding)
      throw new GpuCapacityError(
        `the fused schedule needs the data in one storage binding; ${allRows} rows × ${D} features need ${Math.ceil(allRows / rowsPerBinding)}`,
      );
    const { workgroupSize, mode, paramsShared, stateShared } = fused;
    return finish({
      schedule,
      workgroupSize,
      reduceWorkgroupSize: 1,
      reduceLanes: 1,
      mode,
      paramsShared,
      stateShared,
      reduction: {
        step: { blockSize: Infinity, lanes: mode === MODE.RECORD ? workgroupSize : 1, lanes2: 1 },
        eval: { blockSize: Infinity, lanes: workgroupSize, lanes2: 1 },
      },
      blocks: 1,
      blockSize: batchSize,
      evalBlocks: 1,
      evalBlockSize: Math.max(N, rows.validation, rows.test),
      partialFloats: 0,
      wide: null,
    });
  }

  // layered: a batch is cut into blocks, one workgroup each, then the blocks' sums are added
  const workgroupSize = Math.min(wanted ?? tuning.layeredWorkgroupSize, cap);
  checkWorkgroupSize(workgroupSize, limits);
  const mode =
    net.S <= MAX_RECORD_QUANTITIES &&
    (workgroupSize * net.S + 4) * WORD_BYTES <= limits.maxComputeWorkgroupStorageSize
      ? MODE.RECORD
      : MODE.PARAM;
  const maxBlocks = Math.min(tuning.layeredMaxBlocks, limits.maxComputeWorkgroupsPerDimension);
  const blockSize = Math.max(
    1,
    Math.ceil(batchSize / Math.min(maxBlocks, Math.ceil(batchSize / workgroupSize))),
  );
  const blocks = Math.ceil(batchSize / blockSize);
  const largestSplit = Math.max(N, rows.validation, rows.test);
  const evalBlockSize = Math.max(workgroupSize, Math.ceil(largestSplit / maxBlocks));
  const evalBlocks = Math.ceil(largestSplit / evalBlockSize);
  const reduceWorkgroupSize = Math.min(tuning.reduceWorkgroupSize, cap);
  checkWorkgroupSize(reduceWorkgroupSize, limits);
  // no more lanes than blocks (or eval blocks) to add: the rest of the workgroup takes other quantities
  const reduceLanes = Math.min(reduceWorkgroupSize, nextPowerOfTwo(Math.max(blocks, evalBlocks)));

  return finish({
    schedule,
    workgroupSize,
    reduceWorkgroupSize,
    reduceLanes,
    mode,
    paramsShared: false,
    stateShared: false,
    reduction: {
      step: {
        blockSize,
        lanes: mode === MODE.RECORD ? workgroupSize : 1,
        lanes2: reduceLanes,
      },
      eval: { blockSize: evalBlockSize, lanes: workgroupSize, lanes2: reduceLanes },
    },
    blocks,
    blockSize,
    evalBlocks,
    evalBlockSize,
    partialFloats: Math.max(blocks * net.S, 3 * evalBlocks),
    wide: null,
  });

  function finish(
    shape: Omit<
      Plan,
      | 'unrolled'
      | 'prediction'
      | 'evalRows'
      | 'evalPasses'
      | 'batchSize'
      | 'fullBatch'
      | 'stepsPerEpoch'
      | 'totalSteps'
      | 'orderEpochs'
      | 'rows'
      | 'rowsPerChunk'
      | 'chunks'
      | 'work'
      | 'losses'
      | 'deviceBytes'
    > & { readonly partialFloats: number },
  ): Plan {
    const scratchFloats =
      shape.mode === MODE.PARAM && shape.schedule !== 'wide' ? batchSize * rowFloats : 0;
    const { partialFloats, ...planShape } = shape;
    const scratchOffset = stateFloats + 2 * tableEntries;
    const work = {
      stateOffset: 0,
      tableOffset: stateFloats,
      tableEntries,
      scratchOffset,
      partialOffset: scratchOffset + scratchFloats,
      floats: scratchOffset + scratchFloats + partialFloats,
    };
    if (work.floats * WORD_BYTES > maxBinding)
      throw new GpuCapacityError(
        `the optimizer state and per-sample scratch (${work.floats} floats) do not fit one storage binding`,
      );
    const rowsPerChunk = shape.schedule === 'layered' ? Math.min(allRows, rowsPerBinding) : allRows;
    const orderWords = fullBatch ? 1 : orderEpochs * N;
    const wideBytes =
      shape.wide === null
        ? 0
        : Object.values(wideBufferBytes(shape.wide)).reduce((sum, b) => sum + b, 0);
    const deviceBytes =
      WORD_BYTES * (allRows * (D + 1) + orderWords + 2 * net.P + work.floats + lossFloats) +
      wideBytes;
    return {
      ...planShape,
      unrolled,
      prediction: { bySchedule: {}, close: null },
      evalRows,
      evalPasses,
      batchSize,
      fullBatch,
      stepsPerEpoch,
      totalSteps,
      orderEpochs,
      rows: allRows,
      rowsPerChunk,
      chunks: Math.ceil(allRows / rowsPerChunk),
      work,
      losses: { epochLossOffset: totalSteps, floats: lossFloats },
      deviceBytes,
    };
  }
}
