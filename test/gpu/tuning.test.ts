import { describe, expect, it } from 'vitest';
import {
  defaultTuning,
  parseTuning,
  sleepBeforeReadbackMs,
  stepsPerFrame,
  type Tuning,
} from '../../src/gpu/tuning.ts';
import type { AdapterSummary } from '../../src/gpu/index.ts';

// Plain logic, no GPU: what train() takes from a tuning, and how a kept one is read back.
const software: AdapterSummary = {
  vendor: 'google',
  architecture: 'swiftshader',
  device: 'swiftshader',
  description: 'SwiftShader',
  isFallbackAdapter: false,
  isSoftware: true,
};

describe('what train() takes from a predicted run', () => {
  it('a first watched segment of about one frame (16 ms)', () => {
    // 1000 steps in 1 s: a millisecond each
    expect(stepsPerFrame(1000, 1000)).toBe(16);
    expect(stepsPerFrame(4000, 1000)).toBe(4);
    expect(stepsPerFrame(1e9, 1)).toBe(1);
  });

  it('sleeps through half the run before waiting, only where waiting spins and the adapter was measured', () => {
    const measured: Tuning = { ...defaultTuning(software), source: 'measured' };
    expect(sleepBeforeReadbackMs(100, measured, true)).toBe(50);
    expect(sleepBeforeReadbackMs(100, measured, false)).toBe(0);
    // the kind's defaults are not trusted to sleep by
    expect(sleepBeforeReadbackMs(100, defaultTuning(software), true)).toBe(0);
  });
});

describe('a stored tuning', () => {
  it('comes back as it was saved', () => {
    const tuning: Tuning = {
      ...defaultTuning(software),
      decisions: { '2-8-8-1 tanh adam batch 10 rows 250/0/250 epochs ~64': 'fused' },
      source: 'measured',
    };
    expect(parseTuning(JSON.parse(JSON.stringify(tuning)))).toEqual(tuning);
  });

  it('of an older shape, or damaged, is refused, so the defaults are used', () => {
    const older = {
      fusedWorkgroupSize: 4,
      layeredWorkgroupSize: 16,
      layeredMaxBlocks: 8,
      reduceWorkgroupSize: 64,
      fusedMaxWork: 65_536,
      stepCost: { fused: null, layered: null },
      source: 'measured',
    };
    expect(parseTuning(older)).toBeNull();
    const fine = defaultTuning(software);
    expect(parseTuning({ ...fine, fusedWorkgroupSize: 0 })).toBeNull();
    expect(parseTuning({ ...fine, parallel: { lanes: 0, workgroups: 2 } })).toBeNull();
    const fused = fine.cost['fused'];
    expect(fused).toBeDefined();
    const negative = { ...fine, cost: { ...fine.cost, fused: { ...fused, error: -1 } } };
    expect(parseTuning(negative)).toBeNull();
    expect(parseTuning({ ...fine, decisions: { shape: 3 } })).toBeNull();
    // a wide shape from before its kind, or a workgroup tile the kernels cannot take
    expect(parseTuning({ ...fine, wide: { ...fine.wide, kind: undefined } })).toBeNull();
    const gpu = defaultTuning({ ...software, isSoftware: false });
    expect(gpu.wide.kind).toBe('workgroup');
    expect(parseTuning({ ...fine, wide: { ...gpu.wide, slab: 6 } })).toBeNull();
    expect(parseTuning({ ...fine, wide: { ...gpu.wide, workgroupSize: 32 } })).toBeNull();
    expect(parseTuning('4')).toBeNull();
    expect(parseTuning(null)).toBeNull();
  });

  it('the defaults of each kind price every schedule', () => {
    for (const isSoftware of [true, false]) {
      const tuning = defaultTuning({ ...software, isSoftware });
      expect(parseTuning(tuning)).toEqual(tuning);
      expect(Object.keys(tuning.cost).sort()).toEqual(['fused', 'layered', 'wide']);
      // register tiles where a barrier is dear, workgroup tiles on a GPU
      expect(tuning.wide.kind).toBe(isSoftware ? 'registers' : 'workgroup');
    }
  });
});
