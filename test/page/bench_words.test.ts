import { describe, expect, it } from 'vitest';
import type { BenchRow } from '../../src/page/bench_protocol.ts';
import { benchVerdict, timesSlower } from '../../src/page/bench_words.ts';

const row = (N: number, what: string, msPerStep: number): BenchRow => ({
  N,
  what,
  stepsRun: 100,
  stepsAsked: 100,
  trainMs: 100 * msPerStep,
  msPerStep,
  check: 'ok',
});

describe("the Benchmark tab's words", () => {
  it('says the sweep in one sentence at the largest N webgpu-train ran, against the fastest TensorFlow.js backend and the CPU loop', () => {
    const rows = [
      row(100, 'webgpu-train WebGPU (fused)', 0.5),
      row(100, 'fused CPU loop', 0.1),
      row(10_000, 'webgpu-train WebGPU (layered)', 0.2),
      row(10_000, 'fused CPU loop', 0.6),
      row(10_000, 'TensorFlow.js webgpu, as-taught', 4.8),
      row(10_000, 'TensorFlow.js wasm, as-taught', 2.4),
    ];
    expect(benchVerdict(rows)).toBe(
      'At N = 10 000, webgpu-train trained the tutorial 12× faster than TensorFlow.js (its fastest here: wasm, as-taught) and 3.0× faster than a plain CPU loop, on this machine.',
    );
    expect(benchVerdict(rows.slice(0, 2))).toBe(
      'At N = 100, webgpu-train trained the tutorial 5.0× slower than a plain CPU loop, on this machine.',
    );
    expect(benchVerdict([row(100, 'fused CPU loop', 0.1)])).toBe('');
  });

  it('says a time ratio as slower, faster or as fast', () => {
    expect(timesSlower(12)).toBe('12× slower');
    expect(timesSlower(0.25)).toBe('4.0× faster');
    expect(timesSlower(1.02)).toBe('as fast');
    expect(timesSlower(2144.7)).toBe('2 145× slower');
  });
});
