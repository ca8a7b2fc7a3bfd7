import { describe, expect, it } from 'vitest';
import { trainReference } from '../../src/reference/train.ts';
import { checkClose } from '../helpers/check_close.ts';
import { torchOwnDistance, torchRunCases } from '../helpers/torch_cases.ts';

// The one CPU reference against PyTorch's own runs, every step, for every case and head.
// float64: both sides f64, with different formulas for the same loss (PyTorch: σ then log; here:
// BCE from the logit); measured worst 3.1e-15 relative for the losses, 8.3e-16 absolute for the params.
const F64_LOSSES = { rtol: 1e-9, atol: 0 };
const F64_PARAMS = { rtol: 1e-9, atol: 1e-12 };
// float32: the same rounding width, different orders of operations, carried over up to 1000 steps.
// Measured worst 6.5e-7 where a batch holds fewer than 256 samples; the sums over 257 to 1000
// samples run sequentially here and pairwise in PyTorch's kernels, which reaches 1.8e-6.
const f32Losses = (batch: number) => ({ rtol: batch >= 256 ? 2e-6 : 1e-6, atol: 0 });
// params near zero make a relative bound meaningless: measured worst 4.8e-7 absolute
const F32_PARAMS = { rtol: 0, atol: 1e-6 };
// Where PyTorch's own float32 run drifts further from its float64 one (multiclass_no_hidden_momentum:
// 1.3e-6 in the losses, 1.06e-6 in the params), float32 here is held to 3× that drift instead.
const OWN_DRIFT = 3;

describe('the CPU reference against PyTorch, every step', () => {
  for (const c of torchRunCases()) {
    it(`${c.name}: float64 and float32`, () => {
      const data = { train: c.data, validation: null, test: null };
      const f64 = trainReference(c.run, data, { precision: 'f64' });
      const f32 = trainReference(c.run, data, { precision: 'f32' });
      expect(f64.stepsDone).toBe(c.float64.losses.length);
      checkClose(f64.stepLosses, c.float64.losses, { ...F64_LOSSES, label: 'f64 losses' });
      checkClose(f64.params, c.float64.params, { ...F64_PARAMS, label: 'f64 params' });
      const own = torchOwnDistance(c);
      const losses = f32Losses(c.run.batchSize);
      checkClose(f32.stepLosses, c.float32.losses, {
        rtol: Math.max(losses.rtol, OWN_DRIFT * own.losses),
        atol: 0,
        label: 'f32 losses',
      });
      checkClose(f32.params, c.float32.params, {
        rtol: 0,
        atol: Math.max(F32_PARAMS.atol, OWN_DRIFT * own.params),
        label: 'f32 params',
      });
    });
  }
});
