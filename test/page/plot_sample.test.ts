import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plotOrder } from '../../src/page/plot_sample.ts';

/** Labels as the spiral makes them: one class's rows first, then the other's. */
const sorted = (ones: number, zeros: number) =>
  Int32Array.from({ length: ones + zeros }, (_, i) => (i < ones ? 1 : 0));

describe('which points the scatter draws', () => {
  it('a million rows sorted by class: 4000 drawn, each class its share, interleaved all the way', () => {
    const labels = sorted(300_000, 700_000);
    const order = plotOrder(labels, 4000);
    expect(order.length).toBe(4000);
    expect(new Set(order).size).toBe(4000);
    const ones = Array.from(order).filter((row) => labels[row] === 1).length;
    expect(ones).toBe(1200);
    // every prefix holds each class in proportion, within two points: neither is drawn over the other
    let seen = 0;
    for (let k = 0; k < order.length; k++) {
      seen += labels[order[k] as number] === 1 ? 1 : 0;
      expect(Math.abs(seen - (k + 1) * 0.3)).toBeLessThanOrEqual(2);
    }
  });

  it('any labels, any limit, any filter: distinct admitted rows, at most the limit, shares within one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1 }), { maxLength: 400 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 4 }),
        (values, max, every) => {
          const labels = Int32Array.from(values);
          const admitted = (row: number) => row % every === 0;
          const order = plotOrder(labels, max, admitted);
          const pool = values.filter((_, row) => admitted(row));
          expect(order.length).toBe(Math.min(max, pool.length));
          expect(new Set(order).size).toBe(order.length);
          expect(Array.from(order).every(admitted)).toBe(true);
          const ones = Array.from(order).filter((row) => labels[row] === 1).length;
          const share = pool.length === 0 ? 0 : pool.filter((y) => y === 1).length / pool.length;
          expect(Math.abs(ones - share * order.length)).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 500 },
    );
  });
});
