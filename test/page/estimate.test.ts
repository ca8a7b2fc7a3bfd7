import { describe, expect, it } from 'vitest';
import { describeEstimate, fitStretches, pacedMs } from '../../src/page/estimate.ts';
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

  it("follows the warm-up's start of the run: its steps as they went, the rest at its pace, a readback a frame", () => {
    // 100 of 1000 steps took 40 ms in all; a step 0.02 ms: the other 900 steps take 18 ms more,
    // in two segments of at most a frame (16 ms) of work, each paying a 3 ms readback
    expect(
      pacedMs({ steps: 100, totalSteps: 1000, ms: 40, msPerStep: 0.02, readbackMs: 3 }),
    ).toBeCloseTo(40 + 18 + 2 * 3, 9);
    // a warm-up that ran the whole run is the run
    expect(pacedMs({ steps: 50, totalSteps: 50, ms: 12.5, msPerStep: 0.3, readbackMs: 3 })).toBe(
      12.5,
    );
  });

  it('parts a stretch between reports into a readback and its steps, by least squares', () => {
    // segments of 1, 4, 16 and 64 steps at 2.5 ms a readback and 0.05 ms a step, ± 0.1 ms
    const fit = fitStretches([
      { steps: 1, ms: 2.55 + 0.1 },
      { steps: 4, ms: 2.7 - 0.1 },
      { steps: 16, ms: 3.3 + 0.1 },
      { steps: 64, ms: 5.7 - 0.1 },
    ]);
    expect(fit?.msPerStep).toBeCloseTo(0.05, 2);
    expect(fit?.readbackMs).toBeCloseTo(2.5, 1);
    // one length, or time that does not grow with the steps: nothing to part
    expect(fitStretches([{ steps: 16, ms: 3 }])).toBeNull();
    expect(
      fitStretches([
        { steps: 16, ms: 3 },
        { steps: 16, ms: 4 },
      ]),
    ).toBeNull();
    expect(
      fitStretches([
        { steps: 4, ms: 3 },
        { steps: 16, ms: 2 },
      ]),
    ).toBeNull();
    // a readback that would cost less than nothing: free, the line through the origin
    const free = fitStretches([
      { steps: 10, ms: 0.5 },
      { steps: 20, ms: 2 },
    ]);
    // (the slope through the origin that least-squares 0.5 ms at 10 steps and 2 ms at 20: 45 / 500)
    expect(free?.readbackMs).toBe(0);
    expect(free?.msPerStep).toBeCloseTo(0.09, 12);
  });
});
