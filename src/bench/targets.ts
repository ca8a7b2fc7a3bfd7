/**
 * The benchmark targets, read off one benchmark run: each with what was measured, beside the CPU
 * reference, and whether it was met; a target whose runs were not asked for says so.
 */
import type { SuiteResult } from './suite.ts';
import type { SweepResult } from './sweep.ts';
import type { WorkloadFigures, WorkloadRow } from './workloads.ts';

export interface Target {
  readonly name: string;
  /** what it asks, in words */
  readonly target: string;
  /** what this run measured, in words; why not, when it was not measured */
  readonly measured: string;
  /** null: not measured in this run */
  readonly met: boolean | null;
}

const x = (ratio: number) => `${ratio >= 100 ? ratio.toFixed(0) : ratio.toPrecision(3)}×`;
const ms = (value: number) => `${value.toPrecision(4)} ms`;

function workload(suite: SuiteResult | null, name: string): WorkloadFigures | null {
  return suite?.workloads.find((w) => w.name === name) ?? null;
}

/** The row the planner chose (asked 'auto'), else the one of the schedule named. */
function gpuRow(w: WorkloadFigures | null, schedule: 'auto' | 'layered'): WorkloadRow | null {
  if (w === null) return null;
  return (
    w.webgpu.find((r) => (schedule === 'auto' ? r.asked === 'auto' : r.schedule === schedule)) ??
    null
  );
}

const notMeasured = (name: string, target: string, how: string): Target => ({
  name,
  target,
  measured: `not measured in this run (${how})`,
  met: null,
});

function playgroundTargets(suite: SuiteResult | null): Target[] {
  const w = workload(suite, 'playground');
  const ours = gpuRow(w, 'auto');
  const how = 'bench --mlp or --playground, with --schedule auto';
  if (w === null || ours === null) {
    return [
      notMeasured('playground: one dispatch', '1 dispatch, unwatched', how),
      notMeasured('playground vs CPU reference', 'faster than the CPU reference', how),
      notMeasured('playground vs PyTorch', 'at least 5× faster than PyTorch CPU', how),
      notMeasured(
        'playground vs TF.js WebGPU',
        'at least 10 000× faster than TF.js WebGPU model.fit',
        how,
      ),
    ];
  }
  const t = ours.trainMs.median;
  const out: Target[] = [
    {
      name: 'playground: one dispatch',
      target: '1 dispatch, unwatched',
      measured: `${ours.dispatchCount} dispatch${ours.dispatchCount === 1 ? '' : 'es'} (${ours.schedule})`,
      met: ours.dispatchCount === 1,
    },
    {
      name: 'playground vs CPU reference',
      target: 'faster than the CPU reference',
      measured: `${ms(t)} against ${ms(w.cpu.trainMs.median)}: ${x(w.cpu.trainMs.median / t)}`,
      met: t < w.cpu.trainMs.median,
    },
  ];
  const torch = suite?.torch ?? null;
  out.push(
    torch?.available === true && torch.trainMs !== null
      ? {
          name: 'playground vs PyTorch',
          target: 'at least 5× faster than PyTorch CPU',
          measured: `${ms(t)} against ${ms(torch.trainMs.median)}: ${x(torch.trainMs.median / t)}`,
          met: torch.trainMs.median / t >= 5,
        }
      : notMeasured(
          'playground vs PyTorch',
          'at least 5× faster than PyTorch CPU',
          torch?.reason ?? 'PyTorch not run',
        ),
  );
  const tfjs = suite?.tfjs.find((f) => f.backend === 'webgpu') ?? null;
  out.push(
    tfjs !== null
      ? {
          name: 'playground vs TF.js WebGPU',
          target: 'at least 10 000× faster than TF.js WebGPU model.fit',
          measured: `${ms(t)} against ${ms(tfjs.projectedMs)}${tfjs.epochsRun < tfjs.epochsAsked ? ` (${tfjs.msPerStep.toPrecision(3)} ms a step over ${tfjs.stepsRun} steps, × ${Math.round(tfjs.projectedMs / tfjs.msPerStep)})` : ''}: ${x(tfjs.projectedMs / t)}`,
          met: tfjs.projectedMs / t >= 10_000,
        }
      : notMeasured(
          'playground vs TF.js WebGPU',
          'at least 10 000× faster than TF.js WebGPU model.fit',
          'add --tfjs',
        ),
  );
  return out;
}

