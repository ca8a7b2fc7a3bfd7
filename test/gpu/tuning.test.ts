import { describe, expect, it } from 'vitest';
import {
  crossoverWork,
  defaultTuning,
  fitStepCost,
  MAX_FUSED_WORK,
  MIN_FUSED_WORK,
  parseTuning,
  sleepBeforeReadbackMs,
  stepsPerFrame,
} from '../../src/gpu/tuning.ts';
import type { AdapterSummary } from '../../src/gpu/index.ts';

// Plain logic, no GPU: the arithmetic the tuning pass and train() do on measured step costs.
const software: AdapterSummary = {
  vendor: 'google',
  architecture: 'swiftshader',
  device: 'swiftshader',
  description: 'SwiftShader',
  isFallbackAdapter: false,
  isSoftware: true,
};

describe('the step-cost line in W', () => {
  it('goes through two points exactly', () => {
    const line = fitStepCost([
      { work: 100, ns: 1000 },
      { work: 300, ns: 2000 },
    ]);
    expect(line.fixedNs).toBeCloseTo(500, 9);
    expect(line.perWorkNs).toBeCloseTo(5, 12);
  });

  it('is the line least wrong relative to each point, as numpy.polyfit gives it', () => {
    // ns = [9000, 70000, 15000, 30000]
    // numpy.polyfit([384, 6144, 180, 1152], ns, 1, w=1/ns) → [10.6495143, 7699.73089264]
    const line = fitStepCost([
      { work: 384, ns: 9000 },
      { work: 6144, ns: 70000 },
      { work: 180, ns: 15000 },
      { work: 1152, ns: 30000 },
    ]);
    expect(line.perWorkNs).toBeCloseTo(10.6495143, 6);
    expect(line.fixedNs).toBeCloseTo(7699.73089, 3);
  });

  it('never costs less than nothing: a line that would start below 0 goes through 0', () => {
    // numpy.polyfit([100, 1000], [500, 10000], 1, w=1/ns) → [10.556, -555.6]: below 0, so through 0,
    // numpy.linalg.lstsq((w/ns)[:, None], ones) → [6.0]: the relative misses of 5 and 10 ns per W balanced
    const line = fitStepCost([
      { work: 100, ns: 500 },
      { work: 1000, ns: 10_000 },
    ]);
    expect(line.fixedNs).toBe(0);
    expect(line.perWorkNs).toBeCloseTo(6, 9);
  });

  it('never slopes down (noise), and is flat through points at one work', () => {
    const falling = fitStepCost([
      { work: 100, ns: 5000 },
      { work: 1000, ns: 4000 },
    ]);
    // flat at the mean weighted by 1/ns²: (1/5000 + 1/4000) / (1/5000² + 1/4000²)
    expect(falling.perWorkNs).toBe(0);
    expect(falling.fixedNs).toBeCloseTo(4390.2439, 3);
    expect(fitStepCost([{ work: 64, ns: 700 }])).toEqual({ fixedNs: 700, perWorkNs: 0 });
    expect(() => fitStepCost([])).toThrow(RangeError);
  });
});

describe('where the automatic choice leaves the fused schedule', () => {
  it('is where the two lines cross', () => {
    // 1 µs + 10 ns·W against 101 µs + 5 ns·W: equal at W = 20 000
    const fused = { fixedNs: 1000, perWorkNs: 10 };
    const layered = { fixedNs: 101_000, perWorkNs: 5 };
    expect(crossoverWork(fused, layered)).toBe(20_000);
  });

  it('stays fused up to the maximum when fused is never steeper, and within the bounds otherwise', () => {
    expect(crossoverWork({ fixedNs: 0, perWorkNs: 5 }, { fixedNs: 1e5, perWorkNs: 6 })).toBe(
      MAX_FUSED_WORK,
    );
    expect(crossoverWork({ fixedNs: 1e6, perWorkNs: 10 }, { fixedNs: 0, perWorkNs: 5 })).toBe(
      MIN_FUSED_WORK,
    );
    expect(crossoverWork({ fixedNs: 0, perWorkNs: 1e-3 }, { fixedNs: 1e9, perWorkNs: 0 })).toBe(
      MAX_FUSED_WORK,
    );
  });

  it('is not trusted beyond the largest work measured', () => {
    const fused = { fixedNs: 1000, perWorkNs: 10 };
    expect(crossoverWork(fused, { fixedNs: 1e5, perWorkNs: 11 }, 36_864)).toBe(36_864);
    // crossing at 20 000, measured up to 50 000: the crossing
    expect(crossoverWork(fused, { fixedNs: 101_000, perWorkNs: 5 }, 50_000)).toBe(20_000);
    // crossing at 20 000, measured up to 8192: no further than measured
    expect(crossoverWork(fused, { fixedNs: 101_000, perWorkNs: 5 }, 8192)).toBe(8192);
  });
});

describe('what train() takes from a measured cost', () => {
  const millisecondAStep = { fixedNs: 1e6, perWorkNs: 0 };

  it('a first watched segment of about one frame (16 ms)', () => {
    expect(stepsPerFrame(millisecondAStep, 1000)).toBe(16);
    expect(stepsPerFrame({ fixedNs: 0, perWorkNs: 1000 }, 4000)).toBe(4);
    expect(stepsPerFrame({ fixedNs: 1e9, perWorkNs: 0 }, 1)).toBe(1);
    expect(stepsPerFrame(null, 1000)).toBeUndefined();
  });

  it('sleeps through most of the run before waiting only where waiting spins', () => {
    expect(sleepBeforeReadbackMs(millisecondAStep, 1, 100, true)).toBeCloseTo(50, 9);
    expect(sleepBeforeReadbackMs(millisecondAStep, 1, 100, false)).toBe(0);
    expect(sleepBeforeReadbackMs(null, 1, 100, true)).toBe(0);
  });
});

describe('a stored tuning', () => {
  it('comes back as it was saved', () => {
    const tuning = {
      ...defaultTuning(software),
      stepCost: { fused: { fixedNs: 1, perWorkNs: 2 }, layered: null },
      source: 'measured' as const,
    };
    expect(parseTuning(JSON.parse(JSON.stringify(tuning)))).toEqual(tuning);
  });

  it('of an older shape, or damaged, is refused, so the pass runs again', () => {
    const legacy = {
      persistentWorkgroupSize: 4,
      multiWorkgroupSize: 4,
      maxWorkgroupsPerChunk: 8,
      persistentMaxSamples: 16384,
      stepCost: { persistent: null, multi: null },
      source: 'measured',
    };
    expect(parseTuning(legacy)).toBeNull();
    expect(parseTuning({ ...defaultTuning(software), fusedWorkgroupSize: 0 })).toBeNull();
    expect(parseTuning({ ...defaultTuning(software), stepCost: null })).toBeNull();
    expect(parseTuning('4')).toBeNull();
    expect(parseTuning(null)).toBeNull();
  });
});
