import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import {
  DEFAULT_SIZES,
  DEFAULT_TFJS,
  benchTargets,
  PLAYGROUND,
  runSuite,
  runSweep,
  type BackendFigures,
  type SuiteResult,
  type SweepResult,
  type TfjsBackend,
} from '../bench/index.ts';
import { SCHEDULES, type ScheduleChoice } from '../core/options.ts';
import { acquireGpu, describeAdapter, keptTuning } from '../gpu/index.ts';
import { fileTuningStore, installNodeWebGpu } from '../node/index.ts';
import { parseNumberList, parsePositiveInteger, parsePositiveNumber } from './flags.ts';
import { progressBar } from './progress.ts';
import { UsageError } from './errors.ts';
import { formatSuite, formatSweep, formatTargets } from './bench_report.ts';
import { runTorch } from './torch_runner.ts';
import {
  runWideCommand,
  WIDE_SCHEDULES,
  WIDE_TILES,
  wideWorkloadsOf,
  type WideTiles,
} from './wide_bench.ts';
import { runPlannerBench } from './bench_planner.ts';

interface BenchFlags {
  sizes: number[];
  dims: number;
  steps: number;
  repeats: number;
  budgetMs: number;
  lr: number;
  schedule: ScheduleChoice[];
  tfjs?: boolean;
  mlp?: boolean;
  wide?: boolean;
  playground?: boolean;
  planner?: boolean;
  workloads?: number[];
  wideTiles: WideTiles[];
  epochs: number;
  json?: boolean;
}

/** TensorFlow.js's backends for model.fit (the sweep's variants are DEFAULT_TFJS). */
const FIT_BACKENDS: readonly TfjsBackend[] = ['cpu', 'wasm', 'webgpu'];

function parseWideTiles(value: string): WideTiles[] {
  const list = value.split(',').map((s) => s.trim());
  for (const t of list) {
    if (!(WIDE_TILES as readonly string[]).includes(t))
      throw new InvalidArgumentError(`"${t}" is not one of ${WIDE_TILES.join(', ')}.`);
  }
  return list as WideTiles[];
}

function parseSchedules(value: string): ScheduleChoice[] {
  const list = value.split(',').map((s) => s.trim());
  for (const s of list) {
    if (!(SCHEDULES as readonly string[]).includes(s))
      throw new InvalidArgumentError(`"${s}" is not one of ${SCHEDULES.join(', ')}.`);
  }
  return list as ScheduleChoice[];
}

/** Where TensorFlow.js's wasm backend finds its .wasm files in Node: the installed package. */
function tfjsWasmPaths(): string {
  // the GPU kit's bundle leaves TensorFlow.js out (vite.config.ts), so there is nothing to find
  if (import.meta.env.MODE === 'gpu-kit') {
    throw new UsageError(
      '--tfjs: TensorFlow.js is not in the GPU kit; run `npx webgpu-train bench --tfjs` in the repo',
    );
  }
  try {
    return `${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`;
  } catch {
    // a dev dependency of the repo: an installed webgpu-train has it only when the user adds it
    throw new UsageError(
      '--tfjs needs TensorFlow.js 4.22 beside webgpu-train: npm install @tensorflow/tfjs-core@4.22 @tensorflow/tfjs-backend-cpu@4.22 @tensorflow/tfjs-backend-wasm@4.22 @tensorflow/tfjs-backend-webgpu@4.22 (a clone of the repo has them)',
    );
  }
}

/** The process's peak resident memory in bytes (resourceUsage gives kB). */
const peakRss = (): number => process.resourceUsage().maxRSS * 1024;

/**
 * The wide workloads on every engine: TensorFlow.js's three backends where it is installed (the
 * repo has it; the GPU kit does not), the schedules asked for or the three by default.
 */
async function benchWide(flags: BenchFlags, command: Command): Promise<void> {
  // a wrong number is refused before the adapter is opened
  const workloads = wideWorkloadsOf(flags.workloads);
  let wasmPaths: string | undefined;
  try {
    wasmPaths = tfjsWasmPaths();
  } catch {
    wasmPaths = undefined;
  }
  await installNodeWebGpu();
  const shared = await acquireGpu();
  const context = { ...shared, tuning: keptTuning(shared, fileTuningStore()) };
  const asked = command.getOptionValueSource('schedule') !== 'default';
  await runWideCommand(
    context,
    {
      schedules: asked ? flags.schedule : WIDE_SCHEDULES,
      repeats: Math.min(flags.repeats, 3),
      budgetMs: flags.budgetMs,
      tfjs: wasmPaths === undefined ? [] : FIT_BACKENDS,
      wasmPaths,
      json: flags.json === true,
      workloads,
      wideTiles: flags.wideTiles,
    },
    command,
  );
}

