import { describe, expect, it } from 'vitest';
import { describeEstimate, pacedMs } from '../../src/page/estimate.ts';
import { DEFAULT_STATE, type PageState } from '../../src/page/fields.ts';

// Plain logic, no GPU: what the page says of a run before it starts.
describe("the page's estimate", () => {
  // 1000 samples, all training rows, batches of 10, 50 epochs: 5000 steps
  const state: PageState = {
    ...DEFAULT_STATE,
    split: [1, 0, 0],
    batch: 10,
    epochs: 50,
    backend: 'webgpu',
  };
  const run = { samples: 1000, params: 9 };

  it("says the planner's prediction on WebGPU, past any rate measured", () => {
    const said = describeEstimate(state, run, 1, 90_000);
    expect(said.text).toBe(
      '5 000 steps: about 2 min on webgpu as predicted for this adapter — lower Epochs or Samples, or raise Batch size, to see it sooner',
    );
    expect(said.long).toBe(true);
    expect(said.seconds).toBe(90);
  });

  it('falls back on the rate measured here without a prediction, and always on the CPU', () => {
    // 5000 steps × 10 rows × 10 = 500 000 units of work at 100 000 a second: 5 s
    const gpu = describeEstimate(state, run, 100_000, null);
    expect(gpu.text).toBe('5 000 steps: about 5 s on webgpu at the rate measured here');
    const cpu = describeEstimate({ ...state, backend: 'cpu' }, run, 100_000, 90_000);
    expect(cpu.text).toBe('5 000 steps: about 5 s on cpu at the rate measured here');
    expect(cpu.long).toBe(false);
    // neither: the run's size alone
    expect(describeEstimate(state, run, null, null).text).toBe('5 000 steps of 10 rows, 9 params');
  });

  it("follows the warm-up's start of the run: its steps as they went, the rest at its last pace", () => {
    // 100 of 1000 steps took 40 ms in all; the last stretch went at 0.02 ms a step: the other
    // 900 steps take 18 ms more
    expect(pacedMs({ steps: 100, totalSteps: 1000, ms: 40, msPerStep: 0.02 })).toBeCloseTo(58, 9);
    // a warm-up that ran the whole run is the run
    expect(pacedMs({ steps: 50, totalSteps: 50, ms: 12.5, msPerStep: 0.3 })).toBe(12.5);
  });
});
