/**
 * `bench --wide`: the wide workloads on every engine (src/bench/wide.ts), printed as tables or as
 * one JSON object, with the benchmark targets they are held to.
 */
import type { Command } from 'commander';
import type { TfjsBackend } from '../bench/index.ts';
// not through src/bench/index.ts: the page's workers load that, and jax-js's lazy import would
// split their single-file builds
import {
  LAST_EPOCH_RTOL,
  runWideBench,
  WIDE_WORKLOADS,
  type WideBenchResult,
  WIDE_TILES,
  type WideTiles,
  type WideWorkload,
} from '../bench/wide.ts';
import { wideTargets } from '../bench/wide_targets.ts';
import type { ScheduleChoice } from '../core/options.ts';
import { describeAdapter, type GpuContext } from '../gpu/index.ts';
import { measureMatmulRate } from '../gpu/matmul_rate.ts';
import { defaultWideShape, describeWideShape } from '../gpu/wide_tuning.ts';
import { formatTargets } from './bench_report.ts';
import { UsageError } from './errors.ts';
import { progressBar } from './progress.ts';
import { table } from './text_table.ts';
import { runTorch } from './torch_runner.ts';

export { WIDE_TILES, type WideTiles };

export interface WideBenchFlags {
  readonly schedules: readonly ScheduleChoice[];
  readonly repeats: number;
  readonly budgetMs: number;
  readonly tfjs: readonly TfjsBackend[];
  readonly wasmPaths: string | undefined;
  readonly json: boolean;
  readonly workloads: readonly WideWorkload[];
  readonly wideTiles: readonly WideTiles[];
}

/** --workloads' numbers as WIDE_WORKLOADS' entries (numbered from 1); all of them without it. */
export function wideWorkloadsOf(numbers: readonly number[] | undefined): WideWorkload[] {
  if (numbers === undefined) return [...WIDE_WORKLOADS];
  return numbers.map((n) => {
    const w = WIDE_WORKLOADS[n - 1];
    if (w === undefined)
      throw new UsageError(
        `--workloads: the wide workloads are numbered 1 to ${WIDE_WORKLOADS.length} (${WIDE_WORKLOADS.map((x, i) => `${i + 1} ${x.name}`).join(', ')}), got ${n}`,
      );
    return w;
  });
}

/** The wide runs' schedules when --schedule is not given: the new one and the two it is held against. */
export const WIDE_SCHEDULES: readonly ScheduleChoice[] = ['wide', 'layered', 'fused'];

const seconds = (ms: number | undefined): string =>
  ms === undefined ? '—' : `${(ms / 1000).toPrecision(3)} s`;

export function formatWide(result: WideBenchResult): string {
  const out: string[] = [];
  const m = result.matmul;
  if (m !== null)
    out.push(
      `plain f32 matrix multiply on this adapter (4×4 register blocks): ${m.points
        .map((p) => `${p.M}×${p.K}·${p.K}×${p.N} ${p.gflops.toPrecision(3)} GFLOP/s`)
        .join(', ')}; best ${m.best.gflops.toPrecision(3)}`,
    );
  for (const w of result.workloads) {
    out.push('', `${w.name}: ${w.description}`);
    out.push(
      `  ${w.params} params, ${w.steps} steps, ${(w.flops / 1e9).toPrecision(3)} GFLOP (6·P per row a step)`,
    );
    const cells = [
      [
        'engine',
        'variant',
        'train',
        'GFLOP/s',
        'first loss',
        'last loss',
        'last epoch',
        'vs CPU ref',
        'note',
      ],
      ...w.rows.map((r) => [
        r.engine,
        r.variant,
        `${seconds(r.trainMs?.median)}${r.projected ? '*' : ''}`,
        r.gflops === null ? '—' : r.gflops.toPrecision(3),
        r.firstLoss === null ? '—' : r.firstLoss.toPrecision(5),
        r.finalLoss === null ? '—' : r.finalLoss.toPrecision(8),
        r.lastEpochLoss === null ? '—' : r.lastEpochLoss.toPrecision(8),
        r.lossVsReference === null
          ? '—'
          : `${r.lossVsReference.toExponential(1)}${r.lossAgrees === true ? '' : ' DIFFERS'}`,
        r.note ?? '',
      ]),
    ];
    out.push(
      table(cells),
      `  * projected from a shorter run at its rate; last epoch: its batches’ mean loss; vs CPU ref: its distance from the CPU reference’s, relative, within ${LAST_EPOCH_RTOL} for the same training in float32 (DIFFERS past it)`,
    );
  }
  return out.join('\n');
}

export async function runWideCommand(
  context: GpuContext,
  flags: WideBenchFlags,
  command: Command,
): Promise<void> {
  const { workloads } = flags;
  const bar = progressBar(
    1 + workloads.length * (flags.schedules.length + 2 + flags.tfjs.length + 2),
    'wide benchmark',
    !flags.json,
  );
  let done = 0;
  const result = await runWideBench({
    context,
    schedules: flags.schedules,
    repeats: flags.repeats,
    budgetMs: flags.budgetMs,
    tfjs: flags.tfjs,
    jax: ['webgpu', 'wasm'],
    ...(flags.wasmPaths === undefined ? {} : { wasmPaths: flags.wasmPaths }),
    torch: runTorch,
    workloads,
    wideTiles: flags.wideTiles,
    matmul: () =>
      measureMatmulRate(
        context,
        (context.tuning.wide ?? defaultWideShape(context.adapter.isSoftware)).workgroupSize,
      ),
    onEvent: () => bar.update(++done),
  });
  bar.stop();
  const targets = wideTargets(result);
  const invocation = ['webgpu-train', ...(command.parent?.args ?? [])].join(' ');
  process.stdout.write(
    flags.json
      ? JSON.stringify({ command: invocation, adapter: context.adapter, ...result, targets }) + '\n'
      : [
          `$ ${invocation}`,
          `adapter: ${describeAdapter(context.adapter)}`,
          `wide schedule, tuned: ${describeWideShape(context.tuning.wide)} (${context.tuning.source === 'measured' ? 'as `webgpu-train tune` measured it' : 'the default for this kind of adapter'})`,
          formatWide(result),
          formatTargets(targets),
        ].join('\n') + '\n',
  );
  // as bench --mlp: a run whose losses part from the reference's is reported, and fails the command
  if (result.workloads.some((w) => w.rows.some((r) => r.lossAgrees === false)))
    process.exitCode = 1;
}
