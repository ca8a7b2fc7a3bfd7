import { RandomState } from './random_state.ts';

/**
 * Steps in an epoch of `rows` rows (at least one) at `batchSize` rows a step: null, or more than
 * the rows, is full batch, one step; the last batch of an epoch may be shorter.
 */
export function stepsPerEpoch(rows: number, batchSize: number | null): number {
  return Math.ceil(rows / Math.min(batchSize ?? rows, rows));
}

/**
 * The batch order, drawn one epoch at a time so a run never holds an epochs × N table.
 *
 * Full batch (B ≥ N): every step takes rows 0…N−1 in order, as the tutorial does, and nothing is
 * drawn. Mini-batches: epoch e takes numpy's `RandomState(seed).permutation(N)`, the e-th draw
 * from one generator seeded once, and cuts it into batches of B rows; the last may be shorter.
 */
export class BatchOrder {
  readonly batchSize: number;
  readonly stepsPerEpoch: number;
  readonly fullBatch: boolean;
  private readonly rng: RandomState | null;

  constructor(
    readonly rows: number,
    batchSize: number,
    seed: number,
  ) {
    this.batchSize = Math.min(batchSize, rows);
    this.fullBatch = this.batchSize === rows;
    this.stepsPerEpoch = stepsPerEpoch(rows, batchSize);
    this.rng = this.fullBatch ? null : new RandomState(seed);
  }

  /** The next epoch's row order (epochs come in sequence: 0, 1, 2, …); null for full batch. */
  nextEpoch(): Int32Array | null {
    return this.rng === null ? null : this.rng.permutation(this.rows);
  }

  /** Rows in step k of an epoch (k from 0). */
  batchRows(k: number): number {
    return Math.min(this.batchSize, this.rows - k * this.batchSize);
  }
}
