// The benchmark's tables for people; --json carries everything.
import {
  FIRST_LOSS_RTOL,
  LOSS_CHECK_RTOL,
  TFJS_FIRST_LOSS_RTOL,
  TRAJECTORY_RTOL,
  type BackendFigures,
  type SuiteResult,
  type SweepResult,
  type Target,
  type WorkloadRow,
} from '../bench/index.ts';
import { table } from './text_table.ts';

const fixed = (x: number | null, digits: number): string => (x === null ? '—' : x.toFixed(digits));
const compact = (x: number): string => x.toExponential(2).replace('e+', 'e');
const range = (s: { median: number; min: number; max: number }, digits = 2) =>
  `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;

export function formatSweep(result: SweepResult): string {
  if (result.sizes.length === 0) return '';
  const cells: string[][] = [
    [
      'N',
      'backend',
      'steps',
      'dispatches',
      'setup ms',
      'train ms (median, min–max)',
      'ms/step',
      'GPU ms/step',
      'steps/s',
      'GB/s',
      'vs CPU loop',
      'loss',
    ],
  ];
  for (const size of result.sizes) {
    const steps = (run: number) => (run === size.stepsRequested ? String(run) : `${run}*`);
    const line = (
      name: string,
      f: BackendFigures,
      dispatches: string,
      vs: string,
      loss: string,
    ) => [
      compact(size.N),
      name,
      steps(f.stepsRun),
      dispatches,
      fixed(f.setupMs, 1),
      range(f.trainMs),
      f.msPerStep.toPrecision(3),
      f.gpuMs === null ? '—' : (f.gpuMs / f.stepsRun).toPrecision(3),
      compact(f.stepsPerSecond),
      f.effectiveGBps.toPrecision(3),
      vs,
      loss,
    ];
    cells.push(line('cpu loop', size.cpu, '—', '1×', 'reference'));
    for (const g of size.webgpu) {
      const name = `webgpu ${g.asked === 'auto' ? `auto→${g.schedule}` : g.schedule}/${g.workgroupSize}`;
      cells.push(
        line(
          name,
          g,
          String(g.dispatchCount),
          `${g.speedup.toFixed(2)}×`,
          g.lossCheck.ok ? 'agrees' : 'MISMATCH',
        ),
      );
    }
    for (const t of size.tfjs) {
      cells.push([
        compact(size.N),
        `tfjs-${t.backend} ${t.variant}`,
        steps(t.stepsRun),
        '—',
        '—',
        t.trainMs.toFixed(2),
        t.msPerStep.toPrecision(3),
        '—',
        compact(1000 / t.msPerStep),
        '—',
        `${(size.cpu.msPerStep / t.msPerStep).toPrecision(2)}×`,
        t.firstLossOk ? 'agrees' : 'MISMATCH',
      ]);
    }
  }
  const notes = [
    `the tutorial (make_classification, D = ${result.options.dims}, full batch, SGD lr ${result.options.lr}); cpu loop: ${result.cpuPath}`,
    "vs CPU loop: its time per step over this row's (above 1× is faster); dispatches: per run, as TrainResult.run reports them",
  ];
  if (result.sizes.some((s) => [s.cpu, ...s.webgpu].some((f) => f.stepsRun < s.stepsRequested)))
    notes.push(
      `* fewer steps than asked, to stay within --budget-ms ${result.options.budgetMs} per backend and size; per-step figures hold`,
    );
  notes.push(
    `loss: the last step's loss against the CPU loop's, within ${LOSS_CHECK_RTOL} relative` +
      (result.sizes.some((s) => s.tfjs.length > 0)
        ? `; TensorFlow.js's first loss within ${TFJS_FIRST_LOSS_RTOL}`
        : ''),
  );
  return `\n${table(cells)}\n${notes.join('\n')}`;
}

function workloadLine(
  name: string,
  rowFigures: WorkloadRow,
  cpuMs: number,
  steps: number,
): string[] {
  const check = rowFigures.lossCheck;
  return [
    name,
    String(steps),
    String(rowFigures.dispatchCount),
    range(rowFigures.trainMs, 1),
    compact(rowFigures.stepsPerSecond),
    `${(cpuMs / rowFigures.trainMs.median).toPrecision(3)}×`,
    rowFigures.finalLoss.toPrecision(4),
    check === null
      ? 'reference'
      : `${check.ok ? 'agrees' : 'MISMATCH'} (first ${check.firstRelativeDifference.toExponential(1)}, worst ${check.maxRelativeDifference.toExponential(1)})`,
  ];
}

