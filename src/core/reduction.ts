/**
 * The summation-order contract every engine keeps: how a sum over the positions of a batch is cut
 * and added, so that the kernels and the CPU reference (src/reference/stages.ts, reduceRecords)
 * give the same bits.
 *
 * Positions are cut into blocks of `blockSize` (one workgroup each; Infinity for one block);
 * inside a block, position i goes to lane i mod `lanes`, each lane adds its positions in order,
 * then the lanes are added pairwise in a fixed tree (stride lanes/2, lanes/4, …, 1). The blocks'
 * totals are then summed the same way with `lanes2` lanes. Both lane counts are powers of two.
 */
export interface ReductionShape {
  readonly blockSize: number;
  readonly lanes: number;
  readonly lanes2: number;
}

/** One thread adding every position in order. */
export const SEQUENTIAL: ReductionShape = { blockSize: Infinity, lanes: 1, lanes2: 1 };

/**
 * The CPU backend's order: blocks of 128 positions, each added by 8 lanes in turn and then a tree
 * (as numpy's pairwise sum keeps 8 accumulators over blocks of 128), then the blocks' totals by 256
 * lanes and a tree. A float32 sum over 10⁶ rows then errs about as little as the GPU's many
 * workgroups do, where one long sequence drifts (each add rounds against a growing total).
 */
export const CPU_BACKEND: ReductionShape = { blockSize: 128, lanes: 8, lanes2: 256 };

/** Blocks of a batch of `count` positions: how many, and how many positions each holds. */
export function blocksOf(count: number, blockSize: number): { blocks: number; size: number } {
  const size = Math.min(count, blockSize);
  return { blocks: Math.max(1, Math.ceil(count / Math.max(size, 1))), size: Math.max(size, 1) };
}
