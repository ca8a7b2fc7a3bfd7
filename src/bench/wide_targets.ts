/**
 * The wide benchmark's targets, read off one `bench --wide` run: the 64-64-64-1 workload on the
 * wide schedule against the layered schedule (today's engine before it), the CPU reference,
 * jax-js and TensorFlow.js on WebGPU, and its model FLOP/s against the adapter's plain matrix
 * multiply.
 */
import type { Target } from './targets.ts';
import { WIDE_BINARY, type WideBenchResult, type WideRow } from './wide.ts';

const x = (ratio: number) => `${ratio >= 100 ? ratio.toFixed(0) : ratio.toPrecision(3)}×`;
const s = (row: WideRow) =>
  `${((row.trainMs?.median ?? NaN) / 1000).toPrecision(3)} s${row.projected ? ' (projected)' : ''}`;

export function wideTargets(result: WideBenchResult): Target[] {
  const w = result.workloads.find((f) => f.name === WIDE_BINARY.name);
  const find = (engine: string, variant: (v: string) => boolean): WideRow | null =>
    w?.rows.find((r) => r.engine === engine && variant(r.variant) && r.trainMs !== null) ?? null;
  // the wide schedule as tuned, else the first kind of tiles the run forced
  const wide =
    find('webgpu-train', (v) => v === 'wide' || v === 'auto→wide') ??
    find('webgpu-train', (v) => v.startsWith('wide, '));
  const faster = (name: string, target: string, other: WideRow | null, times: number): Target => {
    if (wide === null || other === null)
      return {
        name,
        target,
        measured: `not measured in this run (${wide === null ? 'the wide schedule' : 'the other engine'} did not run)`,
        met: null,
      };
    const ratio = (other.trainMs?.median ?? NaN) / (wide.trainMs?.median ?? NaN);
    return {
      name,
      target,
      measured: `wide ${s(wide)} against ${s(other)}: ${x(ratio)}`,
      met: ratio >= times,
    };
  };
  const targets = [
    faster(
      'wide vs layered',
      '64-64-64-1 at least 10× faster than the layered schedule on the same adapter',
      find('webgpu-train', (v) => v === 'layered'),
      10,
    ),
    faster(
      'wide vs CPU reference',
      '64-64-64-1 at least 2× faster than --backend cpu',
      find('webgpu-train', (v) => v.startsWith('cpu')),
      2,
    ),
    faster(
      'wide vs jax-js WebGPU',
      '64-64-64-1 at least 2× faster than jax-js on WebGPU on the same adapter',
      find('jax-js', (v) => v.includes('webgpu')),
      2,
    ),
    faster(
      'wide vs TensorFlow.js WebGPU',
      '64-64-64-1 at least 10× faster than TensorFlow.js model.fit on WebGPU',
      find('tfjs', (v) => v.includes('webgpu')),
      10,
    ),
  ];
  const best = result.matmul?.best ?? null;
  targets.push(
    wide === null || best === null || wide.gflops === null
      ? {
          name: 'wide FLOP/s vs matmul',
          target: "model FLOP/s at least 70 % of the adapter's best plain matrix multiply",
          measured: 'not measured in this run',
          met: null,
        }
      : {
          name: 'wide FLOP/s vs matmul',
          target: "model FLOP/s at least 70 % of the adapter's best plain matrix multiply",
          measured: `${wide.gflops.toPrecision(3)} GFLOP/s against ${best.gflops.toPrecision(3)} (${best.M}×${best.K} by ${best.K}×${best.N}): ${((100 * wide.gflops) / best.gflops).toFixed(0)} %`,
          met: wide.gflops >= 0.7 * best.gflops,
        },
  );
  return targets;
}
