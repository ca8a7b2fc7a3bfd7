/** The figures of repeated timings: a median and the range around it. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new RangeError('no timings to summarize');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return {
    // an even count takes the mean of the two middle values
    median:
      sorted.length % 2 === 1
        ? (sorted[Math.floor(middle)] as number)
        : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2,
    min: sorted[0] as number,
    max: sorted.at(-1) as number,
  };
}

/** |a − b| / |b|: how far a is from the reference b. */
export const relativeDifference = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
