import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Command, Option } from 'commander';
import {
  DEFAULT_SIZES,
  DEFAULT_TFJS,
  LOSS_CHECK_RTOL,
  MLP_BATCH,
  MLP_SPEC,
  runMlpBench,
  runPlaygroundBench,
  PLAYGROUND,
  type MlpFigures,
  type PlaygroundFigures,
  TFJS_FIRST_LOSS_RTOL,
  runSweep,
  type BackendFigures,
  type SweepResult,
} from '../bench/index.ts';
import { acquireGpu, describeAdapter, type ScheduleChoice } from '../gpu/index.ts';
import { fileTuningStore, installNodeWebGpu } from '../node/index.ts';
import {
  parseNumberList,
  parsePositiveInteger,
  parsePositiveNumber,
  SCHEDULE_CHOICES,
} from './flags.ts';
import { progressBar } from './progress.ts';
import { UsageError } from './errors.ts';

interface BenchFlags {
  sizes: number[];
  dims: number;
  steps: number;
  repeats: number;
  budgetMs: number;
  lr: number;
  schedule: ScheduleChoice;
  tfjs?: boolean;
  mlp?: boolean;
  playground?: boolean;
  epochs: number;
  json?: boolean;
}

const fixed = (x: number | null, digits: number): string => (x === null ? '—' : x.toFixed(digits));
const compact = (x: number): string => x.toExponential(2).replace('e+', 'e');

function rows(result: SweepResult): string[][] {
  const out: string[][] = [
    [
      'N',
      'backend',
      'steps',
      'setup ms',
      'train ms (median, min–max)',
      'ms/step',
      'GPU ms/step',
      'steps/s',
      'samples·steps/s',
      'GB/s',
      'GPU speed-up',
    ],
  ];
  for (const size of result.sizes) {
    const line = (name: string, f: BackendFigures, speedup: string): string[] => [
      compact(size.N),
      name,
      f.stepsRun === size.stepsRequested ? String(f.stepsRun) : `${f.stepsRun}*`,
      fixed(f.setupMs, 1),
      `${f.trainMs.median.toFixed(2)} (${f.trainMs.min.toFixed(2)}–${f.trainMs.max.toFixed(2)})`,
      f.msPerStep.toPrecision(3),
      f.gpuMs === null ? '—' : (f.gpuMs / f.stepsRun).toPrecision(3),
      compact(f.stepsPerSecond),
      compact(f.sampleStepsPerSecond),
      f.effectiveGBps.toPrecision(3),
      speedup,
    ];
    out.push(
      line(
        `webgpu ${size.webgpu.schedule}/${size.webgpu.workgroupSize}`,
        size.webgpu,
        `${size.speedup.toFixed(2)}×`,
      ),
    );
    out.push(line('cpu', size.cpu, ''));
    for (const t of size.tfjs) {
      const steps = t.stepsRun === t.stepsRequested ? String(t.stepsRun) : `${t.stepsRun}*`;
      const times = `${(t.msPerStep / size.webgpu.msPerStep).toFixed(0)}× slower`;
      const check = t.firstLossOk ? '' : ' LOSS MISMATCH';
      out.push([
        compact(size.N),
        `tfjs-${t.backend} ${t.variant}${check}`,
        steps,
        '—',
        t.trainMs.toFixed(2),
        t.msPerStep.toPrecision(3),
        '—',
        compact(1000 / t.msPerStep),
        compact((size.N * 1000) / t.msPerStep),
        '—',
        times,
      ]);
    }
  }
  return out;
}

