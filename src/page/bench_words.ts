/** The Benchmark tab's words: time ratios as people say them, and the sweep's one-line verdict. */
import type { BenchRow } from './bench_protocol.ts';
import { grouped } from './grouped.ts';

export const isOurs = (row: BenchRow) => row.what.startsWith('webgpu-train');

/** A time ratio in words: "12× slower", "3.4× faster", "as fast". */
export function timesSlower(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  if (Math.abs(ratio - 1) < 0.05) return 'as fast';
  return ratio > 1 ? `${times(ratio)} slower` : `${times(1 / ratio)} faster`;
}

/** A ratio of 1 or more as people write it: 3.4×, 12×, 2 100×. */
function times(ratio: number): string {
  return `${ratio >= 100 ? grouped(Math.round(ratio)) : ratio.toPrecision(2)}×`;
}

/** How many times faster (or slower) webgpu-train was than `other`, in words. */
function against(ours: BenchRow, other: BenchRow, name: string): string {
  const ratio = other.msPerStep / ours.msPerStep;
  if (Math.abs(ratio - 1) < 0.05) return `as fast as ${name}`;
  return ratio > 1
    ? `${times(ratio)} faster than ${name}`
    : `${times(1 / ratio)} slower than ${name}`;
}

/**
 * The sweep's outcome in one sentence, at the largest N it measured on WebGPU: webgpu-train against
 * TensorFlow.js's fastest backend there and against the plain CPU loop.
 */
export function benchVerdict(rows: readonly BenchRow[]): string {
  const ours = rows.filter(isOurs).sort((a, b) => b.N - a.N)[0];
  if (ours === undefined) return '';
  const at = rows.filter((row) => row.N === ours.N);
  const tfjs = at
    .filter((row) => row.what.startsWith('TensorFlow.js'))
    .sort((a, b) => a.msPerStep - b.msPerStep)[0];
  const cpu = at.find((row) => row.what === 'fused CPU loop');
  const parts = [
    tfjs === undefined
      ? null
      : against(
          ours,
          tfjs,
          `TensorFlow.js (its fastest here: ${tfjs.what.replace(/^TensorFlow\.js /, '')})`,
        ),
    cpu === undefined ? null : against(ours, cpu, 'a plain CPU loop'),
  ].filter((part): part is string => part !== null);
  if (parts.length === 0) return '';
  return `At N = ${grouped(ours.N)}, webgpu-train trained the tutorial ${parts.join(' and ')}, on this machine.`;
}
