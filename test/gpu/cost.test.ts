import { describe, expect, it } from 'vitest';
import {
  fitCompile,
  fitCounts,
  leaveOneOutErrors,
  predictCompileMs,
  predictRunMs,
  rms,
  tooCloseToCall,
  type CostPoint,
  type ScheduleCost,
} from '../../src/gpu/cost.ts';

// Plain logic, no GPU: the cost model's arithmetic, against numbers worked out by hand.
const NAMES = ['steps', 'positions', 'pathUnrolled'];

/** Runs whose time is made from known prices: 2000 ns a step, 50 a position, 7 a unit of work. */
function pricedRuns(noise: (i: number) => number = () => 1): CostPoint[] {
  const counts = [
    { steps: 1000, positions: 25_000, pathUnrolled: 100_000 },
    { steps: 64, positions: 65_536, pathUnrolled: 262_144 },
    { steps: 500, positions: 1500, pathUnrolled: 159_000 },
    { steps: 80, positions: 2000, pathUnrolled: 212_000 },
    { steps: 2048, positions: 65_536, pathUnrolled: 262_144 },
    { steps: 300, positions: 900, pathUnrolled: 5400 },
  ];
  return counts.map((c, i) => ({
    counts: c,
    ms: ((2000 * c.steps + 50 * c.positions + 7 * c.pathUnrolled) / 1e6) * noise(i),
  }));
}

describe('the cost model', () => {
  it('predicts a run as each count at its price, summed', () => {
    const cost: ScheduleCost = {
      ns: { steps: 2000, positions: 50 },
      compile: {
        unrolled: { fixedMs: 80, perParamMs: 6 },
        looped: { fixedMs: 100, perParamMs: 0.5 },
      },
      error: 0.2,
    };
    // 1000 × 2 µs + 4000 × 50 ns = 2.2 ms; a count without a price costs nothing
    expect(predictRunMs(cost, { steps: 1000, positions: 4000, other: 1e9 })).toBeCloseTo(2.2, 12);
    // 105 params: 80 + 630 written out, 100 + 52.5 in loops
    expect(predictCompileMs(cost, 105, true)).toBeCloseTo(710, 12);
    expect(predictCompileMs(cost, 105, false)).toBeCloseTo(152.5, 12);
  });

  it('recovers the prices that made the runs', () => {
    const ns = fitCounts(pricedRuns(), NAMES);
    expect(ns['steps']).toBeCloseTo(2000, 6);
    expect(ns['positions']).toBeCloseTo(50, 8);
    expect(ns['pathUnrolled']).toBeCloseTo(7, 8);
    // exact runs are predicted exactly from the others
    for (const e of leaveOneOutErrors(pricedRuns(), NAMES)) expect(e).toBeLessThan(1e-9);
  });

  it('never prices a count below zero: it drops it and fits the rest again', () => {
    // runs that more positions made faster: least squares would price positions negative
    const points: CostPoint[] = [
      { counts: { steps: 100, positions: 0 }, ms: 1 },
      { counts: { steps: 200, positions: 1000 }, ms: 1.9 },
      { counts: { steps: 300, positions: 3000 }, ms: 2.7 },
    ];
    const ns = fitCounts(points, ['steps', 'positions']);
    expect(ns['positions']).toBe(0);
    expect(ns['steps']).toBeGreaterThan(0);
  });

  it('leans on the prior only where the points cannot tell two prices apart', () => {
    // every run below has 10 positions a step: the points fix 2000 ns a step + 50 a position
    // (2500 ns for a step and its positions) but not how that splits between the two
    const tied: CostPoint[] = [
      { steps: 100, work: 100_000 },
      { steps: 400, work: 20_000 },
      { steps: 1600, work: 500_000 },
    ].map(({ steps, work }) => ({
      counts: { steps, positions: 10 * steps, pathUnrolled: work },
      ms: (2000 * steps + 50 * 10 * steps + 7 * work) / 1e6,
    }));
    // a prior of 1000 a step and 100 a position, weighing next to nothing: the fit keeps
    // s + 10p = 2500 and takes the split nearest the prior, min (s/1000 − 1)² + (p/100 − 1)²;
    // by hand (Lagrange): (s − 1000)/1000² = λ/2, (p − 100)/100² = 10·λ/2, so p − 100 =
    // (s − 1000)/10; with s + 10p = 2500, s = 1250 and p = 125
    const prior = { ns: { steps: 1000, positions: 100, pathUnrolled: 7 }, weight: 1e-6 };
    const ns = fitCounts(tied, NAMES, prior);
    expect(ns['steps']).toBeCloseTo(1250, 0);
    expect(ns['positions']).toBeCloseTo(125, 1);
    expect(ns['pathUnrolled']).toBeCloseTo(7, 3);

    // where the points do pin every price, a prior far off (20× too low, 10× too high) moves
    // none by more than a part in a thousand
    const clean = fitCounts(pricedRuns(), NAMES, {
      ns: { steps: 100, positions: 5, pathUnrolled: 70 },
      weight: 1e-6,
    });
    expect(Math.abs((clean['steps'] ?? 0) / 2000 - 1)).toBeLessThan(1e-3);
    expect(Math.abs((clean['positions'] ?? 0) / 50 - 1)).toBeLessThan(1e-3);
    expect(Math.abs((clean['pathUnrolled'] ?? 0) / 7 - 1)).toBeLessThan(1e-3);
  });

  it('measures its error on the points it was not fitted to', () => {
    // one run took 1.5 times what its prices say; the five others, exact, fix the prices without
    // it, so it is predicted at 1/1.5 of its time: off by a third
    const errors = leaveOneOutErrors(
      pricedRuns((i) => (i === 2 ? 1.5 : 1)),
      NAMES,
    );
    expect(errors[2]).toBeCloseTo(1 / 3, 9);
    expect(rms([0.3, 0.4])).toBeCloseTo(Math.sqrt(0.125), 12);
  });

  it('calls two predictions too close when each is within the other allowing both their errors', () => {
    const at = (runMs: number, error: number) => ({ runMs, compileMs: 0, unrolled: true, error });
    // 100 ms ± 20 % reaches 120; 140 ms ± 20 % reaches down to 112: too close
    expect(tooCloseToCall(at(100, 0.2), at(140, 0.2))).toBe(true);
    // 100 ± 10 % reaches 110, 140 ± 10 % reaches 126: apart
    expect(tooCloseToCall(at(100, 0.1), at(140, 0.1))).toBe(false);
    expect(tooCloseToCall(at(140, 0.1), at(100, 0.1))).toBe(false);
  });

  it('fits a compile line in the params, never below zero', () => {
    const line = fitCompile([
      { params: 3, ms: 118 },
      { params: 17, ms: 202 },
      { params: 105, ms: 730 },
    ]);
    expect(line.perParamMs).toBeCloseTo(6, 9);
    expect(line.fixedMs).toBeCloseTo(100, 9);
    expect(fitCompile([{ params: 3, ms: 100 }])).toEqual({ fixedMs: 100, perParamMs: 0 });
    expect(
      fitCompile([
        { params: 3, ms: 200 },
        { params: 100, ms: 100 },
      ]).perParamMs,
    ).toBe(0);
  });
});
