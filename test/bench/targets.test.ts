import { describe, expect, it } from 'vitest';
import { benchTargets, type SuiteResult, type WorkloadRow } from '../../src/bench/index.ts';

// Plain logic: how the benchmark targets are read off a run's figures (made up here, not measured).
const row = (ms: number, over: Partial<WorkloadRow> = {}): WorkloadRow => ({
  backend: 'webgpu',
  asked: 'auto',
  schedule: 'fused',
  workgroupSize: 4,
  trainMs: { median: ms, min: ms, max: ms },
  setupMs: 1,
  dispatchCount: 1,
  submitCount: 1,
  stepsPerSecond: 1,
  firstLoss: 0.7,
  finalLoss: 0.01,
  epochLosses: [],
  lossCheck: { firstRelativeDifference: 0, maxRelativeDifference: 0, ok: true },
  ...over,
});

const workload = (
  name: string,
  gpu: WorkloadRow[],
  cpuMs: number,
  peakRssMb: number | null = null,
) => ({
  name,
  description: name,
  rows: 250,
  steps: 1250,
  repeats: 3,
  webgpu: gpu,
  cpu: row(cpuMs, { backend: 'cpu', asked: null, schedule: 'reference', lossCheck: null }),
  peakRssMb,
});

describe('the benchmark targets', () => {
  it('says which were not measured, and how to measure them', () => {
    const targets = benchTargets(null, null);
    expect(targets).toHaveLength(10);
    for (const t of targets) {
      expect(t.met).toBeNull();
      expect(t.measured).toMatch(/^not measured in this run \(.+\)$/);
    }
  });

  it('reads each target off the rows it names', () => {
    const suite: SuiteResult = {
      workloads: [
        workload(
          'linear-adam-100k',
          [row(3000, { schedule: 'layered', dispatchCount: 3000 })],
          20_000,
          450,
        ),
        workload('linear-sgd-100k', [row(2500, { schedule: 'layered' })], 9000),
        workload('playground', [row(50)], 200),
        workload('mlp-16-16-100k', [row(900, { schedule: 'layered' })], 800),
      ],
      tfjs: [],
      torch: {
        available: true,
        reason: null,
        version: '1.13',
        threads: 1,
        trainMs: { median: 240, min: 240, max: 240 },
        losses: [],
        maxRelativeDifference: 0,
        firstRelativeDifference: 0,
      },
    };
    const met = Object.fromEntries(benchTargets(suite, null).map((t) => [t.name, t.met]));
    expect(met).toEqual({
      'playground: one dispatch': true,
      'playground vs CPU reference': true, // 50 ms against 200
      'playground vs PyTorch': false, // 4.8×, not 5×
      'playground vs TF.js WebGPU': null, // not run
      'linear Adam 100k vs the tutorial': true, // 3000 ms against 2500: 1.2×
      'linear Adam 100k memory': false, // 450 MB
      '2-16-16-1 100k, batch 1000': false, // 900 ms against 800
      'tutorial N = 100': null,
      'tutorial N = 10⁶': null,
      'tutorial N = 10⁷': null,
    });
  });
});
