/**
 * A loss curve kept small enough to draw every frame, however long the run: the values fall into
 * at most `buckets` buckets of equal width over the run's length, and each bucket keeps its
 * lowest and highest value, so spikes and the floor both survive. Appending costs only the new
 * values, never a pass over the whole curve. A run of no known length (one that goes on until
 * paused) starts with buckets of one value and doubles their width, merging pairs, whenever they
 * would pass the most allowed: the same buckets as if that width had been chosen at the start.
 */
export interface XY {
  readonly x: number;
  readonly y: number;
}

/** A bucket: its lowest and highest finite value and where each is. */
interface Bucket {
  minAt: number;
  min: number;
  maxAt: number;
  max: number;
}

export class LossSeries {
  private width: number;
  private buckets: Bucket[] = [];
  private received = 0;
  private lastValue = NaN;

  /**
   * @param length the values the run will have (its steps or epochs); null: not known
   * @param offset x of the first value minus one (a continued run's curve goes on from the last)
   */
  constructor(
    readonly length: number | null,
    readonly offset = 0,
    private readonly maxBuckets = 800,
  ) {
    this.width = length === null ? 1 : Math.max(1, Math.ceil(length / maxBuckets));
  }

  /** Twice as wide buckets, each the merge of a pair: the lower min and the higher max. */
  private widen(): void {
    const merged: Bucket[] = [];
    this.buckets.forEach((bucket, b) => {
      const into = merged[b >> 1];
      if (into === undefined) {
        merged[b >> 1] = { ...bucket };
        return;
      }
      if (bucket.min < into.min) [into.min, into.minAt] = [bucket.min, bucket.minAt];
      if (bucket.max > into.max) [into.max, into.maxAt] = [bucket.max, bucket.maxAt];
    });
    this.buckets = merged;
    this.width *= 2;
  }

  /** Values received so far. */
  get count(): number {
    return this.received;
  }

  get last(): number {
    return this.lastValue;
  }

  /** Takes values for indices `from` on; what it already has is skipped. */
  append(values: ArrayLike<number>, from: number): void {
    for (let i = Math.max(0, this.received - from); i < values.length; i++) {
      const index = from + i;
      const value = values[i] as number;
      this.lastValue = value;
      this.received = index + 1;
      if (!Number.isFinite(value)) continue;
      if (this.length === null) while (index >= this.width * this.maxBuckets) this.widen();
      const b = Math.floor(index / this.width);
      const bucket = this.buckets[b];
      if (bucket === undefined) {
        this.buckets[b] = { minAt: index, min: value, maxAt: index, max: value };
        continue;
      }
      if (value < bucket.min) [bucket.min, bucket.minAt] = [value, index];
      if (value > bucket.max) [bucket.max, bucket.maxAt] = [value, index];
    }
  }

  /** The points to draw, in order of x: x counts from 1 (the first step or epoch) plus the offset. */
  points(): XY[] {
    const out: XY[] = [];
    for (const bucket of this.buckets) {
      if (bucket === undefined) continue;
      const first = Math.min(bucket.minAt, bucket.maxAt);
      const second = Math.max(bucket.minAt, bucket.maxAt);
      const at = (index: number) => (index === bucket.minAt ? bucket.min : bucket.max);
      out.push({ x: this.offset + first + 1, y: at(first) });
      if (second !== first) out.push({ x: this.offset + second + 1, y: at(second) });
    }
    return out;
  }
}
