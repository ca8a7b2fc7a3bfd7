import { describe, expect, it } from 'vitest';
import { generatorNames, generators, makeClassification } from '../../src/data/index.ts';

describe('generators registry', () => {
  it('lists the generators under their command-line names', () => {
    expect(generatorNames).toEqual([
      'make-classification',
      'make-moons',
      'make-circles',
      'make-blobs',
      'make-regression',
      'xor',
      'spiral',
      'regress-plane',
      'regress-gaussian',
    ]);
  });

  for (const name of [
    'make-classification',
    'make-moons',
    'make-circles',
    'make-blobs',
    'make-regression',
    'xor',
    'spiral',
    'regress-plane',
    'regress-gaussian',
  ] as const) {
    it(`${name} makes a data set from loose options, the same for the same seed`, () => {
      const options: Record<string, unknown> = { nSamples: 37, randomState: 12 };
      const a = generators[name](options);
      const b = generators[name](options);
      expect(a.nSamples).toBe(37);
      expect(a.X.length).toBe(37 * a.nFeatures);
      expect(Array.from(a.X)).toEqual(Array.from(b.X));
      expect(Array.from(a.y)).toEqual(Array.from(b.y));
    });
  }

  it('is the functions themselves', () => {
    expect(generators['make-classification']).toBe(makeClassification);
  });
});