function table(cells: string[][]): string {
  const widths = (cells[0] ?? []).map((_, c) =>
    cells.reduce((width, row) => Math.max(width, (row[c] ?? '').length), 0),
  );
  return cells
    .map((row) =>
      row
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function mlpReport(figures: MlpFigures[]): string {
  if (figures.length === 0) return '';
  const cells = [
    [
      'N',
      'model workload',
      'steps/epoch',
      'dispatches/epoch',
      'webgpu ms/epoch',
      'cpu ms/epoch',
      'GPU speed-up',
      'first loss',
    ],
  ];
  for (const m of figures) {
    cells.push([
      compact(m.N),
      `${MLP_SPEC.inputs}-${MLP_SPEC.hidden.join('-')}-1 ${MLP_SPEC.activation}, Adam, batch ${MLP_BATCH}`,
      String(m.stepsPerEpoch),
      String(m.dispatchesPerEpoch),
      m.webgpuMsPerEpoch.toPrecision(3),
      m.cpuMsPerEpoch.toPrecision(3),
      `${m.speedup.toFixed(2)}×`,
      m.firstLoss.ok ? 'agrees' : 'MISMATCH',
    ]);
  }
  return `\n${table(cells)}\ncpu for the model: the f32 reference trainer (src/model/train_cpu.ts), stage by stage, not a tuned loop\n`;
}

function report(result: SweepResult, command: string): string {
  const heading = [`$ ${command}`, `adapter: ${describeAdapter(result.adapter)}`];
  if (result.sizes.length === 0) return heading.join('\n') + '\n';
  const lines = [...heading, `cpu:     ${result.cpuPath}`, '', table(rows(result)), ''];
  if (
    result.sizes.some(
      (s) => s.webgpu.stepsRun < s.stepsRequested || s.cpu.stepsRun < s.stepsRequested,
    )
  ) {
    lines.push(
      `* fewer steps than asked, to stay within --budget-ms ${result.options.budgetMs} per backend and size; per-step figures hold`,
    );
  }
  lines.push(
    result.gpuFasterFromN === null
      ? 'the WebGPU path was not faster per step at any size here'
      : `the WebGPU path is faster per step from N = ${result.gpuFasterFromN} on`,
  );
  if (result.sizes.some((s) => s.tfjs.length > 0)) {
    lines.push(
      "tfjs rows: TensorFlow.js 4.22 on the same data and steps; the last column is its time per step over webgpu-train's on WebGPU",
    );
  }
  const bad = result.sizes.filter((s) => !s.lossCheck.ok || s.tfjs.some((t) => !t.firstLossOk));
  lines.push(
    bad.length === 0
      ? `losses agree: WebGPU and CPU within ${LOSS_CHECK_RTOL} relative at every size` +
          (result.sizes.some((s) => s.tfjs.length > 0)
            ? `; TensorFlow.js's first loss within ${TFJS_FIRST_LOSS_RTOL} of it`
            : '')
      : bad
          .map(
            (s) =>
              `LOSS MISMATCH at N = ${s.N}, step ${s.lossCheck.step}: webgpu ${s.lossCheck.webgpu}, cpu ${s.lossCheck.cpu}`,
          )
          .join('\n'),
  );
  return lines.join('\n') + '\n';
}

function playgroundReport(figures: PlaygroundFigures | null): string {
  if (figures === null) return '';
  const f = figures;
  const cells = [
    ['workload', 'steps', 'dispatches', 'webgpu ms', 'cpu ms', 'GPU speed-up', 'first loss'],
    [
      `Playground: ${f.workload}, ${f.trainSamples} samples × ${f.epochs} epochs`,
      String(f.steps),
      String(f.dispatchCount),
      f.webgpuMs.toPrecision(4),
      f.cpuMs.toPrecision(4),
      `${f.speedup.toFixed(2)}×`,
      f.firstLoss.ok ? 'agrees' : 'MISMATCH',
    ],
  ];
  return `\n${table(cells)}\nthe whole run, unwatched (median of ${f.repeats}); cpu: the f32 reference trainer\n`;
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

async function runBench(flags: BenchFlags, command: Command): Promise<void> {
  if (flags.sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new UsageError(
      `--sizes: every size must be a whole number ≥ 1, got ${flags.sizes.join(',')}`,
    );
  const tfjs = flags.tfjs === true ? DEFAULT_TFJS : [];
  const wasmPaths = flags.tfjs === true ? tfjsWasmPaths() : undefined;
  await installNodeWebGpu();
  const context = await acquireGpu({ tune: true, store: fileTuningStore() });
  const bar = progressBar(flags.sizes.length * (2 + tfjs.length), 'benchmark', flags.json !== true);
  let done = 0;
  const result = await runSweep(
    { ...flags, tfjs, ...(wasmPaths === undefined ? {} : { wasmPaths }), context },
    (event) => {
      if (event.phase === 'done') bar.update(++done);
    },
  );
  const mlp =
    flags.mlp === true
      ? await runMlpBench(
          context,
          flags.sizes.filter((n) => n <= 100_000),
          2,
          Math.min(flags.repeats, 3),
        )
      : [];
  const playground =
    flags.playground === true
      ? await runPlaygroundBench(context, flags.epochs, Math.min(flags.repeats, 3))
      : null;
  bar.stop();
  const invocation = ['webgpu-train', ...(command.parent?.args ?? [])].join(' ');
  if (flags.json === true) {
    const sizes = result.sizes.map(({ webgpu, cpu, ...rest }) => {
      const strip = ({ losses, ...figures }: BackendFigures) => figures;
      return { ...rest, webgpu: strip(webgpu), cpu: strip(cpu) };
    });
    process.stdout.write(
      JSON.stringify({ command: invocation, ...result, sizes, mlp, playground }) + '\n',
    );
  } else {
    process.stdout.write(
      report(result, invocation) + mlpReport(mlp) + playgroundReport(playground),
    );
  }
  if (mlp.some((m) => !m.firstLoss.ok) || playground?.firstLoss.ok === false) process.exitCode = 1;
  if (result.sizes.some((s) => !s.lossCheck.ok || s.tfjs.some((t) => !t.firstLossOk)))
    process.exitCode = 1;
}

export function benchCommand(): Command {
  return new Command('bench')
    .description('time the same training on WebGPU and on the fused CPU loop over a sweep of sizes')
    .option(
      '--sizes <list>',
      'sample counts N, comma-separated (10000000 as an option), or none (with --playground)',
      (value: string) => (value === 'none' ? [] : parseNumberList(value)),
      DEFAULT_SIZES,
    )
    .option('--dims <n>', 'features D', parsePositiveInteger, 2)
    .option('--steps <n>', 'steps per run', parsePositiveInteger, 1000)
    .option(
      '--repeats <n>',
      'timed runs per configuration, after one warm-up',
      parsePositiveInteger,
      5,
    )
    .option(
      '--budget-ms <ms>',
      'time for one backend at one size; fewer steps run where needed',
      parsePositiveNumber,
      8000,
    )
    .option('--lr <x>', 'learning rate', parsePositiveNumber, 0.1)
    .addOption(
      new Option('--schedule <s>', 'webgpu: the schedule, forced, or chosen by size (auto)')
        .choices(SCHEDULE_CHOICES)
        .default('auto'),
    )
    .option(
      '--tfjs',
      'also time TensorFlow.js (WebGPU as taught and read at the end, CPU, WASM) on the same work',
    )
    .option(
      '--mlp',
      'also time the model workload (2-16-16-1 tanh, Adam, batches of 32) at the sizes up to 10⁵',
    )
    .option(
      '--playground',
      "also time TensorFlow Playground's workload (250 moons samples, 2-8-8-1 tanh, Adam lr 0.03, batches of 10) from start to end",
    )
    .option(
      '--epochs <n>',
      'epochs of the --playground workload',
      parsePositiveInteger,
      PLAYGROUND.epochs,
    )
    .option('--json', 'print one JSON object instead of the table')
    .action((flags: BenchFlags, command: Command) => runBench(flags, command));
}
