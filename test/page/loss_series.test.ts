import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LossSeries } from '../../src/page/loss_series.ts';

describe('a loss curve kept small', () => {
  it('ten million steps in frame-sized pieces: at most 1600 points, the lowest and highest kept, x in order', () => {
    const length = 10_000_000;
    const series = new LossSeries(length);
    const loss = (i: number) => 1 / (1 + i / 1000) + (i === 4_321_000 ? 5 : 0);
    for (let from = 0; from < length; from += 65_536) {
      const values = Float32Array.from({ length: Math.min(65_536, length - from) }, (_, k) =>
        loss(from + k),
      );
      series.append(values, from);
    }
    const points = series.points();
    expect(series.count).toBe(length);
    expect(points.length).toBeLessThanOrEqual(1600);
    expect(points.every((p, k) => k === 0 || p.x > (points[k - 1]?.x ?? 0))).toBe(true);
    // the spike and the floor survive decimation
    expect(Math.max(...points.map((p) => p.y))).toBeCloseTo(Math.fround(loss(4_321_000)), 6);
    expect(Math.min(...points.map((p) => p.y))).toBeCloseTo(Math.fround(loss(length - 1)), 6);
  });

  it('any pieces, overlapping or not: each bucket holds exactly the min and max of its values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 50 }),
        (values, buckets, piece) => {
          const series = new LossSeries(values.length, 7, buckets);
          // pieces that overlap what was sent before, as a report resending its last epoch does
          for (let from = 0; from < values.length; from += piece)
            series.append(values.slice(Math.max(0, from - 2), from + piece), Math.max(0, from - 2));
          const width = Math.ceil(values.length / buckets);
          const expected: { x: number; y: number }[] = [];
          for (let b = 0; b * width < values.length; b++) {
            const slice = values.slice(b * width, (b + 1) * width);
            const lo = slice.indexOf(Math.min(...slice));
            const hi = slice.indexOf(Math.max(...slice));
            for (const at of [...new Set([lo, hi])].sort((p, q) => p - q))
              expected.push({ x: 7 + b * width + at + 1, y: slice[at] as number });
          }
          expect(series.points()).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a loss curve of no known length', () => {
  it('keeps at most its buckets, each the min and max of its values, as if the final width had been chosen at the start', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 50 }),
        (values, buckets, piece) => {
          const open = new LossSeries(null, 3, buckets);
          for (let from = 0; from < values.length; from += piece)
            open.append(values.slice(from, from + piece), from);
          // the width it grew to: the least power of two that holds every value in `buckets`
          let width = 1;
          while (values.length > width * buckets) width *= 2;
          const fixed = new LossSeries(width * buckets, 3, buckets);
          fixed.append(values, 0);
          expect(open.points()).toEqual(fixed.points());
          expect(open.points().length).toBeLessThanOrEqual(2 * buckets);
        },
      ),
      { numRuns: 300 },
    );
  });
});
