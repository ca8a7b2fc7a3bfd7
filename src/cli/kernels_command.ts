/**
 * `webgpu-train kernels`: what a model compiles to and what each kernel costs, in the spirit of
 * llm.c's dev/cuda harness and tinygrad's DEBUG=4. For each schedule that can take the run (as the
 * planner would shape it if that schedule were asked for): the WGSL of every kernel, as compiled;
 * each kernel timed alone on the run's buffers beside its CPU stage on the same work; and the
 * schedule's first steps validated against the CPU reference summing in the same order.
 */
import { Command } from 'commander';
import { resolveOptions } from '../api/resolve.ts';
import { splitRows, type RunData, type RunDescription } from '../core/run.ts';
import {
  acquireGpu,
  describeAdapter,
  GpuCapacityError,
  keptTuning,
  planRun,
  runOnGpu,
  SCHEDULE_NAMES,
  type GpuContext,
  type Plan,
  type Schedule,
} from '../gpu/index.ts';
import { resolveKernel } from '../gpu/kernels.ts';
import { timeKernels } from '../gpu/kernel_timing.ts';
import { scheduleSources } from '../gpu/schedules/sources.ts';
import type { KernelSource } from '../gpu/schedules/schedule.ts';
import { ReferenceRun } from '../reference/train.ts';
import { fileTuningStore, installNodeWebGpu } from '../node/index.ts';
import { twinMs } from './kernel_twins.ts';
import { prepareRun } from './prepare_run.ts';
import { addRunFlags, type RunFlags } from './run_flags.ts';
import { table } from './text_table.ts';
import { parsePositiveInteger } from './flags.ts';

/**
 * The first steps on the GPU against the CPU reference in f32 with the plan's summation order:
 * the same sums in the same order, so only the GPU's exp, log and tanh (a few ulp each) part them,
 * carried over at most VALIDATE_STEPS steps.
 */
export const KERNELS_RTOL = 1e-4;
const VALIDATE_STEPS = 100;

interface KernelsFlags extends RunFlags {
  wgsl: boolean;
  repeats: number;
}

interface ScheduleReport {
  readonly schedule: Schedule;
  readonly refused: string | null;
  readonly unrolled: boolean | null;
  readonly compileMs: number;
  /** every kernel the schedule compiles, as compiled */
  readonly sources: {
    readonly file: string;
    readonly role: string;
    readonly constants: Record<string, number>;
    readonly wgsl: string;
  }[];
  /** every dispatch of a step (and an epoch), timed alone, beside its CPU stage */
  readonly kernels: {
    readonly role: string;
    readonly workgroups: number;
    readonly gpuMs: number;
    readonly cpuMs: number | null;
    readonly timedBy: string;
  }[];
  readonly validation: {
    readonly steps: number;
    readonly maxRelativeDifference: number;
    readonly ok: boolean;
  } | null;
}

function sourcesOf(plan: Plan, run: RunDescription, data: RunData): KernelSource[] {
  return scheduleSources(plan, run, splitRows(data));
}

/** The run cut to its first steps (whole epochs, at least one), on the same plan otherwise. */
async function validate(
  context: GpuContext,
  plan: Plan,
  run: RunDescription,
  data: RunData,
  planFor: (run: RunDescription) => Plan,
): Promise<ScheduleReport['validation']> {
  const epochs = Math.max(1, Math.min(run.epochs, Math.floor(VALIDATE_STEPS / plan.stepsPerEpoch)));
  const short = { ...run, epochs, patience: null };
  const shortPlan = planFor(short);
  const gpu = await runOnGpu({ context, plan: shortPlan, run: short, data });
  const reference = new ReferenceRun(short, data, {
    precision: 'f32',
    reduction: shortPlan.reduction,
  });
  reference.runSteps(reference.totalSteps);
  const cpu = reference.outcome().stepLosses;
  let worst = 0;
  for (let t = 0; t < Math.min(gpu.stepLosses.length, cpu.length); t++) {
    const a = gpu.stepLosses[t] as number;
    const b = cpu[t] as number;
    worst = Math.max(worst, Math.abs(a - b) / Math.max(Math.abs(b), 1e-30));
  }
  return {
    steps: gpu.stepsDone,
    maxRelativeDifference: worst,
    ok: gpu.stepsDone === cpu.length && worst <= KERNELS_RTOL,
  };
}

