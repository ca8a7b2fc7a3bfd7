/**
 * The wide schedule's layout: where each layer's padded weights, activations and deltas live, how a
 * batch is cut into blocks for the gradient sums, and how many rows an evaluation chunk takes.
 * Plain arithmetic on the model, the batch and the tuning, so it is tested without a GPU.
 *
 * Every width is padded to a multiple of a dispatched tile's units (and rows to its rows: an
 * invocation's tile, or a workgroup's), with zeros in the padding: a tile then reads whole vec4s
 * (and a workgroup whole slabs) and never tests a bound inside its loop, and a zero
 * weight times a zero input adds nothing to a sum, so the padded sums equal the plain ones bit for
 * bit, so the CPU reference needs no padding (src/reference/stages.ts).
 */
import type { RunDescription } from '../core/run.ts';
import type { ReductionShape } from '../core/reduction.ts';
import { WORD_BYTES } from './layout.ts';

/** A block of outputs: rows × units of a forward or input-gradient product (units × units of dW). */
export interface WideTile {
  readonly rows: number;
  readonly units: number;
}

/**
 * Register tiles: each invocation computes a tile of its own from vec4 loads, with no barrier and
 * no workgroup memory (what a software adapter runs fastest, where a barrier is a pass over the
 * workgroup's invocations).
 */
export interface RegisterShape {
  readonly kind: 'registers';
  /** each invocation's tile */
  readonly tile: WideTile;
  /** invocations per workgroup of the tiled kernels */
  readonly workgroupSize: number;
  /** batch positions per block of the gradient sums: fewer rows a block, more blocks to spread */
  readonly blockRows: number;
  /**
   * Whether an invocation adds its tile's gradient sums over every block of the batch itself,
   * block after block in order, and writes one partial sum, rather than one per block for the
   * update to add: the same additions in the same order, so the same bits, for fewer and longer
   * invocations and one block of partials to write and read instead of one a block (what a
   * software adapter, with a few cores, runs fastest; a GPU wants the blocks' invocations).
   */
  readonly fold: boolean;
  /** vec4s of params each invocation of the update takes (WorkgroupShape's, below) */
  readonly updateSpan: number;
}

/**
 * Workgroup tiles: a workgroup's invocations load each slab of its tile's inputs (`slab` terms of
 * the sum) into workgroup memory together, wait at a barrier, and each computes its `tile` of the
 * workgroup's `group` from there: every input is read from memory once per workgroup rather than
 * once per invocation, which is what brings a GPU near its multiply-add rate.
 */
export interface WorkgroupShape {
  readonly kind: 'workgroup';
  /** each invocation's block of outputs (its units × units block of dW) */
  readonly tile: WideTile;
  /** the workgroup's tile: `tile` times a square of invocations (n × n, n = group / tile) */
  readonly group: WideTile;
  /** terms of the sum (k, j or batch positions) a slab holds: a multiple of 4 that divides group.units */
  readonly slab: number;
  /** n², the invocations of the square */
  readonly workgroupSize: number;
  readonly blockRows: number;
  /**
   * vec4s of params each invocation of the update takes (strided by the invocations' count, so
   * neighbours take neighbours): 1 on a GPU; more on a software adapter, where an invocation costs
   * about 0.17 µs before it does anything (SwiftShader: the 64-64-64-1 update's 2 211 invocations
   * took 0.41 ms returning at once, 0.07 ms as an eighth as many).
   */
  readonly updateSpan: number;
}

/** The wide kernels' shape on one adapter (src/gpu/tuning.ts keeps it per adapter). */
export type WideShape = RegisterShape | WorkgroupShape;

/** Tile sizes a tuning may choose (each a multiple of 4: a tile reads vec4s). */
export const TILE_SIZES = [4, 8] as const;
/** Rows of a workgroup kind's invocation block (its units stay a multiple of 4, as its stores are vec4s). */
export const WORKGROUP_TILE_ROWS = [1, 2, 4, 8] as const;

/** Whether a shape's invocations add every block of the gradient sums themselves (registers only). */
export function foldsBlocks(shape: WideShape): boolean {
  return shape.kind === 'registers' && shape.fold;
}

/** The outputs one dispatched tile covers: an invocation's (registers) or a workgroup's. */
export function dispatchTile(shape: WideShape): WideTile {
  return shape.kind === 'workgroup' ? shape.group : shape.tile;
}

/** Invocations that share one dispatched tile. */
export function invocationsPerTile(shape: WideShape): number {
  return shape.kind === 'workgroup' ? shape.workgroupSize : 1;
}

