/**
 * The wide schedule's shape by kind of adapter, until a tuning pass measures one (src/gpu/tune.ts).
 * A software adapter runs a workgroup's invocations a few at a time on one CPU thread, where a
 * barrier costs a pass over them and a small workgroup of register tiles runs fastest (a probe on
 * SwiftShader: a 4×4-register tile with vec4 loads ran a 128×64 by 64×64 product at 1–2 GFLOP/s,
 * tiles behind barriers at 0.06). dev/wide timed 64-64-64-1's step at batch 128 on SwiftShader
 * fastest with 8×8 tiles in workgroups of 4 (5.3 ms, against 5.8 for 4×8 and 6.9 for 8×4, in one
 * quiet run; the same order under load 12), at twice 4×4's compile time. A GPU wants many threads a workgroup, and more blocks of a batch
 * to spread the gradient sums of narrow layers over.
 */
import type { WideShape } from './wide_plan.ts';

/**
 * Batch positions a gradient block adds in one sequence before the blocks are added in order. A
 * batch summed in one sequence of 64–128 rows drifted 2–4× further from PyTorch float64 than
 * PyTorch float32 does (whose sums are pairwise); blocks of 16 hold it within that, and give a GPU
 * a batch's worth more of threads for narrow layers.
 */
export const WIDE_BLOCK_ROWS = 16;

export function defaultWideShape(software: boolean): WideShape {
  return software
    ? { tile: { rows: 8, units: 8 }, workgroupSize: 4, blockRows: WIDE_BLOCK_ROWS }
    : { tile: { rows: 4, units: 4 }, workgroupSize: 64, blockRows: WIDE_BLOCK_ROWS };
}

/** The shapes a tuning pass tries, around the kind's default. */
export function wideCandidates(software: boolean): WideShape[] {
  const blockRows = defaultWideShape(software).blockRows;
  const sizes = software ? [4, 8, 16] : [32, 64, 128];
  const tiles = [
    { rows: 4, units: 4 },
    { rows: 8, units: 4 },
    { rows: 4, units: 8 },
    { rows: 8, units: 8 },
  ];
  return tiles.flatMap((tile) =>
    sizes.map((workgroupSize) => ({ tile, workgroupSize, blockRows })),
  );
}
