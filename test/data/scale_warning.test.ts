import { describe, expect, it } from 'vitest';
import { makeClassification, makeDataset, makeMoons, scaleWarning } from '../../src/data/index.ts';

/** Two features: one spread ±1, the other spread ±`spread` around `centre`. */
function twoScales(spread: number, centre = 0) {
  const X = Float64Array.from([-1, centre - spread, 1, centre + spread]);
  return makeDataset(X, Int32Array.from([0, 1]), 2);
}

describe('the warning for raw features at different scales', () => {
  it('is silent for the tutorial data and the generators', () => {
    const tutorial = makeClassification({
      nSamples: 100,
      nFeatures: 2,
      nRedundant: 0,
      nClustersPerClass: 1,
      randomState: 0,
    });
    expect(scaleWarning(tutorial, ['x0', 'x1'])).toBeNull();
    expect(scaleWarning(makeMoons({ nSamples: 500, noise: 0.1, randomState: 0 }), [])).toBeNull();
    expect(scaleWarning(makeClassification({ randomState: 3 }), [])).toBeNull();
  });

  it('warns when the spreads differ by more than 100×, naming the two features', () => {
    expect(scaleWarning(twoScales(100), ['a', 'b'])).toBeNull();
    expect(scaleWarning(twoScales(101), ['a', 'b'])).toBe(
      'feature scales differ by 101× (standard deviation 101 for b, 1 for a); gradient descent on raw features like these converges slowly or diverges: add --standardize to train on z-scores (fitted on the training split)',
    );
  });

  it('warns when a magnitude passes 1e3, and says what to do in the words given', () => {
    expect(scaleWarning(twoScales(1, 999), ['a', 'b'])).toBeNull();
    expect(scaleWarning(twoScales(1, 1000.5), ['a', 'area mean'], 'tick Standardize')).toBe(
      '"area mean" reaches 1000; gradient descent on raw features like these converges slowly or diverges: tick Standardize to train on z-scores (fitted on the training split)',
    );
  });

  it('ignores constant features when comparing spreads', () => {
    const X = Float64Array.from([3, -1, 3, 1]);
    expect(scaleWarning(makeDataset(X, Int32Array.from([0, 1]), 2), [])).toBeNull();
  });
});