/**
 * Bytes of workgroup memory the tiled kernels take: the slab of the left operand (rows, or dW's j)
 * and of the right one (units), as f32.
 */
export function wideWorkgroupBytes(shape: WideShape): number {
  if (shape.kind === 'registers') return 0;
  const { group, slab } = shape;
  return slab * (Math.max(group.rows, group.units) + group.units) * WORD_BYTES;
}

/** What is wrong with a shape on a device with these limits, or null when it fits. */
export function wideShapeProblem(
  shape: WideShape,
  limits: {
    readonly maxComputeWorkgroupStorageSize: number;
    readonly maxComputeInvocationsPerWorkgroup: number;
    readonly maxComputeWorkgroupSizeX: number;
  },
): string | null {
  const { tile, workgroupSize } = shape;
  const cap = Math.min(limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX);
  if (!Number.isInteger(workgroupSize) || workgroupSize < 1 || workgroupSize > cap)
    return `the wide schedule's workgroups of ${workgroupSize} invocations pass this device's ${cap}`;
  if (shape.kind === 'registers') {
    const ok = (n: number) => (TILE_SIZES as readonly number[]).includes(n);
    return ok(tile.rows) && ok(tile.units)
      ? null
      : `the wide schedule's register tiles are ${TILE_SIZES.join(' or ')} rows and units, got ${tile.rows} × ${tile.units}`;
  }
  const { group, slab } = shape;
  const n = group.units / tile.units;
  if (
    !(WORKGROUP_TILE_ROWS as readonly number[]).includes(tile.rows) ||
    !(TILE_SIZES as readonly number[]).includes(tile.units) ||
    !Number.isInteger(n) ||
    group.rows !== n * tile.rows ||
    workgroupSize !== n * n
  )
    return (
      `the wide schedule's workgroup tile of ${group.rows} × ${group.units} must be a square of ` +
      `${workgroupSize} invocations' ${tile.rows} × ${tile.units} blocks`
    );
  if (!Number.isInteger(slab) || slab < 4 || slab % 4 !== 0 || group.units % slab !== 0)
    return `the wide schedule's slab of ${slab} terms must be a multiple of 4 that divides the workgroup's ${group.units} units`;
  const bytes = wideWorkgroupBytes(shape);
  if (bytes > limits.maxComputeWorkgroupStorageSize)
    return (
      `the wide schedule's workgroup tile of ${group.rows} × ${group.units} with slabs of ${slab} needs ` +
      `${bytes} bytes of workgroup memory; this device allows ${limits.maxComputeWorkgroupStorageSize}`
    );
  return null;
}

export interface WideLayer {
  readonly inputs: number;
  readonly outputs: number;
  readonly inPad: number;
  readonly outPad: number;
  /** float offsets of W (outPad × inPad) and b (outPad) in the padded params */
  readonly weightAt: number;
  readonly biasAt: number;
}

export interface WidePlan {
  readonly shape: WideShape;
  readonly layers: readonly WideLayer[];
  /** padded params */
  readonly PP: number;
  /** batch positions per gradient block, and the most blocks a step has */
  readonly blockRows: number;
  readonly blocks: number;
  /** blocks of partial sums a step writes: `blocks`, or 1 where the shape folds them (foldsBlocks) */
  readonly partialBlocks: number;
  /** rows an evaluation chunk takes (a multiple of a dispatched tile's rows) */
  readonly chunkRows: number;
  /** rows the activations hold: the larger of a padded batch and a chunk */
  readonly actRows: number;
  /** rows the deltas hold: a padded batch */
  readonly deltaRows: number;
  /** float offsets in acts of A_0 (the gathered inputs) … A_L (the logits) */
  readonly actAt: readonly number[];
  /** float offsets in deltas of δ_1 … δ_L (index l for δ_l; index 0 unused) */
  readonly deltaAt: readonly number[];
  /** float offset in acts of the rows' labels */
  readonly labelsAt: number;
  /** float offset in rowLoss of the training batch's row losses (after every split's rows) */
  readonly stepLossAt: number;
  /** lanes the epoch's end adds a split's row losses with */
  readonly evalLanes: number;
  readonly floats: {
    readonly wparams: number;
    readonly state: number;
    readonly partials: number;
    readonly acts: number;
    readonly deltas: number;
    readonly rowLoss: number;
  };
}

