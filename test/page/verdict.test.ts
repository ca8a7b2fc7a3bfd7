import { describe, expect, it } from 'vitest';
import { runVerdict, type RunOutcomeFigures } from '../../src/page/verdict.ts';

const curve = (values: number[]) => values.map((y, i) => ({ x: i + 1, y }));
const falling = Array.from({ length: 100 }, (_, i) => 0.7 * Math.exp(-i / 20) + 0.05);
const base: RunOutcomeFigures = {
  curve: curve(falling),
  diverged: false,
  accuracy: 0.95,
  chance: 0.5,
  r2: null,
  lr: 0.1,
  adam: false,
  scaleWarning: null,
};

describe('the word after a run', () => {
  it('says nothing of a run whose loss fell and settled, and whose accuracy is past chance', () => {
    expect(runVerdict(base)).toBeNull();
  });

  it('names the learning rate when the loss ended above where it started, and Standardize where the features need it', () => {
    const up = runVerdict({
      ...base,
      curve: curve([0.7, 3, 20, 9, 8e9]),
      lr: 1000,
      scaleWarning: 'x0 spans 1e6',
    });
    expect(up).toBe(
      'The loss ended above where it started (8 000 000 000, from 0.7): the learning rate (1000) is likely too large for this model and data: try 100, or tick Standardize: the raw features differ widely in scale.',
    );
  });

  it('says the loss never settled when its last fifth still swings by more than half its level', () => {
    const spiky = [
      ...falling.slice(0, 80),
      ...Array.from({ length: 20 }, (_, i) => (i % 2 ? 0.4 : 17.7)),
    ];
    expect(runVerdict({ ...base, curve: curve(spiky), lr: 3 })).toMatch(
      /^The loss never settled: over the last fifth of the run it still swung between 0\.4 and 17\.7\. The learning rate \(3\) is likely too large for this model and data: try 0\.3, or raise Batch size for steadier steps\.$/,
    );
  });

  it('says a diverged run is the learning rate', () => {
    expect(runVerdict({ ...base, diverged: true, lr: 50 })).toMatch(
      /^The loss stopped being finite: the learning rate \(50\) is likely too large/,
    );
  });

  it("says a regression's R² near 0 is no better than the mean", () => {
    expect(runVerdict({ ...base, accuracy: null, chance: null, r2: -0.004 })).toMatch(
      /^R² is -0\.004: the model predicts no better than the targets' mean would\./,
    );
    expect(runVerdict({ ...base, accuracy: null, chance: null, r2: 0.93 })).toBeNull();
  });

  it('says an accuracy at chance is no better than answering the largest class', () => {
    expect(runVerdict({ ...base, accuracy: 0.63, chance: 0.627 })).toMatch(
      /^The accuracy, 63\.0 %, is no better than always answering the largest class \(62\.7 % of the rows\)/,
    );
  });
});
