import { describe, expect, it } from 'vitest';
import { metricsOf, multiclassMetrics, regressionMetrics } from '../../src/core/metrics.ts';
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

interface MulticlassCase {
  seed: number;
  classes: number;
  probabilities: number[];
  labels: number[];
  accuracy: number;
  macro: { precision: number; recall: number; f1: number };
  weighted: { precision: number; recall: number; f1: number };
  logLoss: number;
  confusion: number[][];
}

interface RegressionCase {
  seed: number;
  predictions: number[];
  targets: number[];
  mse: number;
  mae: number;
  r2: number;
}

const heads = () =>
  readFixture<{ multiclass: MulticlassCase[]; regression: RegressionCase[] }>(
    'sklearn/metrics_heads.json',
  );

describe('K-class and regression metrics against scikit-learn', () => {
  for (const c of heads().multiclass) {
    it(`${c.classes} classes, ${c.labels.length} samples (seed ${c.seed}), some classes never seen`, () => {
      const m = multiclassMetrics(c.probabilities, c.labels, c.classes);
      expect(m.confusion).toEqual(c.confusion);
      // sums of ratios of the same counts, in another order: a few ulp; log loss sums n logs
      checkClose(
        [m.accuracy, m.macro.precision, m.macro.recall, m.macro.f1],
        [c.accuracy, c.macro.precision, c.macro.recall, c.macro.f1],
        { rtol: 1e-12, atol: 0, label: 'accuracy and macro precision, recall, F1' },
      );
      checkClose(
        [m.weighted.precision, m.weighted.recall, m.weighted.f1, m.logLoss],
        [c.weighted.precision, c.weighted.recall, c.weighted.f1, c.logLoss],
        { rtol: 1e-12, atol: 0, label: 'weighted precision, recall, F1 and log loss' },
      );
    });
  }
  for (const c of heads().regression) {
    it(`regression, ${c.targets.length} samples (seed ${c.seed})`, () => {
      const m = regressionMetrics(c.predictions, c.targets);
      // sums of n squares in another order than numpy's pairwise sums: 1e-12 relative
      // RMSE: the root of scikit-learn's MSE (its squared=False)
      checkClose([m.mse, m.rmse, m.mae, m.r2], [c.mse, Math.sqrt(c.mse), c.mae, c.r2], {
        rtol: 1e-12,
        atol: 1e-12,
        label: 'MSE, RMSE, MAE, R²',
      });
    });
  }
});