/** Activations of one evaluation chunk stay under this many floats (64 MiB). */
export const CHUNK_BUDGET_FLOATS = 16 * 1024 * 1024;
/** The epoch's end adds each split's row losses with this many lanes, then a tree. */
export const EVAL_LANES = 64;

const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

/** Widths past this are the wide schedule's alone: a per-sample thread would carry too much. */
export const PER_SAMPLE_MAX_WIDTH = 64;

/**
 * Lays the run out for the wide kernels.
 *
 * @example
 *   const wide = planWide(run, { train: 20000, validation: 0, test: 0 }, shape, 128);
 *   wide.layers[0].inPad; // 64
 */
export function planWide(
  run: RunDescription,
  rows: { readonly train: number; readonly validation: number; readonly test: number },
  shape: WideShape,
  batchSize: number,
  stateSlots: number,
  /** the most floats one binding holds: the gradient blocks are fewer where their partial sums would not fit */
  maxBindingFloats = Infinity,
): WidePlan {
  const tile = dispatchTile(shape);
  let offset = 0;
  const layers = run.net.layers.map((layer) => {
    const inPad = roundUp(layer.inputs, tile.units);
    const outPad = roundUp(layer.outputs, tile.units);
    const weightAt = offset;
    const biasAt = offset + inPad * outPad;
    offset = biasAt + outPad;
    return { inputs: layer.inputs, outputs: layer.outputs, inPad, outPad, weightAt, biasAt };
  });
  const PP = offset;
  const maxBlocks = Math.max(1, Math.floor(maxBindingFloats / PP));
  const blockRows = Math.min(
    batchSize,
    Math.max(shape.blockRows, Math.ceil(batchSize / maxBlocks)),
  );
  const blocks = Math.ceil(batchSize / blockRows);
  const partialBlocks = foldsBlocks(shape) ? 1 : blocks;
  const deltaRows = roundUp(batchSize, tile.rows);
  // floats a row of activations takes: every layer's padded width, and its label
  const rowFloats = (layers[0]?.inPad ?? 0) + layers.reduce((s, l) => s + l.outPad, 0) + 1;
  const largestSplit = Math.max(rows.train, rows.validation, rows.test);
  const chunkRows = Math.max(
    deltaRows,
    Math.min(
      roundUp(largestSplit, tile.rows),
      Math.floor(CHUNK_BUDGET_FLOATS / rowFloats / tile.rows) * tile.rows,
    ),
  );
  const actRows = Math.max(deltaRows, chunkRows);
  const actAt: number[] = [0];
  let acts = actRows * (layers[0]?.inPad ?? 0);
  for (const l of layers) {
    actAt.push(acts);
    acts += actRows * l.outPad;
  }
  const deltaAt: number[] = [0];
  let deltas = 0;
  for (const l of layers) {
    deltaAt.push(deltas);
    deltas += deltaRows * l.outPad;
  }
  const allRows = rows.train + rows.validation + rows.test;
  return {
    shape,
    layers,
    PP,
    blockRows,
    blocks,
    partialBlocks,
    chunkRows,
    actRows,
    deltaRows,
    actAt,
    deltaAt,
    labelsAt: acts,
    stepLossAt: allRows,
    evalLanes: EVAL_LANES,
    floats: {
      wparams: PP,
      state: Math.max(4, stateSlots * PP),
      partials: partialBlocks * PP,
      acts: acts + actRows,
      deltas: Math.max(4, deltas),
      rowLoss: allRows + batchSize,
    },
  };
}

/**
 * The summation order the CPU reference reproduces: a step adds each block's positions in order
 * and the blocks in order (one lane each); the epoch's end adds a split's rows over EVAL_LANES lanes.
 */
export function wideReduction(wide: WidePlan): { step: ReductionShape; eval: ReductionShape } {
  return {
    step: {
      blockSize: wide.blocks > 1 ? wide.blockRows : Infinity,
      lanes: 1,
      lanes2: 1,
    },
    eval: { blockSize: Infinity, lanes: wide.evalLanes, lanes2: 1 },
  };
}

/** Bytes of each wide buffer, each of which must fit one storage binding. */
export function wideBufferBytes(wide: WidePlan): Record<keyof WidePlan['floats'], number> {
  const f = wide.floats;
  return {
    wparams: f.wparams * WORD_BYTES,
    state: f.state * WORD_BYTES,
    partials: f.partials * WORD_BYTES,
    acts: f.acts * WORD_BYTES,
    deltas: f.deltas * WORD_BYTES,
    rowLoss: f.rowLoss * WORD_BYTES,
  };
}