async function runKernels(flags: KernelsFlags): Promise<void> {
  const prepared = await prepareRun(flags);
  const resolved = resolveOptions(prepared.table.dataset, {
    ...prepared.options,
    backend: 'webgpu',
  });
  await installNodeWebGpu();
  const shared = await acquireGpu();
  const tuning = keptTuning(shared, flags.tune ? fileTuningStore() : undefined);
  const context = { ...shared, tuning };
  const { run, data } = resolved;
  const rows = splitRows(data);
  const reports: ScheduleReport[] = [];
  for (const schedule of SCHEDULE_NAMES) {
    const planFor = (r: RunDescription, unrolled?: boolean) =>
      planRun({
        run: r,
        rows,
        limits: context.device.limits,
        tuning,
        schedule,
        workgroupSize: resolved.workgroupSize,
        unrolled,
      });
    let plan: Plan;
    try {
      plan = planFor(run);
    } catch (error) {
      if (!(error instanceof GpuCapacityError)) throw error;
      reports.push({
        schedule,
        refused: error.message,
        unrolled: null,
        compileMs: 0,
        sources: [],
        kernels: [],
        validation: null,
      });
      continue;
    }
    const timed = await timeKernels({ context, plan, run, data, repeats: flags.repeats });
    const sources = sourcesOf(plan, run, data).map((source) => ({
      file: `shaders/${source.name}`,
      role: source.role,
      constants: source.constants,
      wgsl: resolveKernel(source.name, source.generated).code,
    }));
    const kernels = timed.kernels.map((timing) => ({
      role: timing.role,
      workgroups: timing.workgroups,
      gpuMs: timing.ms,
      cpuMs: twinMs(timing.role, plan, run, data, flags.repeats),
      timedBy: timing.source,
    }));
    reports.push({
      schedule,
      refused: null,
      unrolled: plan.unrolled,
      compileMs: timed.compileMs,
      sources,
      kernels,
      validation: await validate(context, plan, run, data, (r) => planFor(r, plan.unrolled)),
    });
  }
  if (flags.json === true) {
    process.stdout.write(JSON.stringify({ adapter: context.adapter, schedules: reports }) + '\n');
  } else {
    process.stdout.write(formatReports(reports, describeAdapter(context.adapter), flags.wgsl));
  }
  if (reports.some((r) => r.validation !== null && !r.validation.ok)) process.exitCode = 1;
}

const ms = (x: number | null): string =>
  x === null || !Number.isFinite(x)
    ? '—'
    : x >= 1
      ? `${x.toFixed(2)} ms`
      : `${(x * 1000).toFixed(1)} µs`;

function formatReports(reports: readonly ScheduleReport[], adapter: string, wgsl: boolean): string {
  const out: string[] = [];
  if (wgsl)
    for (const r of reports)
      for (const k of r.sources) {
        const constants = Object.entries(k.constants)
          .map(([name, v]) => `${name}=${v}`)
          .join(' ');
        out.push(
          `// ===== ${r.schedule}: ${k.file} (${k.role}${constants === '' ? '' : `; ${constants}`}) =====`,
          k.wgsl,
        );
      }
  out.push(`adapter: ${adapter}`);
  const rows = [['schedule', 'dispatch', 'workgroups', 'GPU a dispatch', 'CPU stage', 'CPU/GPU']];
  for (const r of reports) {
    if (r.refused !== null) {
      rows.push([r.schedule, `cannot take this run: ${r.refused}`, '', '', '', '']);
      continue;
    }
    for (const k of r.kernels)
      rows.push([
        r.schedule,
        k.role,
        String(k.workgroups),
        ms(k.gpuMs),
        ms(k.cpuMs),
        k.cpuMs === null ? '—' : `${(k.cpuMs / k.gpuMs).toFixed(2)}×`,
      ]);
  }
  out.push(table(rows));
  for (const r of reports) {
    if (r.refused !== null || r.validation === null) continue;
    const v = r.validation;
    out.push(
      `${r.schedule} (${r.schedule === 'wide' ? 'tiled products' : `per-sample code ${r.unrolled === true ? 'written out' : 'in loops'}`}, compiled in ${ms(r.compileMs)}): ` +
        `its first ${v.steps} steps against the CPU reference in the same order: worst relative difference ${v.maxRelativeDifference.toExponential(2)} ` +
        `(tolerance ${KERNELS_RTOL}: ${v.ok ? 'ok' : 'OFF'})`,
    );
  }
  return out.join('\n') + '\n';
}

export function kernelsCommand(): Command {
  return addRunFlags(
    new Command('kernels').description(
      "print the WGSL a model compiles to on each schedule, time each kernel alone on this adapter beside its CPU stage, and check the schedule's first steps against the CPU reference (same flags as train)",
    ),
  )
    .option('--no-wgsl', 'leave the WGSL out: the timings and checks alone')
    .option(
      '--repeats <n>',
      "dispatches of each kernel timed (and runs of each CPU stage), at most the run's steps",
      parsePositiveInteger,
      20,
    )
    .action((flags: KernelsFlags) => runKernels(flags));
}
