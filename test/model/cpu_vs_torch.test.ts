import { describe, it } from 'vitest';
import { resolveOptimizer, trainModelCpu, type ModelSpec } from '../../src/model/index.ts';
import { checkClose } from '../helpers/check_close.ts';
import { datasetFromRows } from '../helpers/fixtures.ts';
import { modelCases } from '../helpers/models.ts';

describe('the model reference against PyTorch, every step', () => {
  for (const c of modelCases()) {
    it(`${c.name}: float64 and float32`, () => {
      const data = datasetFromRows(c.X, c.y);
      const spec: ModelSpec = { inputs: data.nFeatures, ...c.model };
      const common = {
        spec,
        optimizer: resolveOptimizer(c.optimizer),
        batchSize: c.batchSize,
        epochs: c.epochs,
        shuffleSeed: c.shuffleSeed,
        initialParams: c.initialParams,
      };
      const f64 = trainModelCpu(data, { ...common, precision: 'f64' });
      const f32 = trainModelCpu(data, { ...common, precision: 'f32' });
      // float64 on both sides: measured worst 8.2e-16
      checkClose(f64.stepLosses, c.float64.losses, { rtol: 1e-9, atol: 0, label: 'f64 losses' });
      checkClose(f64.params, c.float64.params, { rtol: 1e-9, atol: 1e-12, label: 'f64 params' });
      // f32 on both sides, rounded in different orders; measured worst over the 11 cases: losses
      // 6.5e-7 relative, params 8.3e-7 absolute (relative is meaningless for params near 0)
      checkClose(f32.stepLosses, c.float32.losses, { rtol: 2e-6, atol: 0, label: 'f32 losses' });
      checkClose(f32.params, c.float32.params, { rtol: 0, atol: 3e-6, label: 'f32 params' });
    });
  }
});
