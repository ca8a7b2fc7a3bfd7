import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../src/data/index.ts';
import { defaultAxes } from '../../src/page/default_axes.ts';

describe('the axes a file is first plotted on', () => {
  it('passes over an id column and a feature that says nothing of the class, for the two that do', () => {
    // columns: a row id, noise, a feature that splits the classes, another that splits them less
    const rows = Array.from({ length: 40 }, (_, i) => {
      const label = i % 2;
      return [
        1000 + i,
        Math.sin(i * 12.9898) * 3,
        label * 4 + Math.cos(i),
        label + Math.sin(i * 3),
      ];
    });
    const data = makeDataset(
      Float64Array.from(rows.flat()),
      Int32Array.from(rows.map((_, i) => i % 2)),
      4,
    );
    expect(defaultAxes(data)).toEqual([2, 3]);
  });

  it('keeps the first two of two features', () => {
    const data = makeDataset(Float64Array.from([1, 2, 3, 4]), Int32Array.from([0, 1]), 2);
    expect(defaultAxes(data)).toEqual([0, 1]);
  });
});