function largeTargets(suite: SuiteResult | null): Target[] {
  const adam = workload(suite, 'linear-adam-100k');
  const sgd = workload(suite, 'linear-sgd-100k');
  const mlp = workload(suite, 'mlp-16-16-100k');
  const adamRow = gpuRow(adam, 'auto');
  const sgdRow = gpuRow(sgd, 'auto');
  const layered = gpuRow(mlp, 'layered');
  const how = 'bench --mlp, with --schedule auto';
  const out: Target[] = [];
  out.push(
    adamRow !== null && sgdRow !== null
      ? {
          name: 'linear Adam 100k vs the tutorial',
          target: 'within 1.5× of the tutorial (SGD, the same data and steps) on the one engine',
          measured: `${ms(adamRow.trainMs.median)} against ${ms(sgdRow.trainMs.median)}: ${x(adamRow.trainMs.median / sgdRow.trainMs.median)} (${adamRow.schedule})`,
          met: adamRow.trainMs.median <= 1.5 * sgdRow.trainMs.median,
        }
      : notMeasured('linear Adam 100k vs the tutorial', 'within 1.5× of the tutorial', how),
  );
  out.push(
    adam?.peakRssMb !== null && adam?.peakRssMb !== undefined
      ? {
          name: 'linear Adam 100k memory',
          target: 'under 400 MB resident',
          measured: `peak RSS ${adam.peakRssMb.toFixed(0)} MB (the whole process, after its WebGPU runs)`,
          met: adam.peakRssMb < 400,
        }
      : notMeasured('linear Adam 100k memory', 'under 400 MB resident', 'Node only, bench --mlp'),
  );
  out.push(
    mlp !== null && layered !== null
      ? {
          name: '2-16-16-1 100k, batch 1000',
          target: 'the layered schedule is faster than the CPU reference',
          measured: `${ms(layered.trainMs.median)} against ${ms(mlp.cpu.trainMs.median)}: ${x(mlp.cpu.trainMs.median / layered.trainMs.median)}`,
          met: layered.trainMs.median < mlp.cpu.trainMs.median,
        }
      : notMeasured(
          '2-16-16-1 100k, batch 1000',
          'the layered schedule is faster than the CPU reference',
          'bench --mlp with --schedule auto or layered',
        ),
  );
  return out;
}

function tutorialTargets(sweep: SweepResult | null): Target[] {
  const at = (N: number) => sweep?.sizes.find((s) => s.N === N) ?? null;
  const auto = (N: number) => at(N)?.webgpu.find((g) => g.asked === 'auto') ?? null;
  const small = auto(100);
  const large = auto(1e6);
  const huge = at(1e7);
  // the planner's choice where it ran; a forced schedule is an experiment, not the target
  const hugeRows = huge === null ? [] : huge.webgpu.filter((g) => g.asked === 'auto');
  const out: Target[] = [];
  out.push(
    small !== null
      ? {
          name: 'tutorial N = 100',
          target: 'within 2× of the fused JS loop, one dispatch',
          measured: `${small.msPerStep.toPrecision(3)} against ${(at(100)?.cpu.msPerStep ?? NaN).toPrecision(3)} ms a step: ${x(1 / small.speedup)} the loop's time; ${small.dispatchCount} dispatch(es)`,
          met: small.speedup >= 0.5 && small.dispatchCount === 1,
        }
      : notMeasured(
          'tutorial N = 100',
          'within 2× of the fused JS loop, one dispatch',
          '--sizes with 100',
        ),
  );
  out.push(
    large !== null
      ? {
          name: 'tutorial N = 10⁶',
          target: 'at least 2× the CPU loop per step',
          measured: `${large.msPerStep.toPrecision(3)} against ${(at(1e6)?.cpu.msPerStep ?? NaN).toPrecision(3)} ms a step: ${x(large.speedup)} (${large.schedule})`,
          met: large.speedup >= 2,
        }
      : notMeasured(
          'tutorial N = 10⁶',
          'at least 2× the CPU loop per step',
          '--sizes with 1000000',
        ),
  );
  out.push(
    hugeRows.length > 0
      ? {
          name: 'tutorial N = 10⁷',
          target: '10⁷ samples still run',
          measured: hugeRows
            .map(
              (g) =>
                `${g.schedule}: ${g.stepsRun} steps, ${g.msPerStep.toPrecision(3)} ms a step, loss ${g.lossCheck.ok ? 'agrees' : 'MISMATCH'}`,
            )
            .join('; '),
          met: hugeRows.every((g) => g.lossCheck.ok),
        }
      : notMeasured(
          'tutorial N = 10⁷',
          '10⁷ samples still run',
          '--sizes with 10000000, --schedule with auto',
        ),
  );
  return out;
}

/** Every benchmark target that a benchmark run can speak to. */
export function benchTargets(suite: SuiteResult | null, sweep: SweepResult | null): Target[] {
  return [...playgroundTargets(suite), ...largeTargets(suite), ...tutorialTargets(sweep)];
}