async function runBench(flags: BenchFlags, command: Command): Promise<void> {
  if (flags.planner === true) {
    const invocation = ['webgpu-train', ...(command.parent?.args ?? [])].join(' ');
    return runPlannerBench(
      {
        repeats: flags.repeats,
        json: flags.json === true,
        ...(flags.workloads === undefined ? {} : { workloads: flags.workloads }),
      },
      invocation,
    );
  }
  if (flags.sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new UsageError(
      `--sizes: every size must be a whole number ≥ 1, got ${flags.sizes.join(',')}`,
    );
  if (flags.wide === true) return benchWide(flags, command);
  const withTfjs = flags.tfjs === true;
  const wasmPaths = withTfjs ? tfjsWasmPaths() : undefined;
  await installNodeWebGpu();
  const shared = await acquireGpu();
  // as train would: the tuning `webgpu-train tune` kept for this adapter, else its kind's defaults
  const context = { ...shared, tuning: keptTuning(shared, fileTuningStore()) };
  const which = flags.mlp === true ? 'all' : flags.playground === true ? 'playground' : null;
  const sweepTfjs = withTfjs ? DEFAULT_TFJS : [];
  const suiteSteps = which === null ? 0 : (which === 'all' ? 4 : 1) + (withTfjs ? 3 : 0) + 1;
  const bar = progressBar(
    flags.sizes.length * (1 + flags.schedule.length + sweepTfjs.length) + suiteSteps,
    'benchmark',
    flags.json !== true,
  );
  let done = 0;
  // the workloads first: the memory figure is the process's peak, before the sweep's large sizes
  const suite: SuiteResult | null =
    which === null
      ? null
      : await runSuite({
          context,
          schedules: flags.schedule,
          repeats: Math.min(flags.repeats, 3),
          epochs: flags.epochs,
          which,
          tfjs: withTfjs ? FIT_BACKENDS : [],
          tfjsBudgetMs: flags.budgetMs,
          ...(wasmPaths === undefined ? {} : { wasmPaths }),
          torch: runTorch,
          peakRss,
          onEvent: () => bar.update(++done),
        });
  const sweep: SweepResult = await runSweep(
    {
      sizes: flags.sizes,
      dims: flags.dims,
      steps: flags.steps,
      repeats: flags.repeats,
      budgetMs: flags.budgetMs,
      lr: flags.lr,
      schedules: flags.schedule,
      tfjs: sweepTfjs,
      ...(wasmPaths === undefined ? {} : { wasmPaths }),
      context,
    },
    (event) => {
      if (event.phase === 'done') bar.update(++done);
    },
  );
  bar.stop();
  // every target this run measured; with --mlp, the ones it did not as well
  const targets = benchTargets(suite, sweep).filter((t) => flags.mlp === true || t.met !== null);
  const invocation = ['webgpu-train', ...(command.parent?.args ?? [])].join(' ');
  if (flags.json === true) {
    const sizes = sweep.sizes.map(({ webgpu, cpu, ...rest }) => {
      const strip = <T extends BackendFigures>({ losses: _losses, ...figures }: T) => figures;
      return { ...rest, webgpu: webgpu.map(strip), cpu: strip(cpu) };
    });
    const torch = suite?.torch ? { ...suite.torch, losses: undefined } : null;
    process.stdout.write(
      JSON.stringify({
        command: invocation,
        // what the text report's `tuning:` line says: the tuning `tune` kept, else the defaults
        tuning: context.tuning,
        ...sweep,
        sizes,
        workloads: suite?.workloads ?? [],
        tfjsFit: suite?.tfjs ?? [],
        torch,
        targets,
      }) + '\n',
    );
  } else {
    process.stdout.write(
      [
        `$ ${invocation}`,
        `adapter: ${describeAdapter(context.adapter)}`,
        `tuning: ${context.tuning.source === 'measured' ? 'as `webgpu-train tune` measured it' : 'the defaults for this kind of adapter (`webgpu-train tune` measures it)'}`,
        formatSuite(suite),
        formatSweep(sweep),
        formatTargets(targets),
      ]
        .filter((part) => part !== '')
        .join('\n') + '\n',
    );
  }
  const sweepBad = sweep.sizes.some(
    (s) => s.webgpu.some((g) => !g.lossCheck.ok) || s.tfjs.some((t) => !t.firstLossOk),
  );
  const suiteBad =
    suite !== null &&
    (suite.workloads.some((w) => w.webgpu.some((r) => r.lossCheck?.ok === false)) ||
      suite.tfjs.some((f) => !f.initialLossOk));
  if (sweepBad || suiteBad) process.exitCode = 1;
}

export function benchCommand(): Command {
  return new Command('bench')
    .description(
      'time training on WebGPU against the CPU: the tutorial over a sweep of sizes, and (--mlp) the workloads with benchmark targets',
    )
    .option(
      '--sizes <list>',
      'tutorial sample counts N, comma-separated (10000000 as an option), or none',
      (value: string) => (value === 'none' ? [] : parseNumberList(value)),
      DEFAULT_SIZES,
    )
    .option('--dims <n>', 'tutorial features D', parsePositiveInteger, 2)
    .option('--steps <n>', 'tutorial steps per run', parsePositiveInteger, 1000)
    .option(
      '--repeats <n>',
      'timed runs per configuration, after one warm-up (at most 3 for the workloads)',
      parsePositiveInteger,
      5,
    )
    .option(
      '--budget-ms <ms>',
      'time for one backend at one size (and for each TensorFlow.js model.fit); fewer steps run where needed',
      parsePositiveNumber,
      8000,
    )
    .option('--lr <x>', 'tutorial learning rate', parsePositiveNumber, 0.1)
    .option(
      '--schedule <list>',
      `webgpu schedules to time, comma-separated: ${SCHEDULES.join(', ')} (auto: the planner's choice)`,
      parseSchedules,
      ['auto'] as ScheduleChoice[],
    )
    .option(
      '--tfjs',
      'also time TensorFlow.js: the tutorial (WebGPU as taught and read at the end, CPU, WASM), and model.fit on the Playground workload (CPU, WASM, WebGPU)',
    )
    .option(
      '--mlp',
      'the workloads with benchmark targets: the Playground MLP (with PyTorch, and TensorFlow.js with --tfjs), Linear with Adam and 2-16-16-1 on 100 000 samples; reports the targets',
    )
    .option(
      '--playground',
      "TensorFlow Playground's workload alone (250 moons samples, 2-8-8-1 tanh, Adam lr 0.03, batches of 10), start to end",
    )
    .option(
      '--epochs <n>',
      'epochs of the Playground workload',
      parsePositiveInteger,
      PLAYGROUND.options.epochs,
    )
    .option(
      '--wide',
      'wide MLPs (64-64-64-1; 64-256-256-10 softmax) on each schedule, the CPU reference, PyTorch, TensorFlow.js model.fit and jax-js, with model FLOP/s and the adapter’s matrix-multiply rate; reports their targets',
    )
    .option(
      '--planner',
      "the planner's grid alone: 22 workloads from the tutorial to wide MLPs, full batch to batch 1, 100 to 10⁶ rows, each on auto and on every schedule forced; auto's fastest of --repeats timed runs over the best schedule's",
    )
    .option(
      '--workloads <list>',
      'with --planner: only these rows of the grid; with --wide: 1 for 64-64-64-1, 2 for 64-256-256-10 softmax (numbered from 1, comma-separated)',
      parseNumberList,
    )
    .option(
      '--wide-tiles <list>',
      `with --wide: the wide schedule's tiles, a row each, comma-separated: ${WIDE_TILES.join(', ')} (tuned: the tuning \`webgpu-train tune\` kept, else this adapter's default; registers or workgroup: that kind at its default shape for this adapter)`,
      parseWideTiles,
      ['tuned'] as WideTiles[],
    )
    .option('--json', 'print one JSON object instead of the tables')
    .action((flags: BenchFlags, command: Command) => runBench(flags, command));
}
