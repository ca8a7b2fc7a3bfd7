/**
 * What each schedule's run does, counted from its plan: the cost model's inputs (src/gpu/cost.ts).
 * A count is named for what it costs, and the schedules share the names of what they share (the
 * per-sample code is the same WGSL in both), so one fit over both schedules' runs prices each
 * unit once:
 *
 *   steps       a fused step's fixed work (its barriers and loop)
 *   updates     a quantity reduced and applied by the fused kernel
 *   dispatches  a layered dispatch
 *   partials    a block's partial sum read by the layered reduction
 *   positions   a sample on the slowest path (its row read, its loss)
 *   macs        a multiply-add of the wide schedule's tiled products, spread over the device
 *   path…       a unit of per-sample work on that path: one quantity of one sample (S per sample
 *               forward, back and summed; a third of that for an evaluation pass, forward only),
 *               counted apart for the written-out code (pathUnrolled) and loops (pathLooped)
 *
 * The slowest path is what one group of lanes runs in order: a workgroup's threads run `lanes` at
 * a time (4 on SwiftShader, a CPU's vector width; the whole workgroup on a GPU), and a step's
 * workgroups `workgroups` at a time (SwiftShader: the CPU's cores). A new schedule adds its own
 * entry here, sharing names where it shares work.
 */
import type { RunDescription } from '../core/run.ts';
import { MODE } from './layout.ts';
import type { Plan, Schedule } from './plan.ts';
import type { RunCounts } from './cost.ts';

/** How much of a device runs at once: threads of one workgroup, and workgroups. */
export interface Parallelism {
  readonly lanes: number;
  readonly workgroups: number;
}

/** An evaluation pass runs each sample forward only: about a third of a training sample's work. */
const EVAL_SHARE = 1 / 3;

const pathName = (plan: Plan): string => (plan.unrolled ? 'pathUnrolled' : 'pathLooped');

/**
 * One group of lanes' work over a block of `rows`: its positions, and its units of per-sample
 * work (MODE.RECORD: S for each position; MODE.PARAM: each position stored, then the group's
 * quantities summed over every row).
 */
function groupWork(plan: Plan, rows: number, S: number, lanes: number) {
  const group = Math.max(1, Math.min(plan.workgroupSize, lanes));
  const positions = Math.ceil(rows / group);
  const path =
    plan.mode === MODE.RECORD ? positions * S : positions * S + Math.ceil(S / group) * rows;
  return { positions, path };
}

/**
 * Fused: one workgroup, every step in one dispatch: a step's fixed barriers, its batch on the
 * workgroup's lanes, its S quantities reduced and applied; each epoch's evaluation passes on the
 * same lanes.
 */
function fusedCounts(plan: Plan, run: RunDescription, parallel: Parallelism): RunCounts {
  const { S } = run.net;
  const T = plan.totalSteps;
  const step = groupWork(plan, plan.batchSize, S, parallel.lanes);
  const evaluation = groupWork(plan, plan.evalRows, S, parallel.lanes);
  return {
    steps: T,
    updates: T * S,
    positions: T * step.positions + run.epochs * evaluation.positions,
    [pathName(plan)]: T * step.path + run.epochs * evaluation.path * EVAL_SHARE,
  };
}

/**
 * Layered: three dispatches a step; the blocks run `workgroups` at a time, so the slowest path is
 * a block's group of lanes once per wave of blocks; the reduction reads each block's partials.
 */
function layeredCounts(plan: Plan, run: RunDescription, parallel: Parallelism): RunCounts {
  const { S } = run.net;
  const T = plan.totalSteps;
  const E = run.epochs;
  const waves = (blocks: number) => Math.ceil(blocks / Math.max(1, parallel.workgroups));
  const block = groupWork(plan, plan.blockSize, S, parallel.lanes);
  const evalBlock = groupWork(plan, plan.evalBlockSize, S, parallel.lanes);
  const stepWaves = waves(plan.blocks);
  const evalWaves = plan.evalPasses * waves(plan.evalBlocks);
  return {
    dispatches: 3 * T + E * (plan.evalPasses + 1) + (plan.fullBatch ? 3 : 0),
    partials: T * S * Math.ceil(plan.blocks / plan.reduceLanes),
    positions: T * stepWaves * block.positions + E * evalWaves * evalBlock.positions,
    [pathName(plan)]: T * stepWaves * block.path + E * evalWaves * evalBlock.path * EVAL_SHARE,
  };
}

/**
 * Wide: each step gathers the batch, runs every layer forward as a tiled product, the head, each
 * layer's backward pass (its weight gradients per block of the batch and its input gradients, in
 * one dispatch), one update over the padded params and the step's close: 2L + 4 dispatches; each epoch runs every evaluated split forward in chunks.
 * Its products spread over every lane of every workgroup at once.
 */
function wideCounts(plan: Plan, run: RunDescription, parallel: Parallelism): RunCounts {
  const wide = plan.wide;
  if (wide === null) return {};
  const L = wide.layers.length;
  const T = plan.totalSteps;
  const products = wide.layers.reduce((sum, l) => sum + l.inPad * l.outPad, 0);
  const backProducts = wide.layers.slice(1).reduce((sum, l) => sum + l.inPad * l.outPad, 0);
  const chunks = (rows: number) => Math.ceil(rows / wide.chunkRows);
  const evalChunks = plan.evalPasses === 0 ? 0 : chunks(plan.evalRows) + plan.evalPasses - 1;
  // forward, weight gradients and input gradients a step; forward alone for the evaluation; the update's few flops a param
  const macs =
    T * (plan.batchSize * (2 * products + backProducts) + 4 * wide.PP) +
    run.epochs * plan.evalRows * products;
  return {
    dispatches: T * (2 * L + 4) + run.epochs * (evalChunks * (L + 2) + 2),
    macs: macs / (Math.max(1, parallel.lanes) * Math.max(1, parallel.workgroups)),
  };
}

/** Every count's name, the order a fit lists them in. */
export const COUNT_NAMES = [
  'steps',
  'updates',
  'dispatches',
  'partials',
  'positions',
  'pathUnrolled',
  'pathLooped',
  'macs',
] as const;

/** The counts each schedule reports (what `tune` prints for it). */
export const SCHEDULE_COUNTS: Readonly<Record<Schedule, readonly string[]>> = {
  fused: ['steps', 'updates', 'positions', 'pathUnrolled', 'pathLooped'],
  layered: ['dispatches', 'partials', 'positions', 'pathUnrolled', 'pathLooped'],
  wide: ['dispatches', 'macs'],
};

/** Each schedule's counts. */
export const RUN_COUNTS: Readonly<
  Record<Schedule, (plan: Plan, run: RunDescription, parallel: Parallelism) => RunCounts>
> = {
  fused: fusedCounts,
  layered: layeredCounts,
  wide: wideCounts,
};