export function formatSuite(suite: SuiteResult | null): string {
  if (suite === null) return '';
  const out: string[] = [];
  for (const w of suite.workloads) {
    const cpuMs = w.cpu.trainMs.median;
    const cells = [
      [
        'backend',
        'steps',
        'dispatches',
        'train ms (median, min–max)',
        'steps/s',
        'vs CPU ref.',
        'final loss',
        'loss vs CPU reference',
      ],
      workloadLine('cpu reference (f32)', w.cpu, cpuMs, w.steps),
      ...w.webgpu.map((r) =>
        workloadLine(
          `webgpu ${r.asked === 'auto' ? `auto→${r.schedule}` : r.schedule}/${r.workgroupSize ?? '—'}`,
          r,
          cpuMs,
          w.steps,
        ),
      ),
    ];
    if (w.name === 'playground') {
      const torch = suite.torch;
      if (torch?.available === true && torch.trainMs !== null) {
        cells.push([
          `pytorch ${torch.version} cpu, ${torch.threads} threads`,
          String(torch.losses.length),
          '—',
          range(torch.trainMs, 1),
          compact((1000 * torch.losses.length) / torch.trainMs.median),
          `${(cpuMs / torch.trainMs.median).toPrecision(3)}×`,
          (torch.losses.at(-1) ?? NaN).toPrecision(4),
          torch.maxRelativeDifference === null
            ? 'steps differ'
            : `same batches: first ${(torch.firstRelativeDifference ?? NaN).toExponential(1)}, worst ${torch.maxRelativeDifference.toExponential(1)}`,
        ]);
      }
      for (const f of suite.tfjs) {
        const last = f.epochLosses.at(-1) ?? NaN;
        const oursThen = f.webgpuEpochLosses[f.epochsRun - 1] ?? NaN;
        cells.push([
          `tfjs-${f.backend} model.fit`,
          f.epochsRun < f.epochsAsked ? `${f.stepsRun}*` : String(f.stepsRun),
          '—',
          f.epochsRun < f.epochsAsked
            ? `${f.projectedMs.toPrecision(4)}† (${f.trainMs.toFixed(0)} for ${f.stepsRun})`
            : f.trainMs.toFixed(1),
          compact(1000 / f.msPerStep),
          `${(cpuMs / f.projectedMs).toPrecision(3)}×`,
          last.toPrecision(4),
          `${f.initialLossOk ? 'same start' : 'START DIFFERS'}; ${f.epochsRun === 0 ? 'no whole epoch within --budget-ms' : `epoch ${f.epochsRun} mean ${last.toPrecision(3)} vs ours ${oursThen.toPrecision(3)}`}`,
        ]);
      }
    }
    out.push(`\n${w.description}: ${w.rows} rows, ${w.steps} steps, median of ${w.repeats}`);
    out.push(table(cells));
    if (w.peakRssMb !== null)
      out.push(`peak RSS after its WebGPU runs: ${w.peakRssMb.toFixed(0)} MB`);
  }
  out.push(
    `loss vs CPU reference: the first batch's loss within ${FIRST_LOSS_RTOL}, every step within ${TRAJECTORY_RTOL} (the reference sums in its own order; Adam carries the ulps along)`,
  );
  if (suite.torch !== null && !suite.torch.available)
    out.push(`pytorch: not available (${suite.torch.reason})`);
  if (suite.tfjs.length > 0)
    out.push(
      "tfjs: TensorFlow.js 4.22's layers model.fit, the same rows, initial weights and batch order (one fit an epoch over the rows in that order, shuffle off); † projected from the steps it ran within --budget-ms",
    );
  return out.join('\n');
}

export function formatTargets(targets: readonly Target[]): string {
  if (targets.length === 0) return '';
  const cells = [
    ['benchmark target', 'asks', 'measured', ''],
    ...targets.map((t) => [
      t.name,
      t.target,
      t.measured,
      t.met === null ? '—' : t.met ? 'met' : 'MISSED',
    ]),
  ];
  return `\n${table(cells)}`;
}
