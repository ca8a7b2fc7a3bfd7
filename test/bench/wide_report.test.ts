import { describe, expect, it } from 'vitest';
import {
  LAST_EPOCH_RTOL,
  lastEpochMean,
  WIDE_BINARY,
  WIDE_SOFTMAX,
  type WideBenchResult,
  type WideRow,
} from '../../src/bench/wide.ts';
import { formatWide, wideWorkloadsOf } from '../../src/cli/wide_bench.ts';

// the wide benchmark's bookkeeping, apart from its runs: which workloads --workloads picks, the
// last epoch's loss every engine is compared by, and how the table reports a comparison
describe('bench --wide: workloads, last epoch, report', () => {
  it('picks workloads by number and refuses one that is not there, naming them', () => {
    expect(wideWorkloadsOf(undefined).map((w) => w.name)).toEqual([
      WIDE_BINARY.name,
      WIDE_SOFTMAX.name,
    ]);
    expect(wideWorkloadsOf([2])).toEqual([WIDE_SOFTMAX]);
    expect(() => wideWorkloadsOf([1, 3])).toThrow(
      /--workloads: the wide workloads are numbered 1 to 2 \(1 wide-64-64-64-1, 2 wide-64-256-256-10\), got 3/,
    );
  });

  it("takes the last epoch's batch losses weighted by their rows, and only from a whole run", () => {
    // 5 rows in batches of 2: batches of 2, 2 and 1 rows; the last epoch's losses 1, 2, 4
    // weigh (1·2 + 2·2 + 4·1) / 5 = 2, where their plain mean would be 7/3
    expect(lastEpochMean([9, 9, 9, 1, 2, 4], 5, 2, 2)).toBe(2);
    expect(lastEpochMean([9, 9, 9, 1, 2], 5, 2, 2)).toBeNull();
  });

  it('prints each row beside the CPU reference, with the tolerance, and marks one that differs', () => {
    const row = (over: Partial<WideRow>): WideRow => ({
      engine: 'webgpu-train',
      variant: 'wide',
      trainMs: { median: 2000, min: 1900, max: 2100 },
      projected: false,
      gflops: 1.5,
      steps: 471,
      firstLoss: 2.3,
      finalLoss: 1.1,
      lastEpochLoss: 1.2,
      lossVsReference: 0,
      lossAgrees: true,
      note: null,
      ...over,
    });
    const result: WideBenchResult = {
      matmul: null,
      workloads: [
        {
          name: WIDE_SOFTMAX.name,
          description: WIDE_SOFTMAX.description,
          params: 85_002,
          steps: 471,
          flops: 3.06e10,
          rows: [
            row({ lossVsReference: 2e-6 }),
            row({
              variant: 'layered',
              trainMs: null,
              gflops: null,
              steps: 0,
              firstLoss: null,
              finalLoss: null,
              lastEpochLoss: null,
              lossVsReference: null,
              lossAgrees: null,
              note: 'the layered schedule takes layers up to 64 wide',
            }),
            row({ variant: 'cpu reference (f32)' }),
            row({
              engine: 'jax-js',
              variant: 'jit wasm',
              lossVsReference: 0.05,
              lossAgrees: false,
            }),
          ],
        },
      ],
    };
    const text = formatWide(result);
    // the table's cells, two spaces apart: engine, variant, …, last epoch, vs CPU ref, note
    const cells = (variant: string) =>
      text
        .split('\n')
        .map((l) => l.trim().split(/ {2,}/))
        .find((c) => c[1] === variant) ?? [];
    expect(cells('wide')[7]).toBe('2.0e-6');
    expect(cells('layered').at(-1)).toBe('the layered schedule takes layers up to 64 wide');
    expect(cells('jit wasm')[7]).toBe('5.0e-2 DIFFERS');
    expect(text).toContain(`within ${LAST_EPOCH_RTOL} for the same training in float32`);
  });
});
