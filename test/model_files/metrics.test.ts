import { describe, expect, it } from 'vitest';
import { metricsOf } from '../../src/core/metrics.ts';
import { checkClose } from '../helpers/check_close.ts';
import { readFixture } from '../helpers/fixtures.ts';

interface MetricsCase {
  seed: number;
  probabilities: number[];
  labels: number[];
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  rocAuc: number;
  confusion: number[][];
}

describe('metrics against scikit-learn', () => {
  for (const c of readFixture<{ cases: MetricsCase[] }>('sklearn/metrics.json').cases) {
    it(`${c.labels.length} samples (seed ${c.seed}), with tied scores`, () => {
      const m = metricsOf(c.probabilities, c.labels);
      expect(m.confusion).toEqual(c.confusion);
      // ratios of the same counts: only the last bit of a division can differ
      checkClose(
        [m.accuracy, m.precision, m.recall, m.f1, m.rocAuc],
        [c.accuracy, c.precision, c.recall, c.f1, c.rocAuc],
        { rtol: 1e-12, atol: 0, label: 'accuracy, precision, recall, F1, ROC AUC' },
      );
    });
  }
});
