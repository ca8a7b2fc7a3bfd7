/**
 * The wide schedule's shape by kind of adapter, until a tuning pass measures one (src/gpu/tune.ts).
 * A software adapter runs a workgroup's invocations a few at a time on one CPU thread, where a
 * barrier costs a pass over them and a small workgroup of register tiles runs fastest (a probe on
 * SwiftShader: a 4×4-register tile with vec4 loads ran a 128×64 by 64×64 product at 1–2 GFLOP/s,
 * tiles behind barriers at 0.06). dev/wide timed 64-64-64-1's step at batch 128 on SwiftShader
 * fastest with 8×8 tiles in workgroups of 4 (5.3 ms, against 5.8 for 4×8 and 6.9 for 8×4, in one
 * quiet run; the same order under load 12), at twice 4×4's compile time. Folding the gradient's
 * blocks into each invocation then took that step from 5.2 ms to 4.2 ms (`webgpu-train kernels`,
 * the backward and update kernels 1.7 + 1.1 + 0.70 ms against 1.1 + 0.68 + 0.47, fastest of three
 * runs each, 2026-12-06): two cores want few long invocations. A GPU wants workgroup tiles
 * (GPU_WORKGROUP_SHAPE), and more blocks of a batch to spread the gradient sums of narrow layers over.
 */
import type { RegisterShape, WideShape, WorkgroupShape } from './wide_plan.ts';

/**
 * Batch positions a gradient block adds in one sequence before the blocks are added in order. A
 * batch summed in one sequence of 64–128 rows drifted 2–4× further from PyTorch float64 than
 * PyTorch float32 does (whose sums are pairwise); blocks of 16 hold it within that, and give a GPU
 * a batch's worth more of threads for narrow layers.
 */
export const WIDE_BLOCK_ROWS = 16;

/** How many invocations a shape spends: whether its tiles fold the gradient's blocks, and the update's span. */
export interface Invocations {
  readonly fold?: boolean;
  readonly updateSpan?: number;
}

/** Register tiles of rows × units in workgroups of `workgroupSize` (unfolded, a vec4 an update invocation unless asked). */
export function registerShape(
  rows: number,
  units: number,
  workgroupSize: number,
  { fold = false, updateSpan = 1 }: Invocations = {},
): RegisterShape {
  return {
    kind: 'registers',
    tile: { rows, units },
    workgroupSize,
    blockRows: WIDE_BLOCK_ROWS,
    fold,
    updateSpan,
  };
}

/** Workgroup tiles: n × n invocations, each a block of rows × units, slabs of `slab` terms. */
export function workgroupShape(
  rows: number,
  units: number,
  n: number,
  slab: number,
  updateSpan = 1,
): WorkgroupShape {
  return {
    kind: 'workgroup',
    tile: { rows, units },
    group: { rows: n * rows, units: n * units },
    slab,
    workgroupSize: n * n,
    blockRows: WIDE_BLOCK_ROWS,
    updateSpan,
  };
}

/** vec4s of params a software adapter's update invocation takes (WorkgroupShape.updateSpan). */
export const SOFTWARE_UPDATE_SPAN = 8;
const SOFTWARE_REGISTERS: Invocations = { fold: true, updateSpan: SOFTWARE_UPDATE_SPAN };

/**
 * A GPU's starting shape: 32 × 32 outputs a workgroup, 8 × 8 invocations of 4 × 4 each, slabs of
 * 32 terms (8 KiB of workgroup memory, half of WebGPU's guaranteed 16 KiB). It is TensorFlow.js
 * 4.22's WebGPU matmul default (workgroup [8, 8], elementsPerThread [4, 4], tileInner 32). Each
 * term then costs an invocation 8 reads of workgroup memory for 16 multiply-adds, where 16 × 16
 * outputs over 64 invocations (2 × 2 each) cost 4 reads for 4, and over 256 invocations (1 each)
 * 2 reads for 1: workgroup memory, not arithmetic, would bound those. 64 invocations fill two
 * 32-wide warps or one 64-wide wavefront; and 32 × 32 tiles still give a 128 × 64 layer product 8
 * workgroups, a 128 × 256 one 32 (fewer, larger tiles would leave a GPU's cores idle on the
 * batch-128 layers this schedule trains). A tuning pass tries the neighbours.
 */
export const GPU_WORKGROUP_SHAPE: WorkgroupShape = workgroupShape(4, 4, 8, 32);

/**
 * Each kind's shape on each kind of adapter: on a software adapter 8 × 8 register tiles in
 * workgroups of 4, folding the gradient's blocks and updating 8 vec4s of params an invocation
 * (above), and workgroup tiles of four such invocations (the least a barrier costs there); on a
 * GPU GPU_WORKGROUP_SHAPE, and 4 × 4 register tiles in workgroups of 64.
 */
export function wideShapeOfKind(kind: WideShape['kind'], software: boolean): WideShape {
  if (kind === 'registers')
    return software ? registerShape(8, 8, 4, SOFTWARE_REGISTERS) : registerShape(4, 4, 64);
  return software ? workgroupShape(8, 8, 2, 16, SOFTWARE_UPDATE_SPAN) : GPU_WORKGROUP_SHAPE;
}

/** Register tiles where a barrier is dear (a software adapter), workgroup tiles on a GPU. */
export function defaultWideShape(software: boolean): WideShape {
  return wideShapeOfKind(software ? 'registers' : 'workgroup', software);
}

/** The shapes dev/wide's harness times: register tiles around the kind's default, and workgroup tiles. */
export function wideCandidates(software: boolean): WideShape[] {
  const sizes = software ? [4, 8, 16] : [32, 64, 128];
  const tiles = [
    [4, 4],
    [8, 4],
    [4, 8],
    [8, 8],
  ] as const;
  return [
    ...tiles.flatMap(([rows, units]) =>
      sizes.flatMap((wg) => [
        registerShape(rows, units, wg),
        registerShape(rows, units, wg, SOFTWARE_REGISTERS),
      ]),
    ),
    workgroupShape(4, 4, 2, 8),
    workgroupShape(8, 8, 2, 16),
    workgroupShape(2, 4, 8, 32),
    GPU_WORKGROUP_SHAPE,
    workgroupShape(4, 4, 16, 16),
  ];
}

/** A shape in words: `8×8 register tiles, workgroups of 4` or `32×32 workgroup tiles (64 invocations of 4×4, slabs of 32)`. */
export function describeWideShape(shape: WideShape): string {
  const { tile } = shape;
  const span = shape.updateSpan > 1 ? `, ${shape.updateSpan} vec4s an update invocation` : '';
  return shape.kind === 'registers'
    ? `${tile.rows}×${tile.units} register tiles, workgroups of ${shape.workgroupSize}${shape.fold ? ', gradient blocks folded' : ''}${span}`
    : `${shape.group.rows}×${shape.group.units} workgroup tiles (${shape.workgroupSize} invocations of ${tile.rows}×${tile.units}, slabs of ${shape.slab})${span}`;
}
