import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/check/index.ts';
import type { AdapterSummary, Tuning } from '../../src/gpu/index.ts';
import type { WideShape } from '../../src/gpu/wide_plan.ts';
import { wideTuneCandidates } from '../../src/gpu/wide_tune.ts';
import { SWIFTSHADER_ICD } from '../../src/node/index.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const SCHEDULES = ['auto', 'fused', 'layered'];
/** the engine's schedules, each of which `check` trains every run on */
const CHECK_SCHEDULES = ['fused', 'layered', 'wide'];
/** the runs the quick kit checks (tools/gpu_kit_run.sh): one of each kind, each head among them */
const CHECK_CASES = [
  'tutorial_rs0 init [0.1,-0.2,0.05]',
  'adam_l2',
  'multiclass_no_hidden_momentum',
  'regression_linear_sgd',
];

interface Step<T> {
  step: string;
  ok: boolean;
  exitCode: number;
  quick: boolean;
  stderr: string;
  result: T;
}

interface TuneResult {
  adapter: AdapterSummary;
  tuning: Tuning;
  points: Record<string, { ms: number; predictedMs: number; unrolled: boolean }[]>;
  errors: Record<string, number[]>;
  wideShapes: { shape: WideShape; ns: number }[];
  previous: unknown;
  savedTo: string;
}

interface BenchResult {
  tuning: Tuning;
  options: { schedules: string[] };
  sizes: {
    N: number;
    webgpu: {
      asked: string;
      schedule: string;
      msPerStep: number;
      dispatchCount: number;
      lossCheck: { ok: boolean };
    }[];
    cpu: { msPerStep: number };
  }[];
  workloads: {
    name: string;
    steps: number;
    webgpu: {
      asked: string;
      schedule: string;
      dispatchCount: number;
      lossCheck: { ok: boolean };
    }[];
  }[];
}

let dir = '';
let run = { code: -1, stdout: '', stderr: '' };
let withKitLoader = false;
const read = <T>(name: string): T => JSON.parse(readFileSync(join(dir, 'out', name), 'utf8')) as T;

// Builds the kit, copies it where no node_modules can be reached, and runs its quick pass with an
// empty environment, on SwiftShader: what `run.sh` does on a GPU machine, on the CPU.
beforeAll(async () => {
  execFileSync(process.execPath, ['tools/gpu_kit.mjs'], { cwd: ROOT, stdio: 'pipe' });
  dir = mkdtempSync(join(tmpdir(), 'webgpu-train-kit-test-'));
  cpSync(join(ROOT, 'dist/gpu-kit'), join(dir, 'kit'), { recursive: true });
  // the .deb's loader, as on a machine without one (the GPU machines have none), when the kit has it
  withKitLoader = readdirSync(join(dir, 'kit')).some((f) => f.startsWith('libvulkan1_'));
  const env = [
    'PATH=/usr/bin:/bin',
    `VK_ICD_FILENAMES=${SWIFTSHADER_ICD}`,
    ...(withKitLoader ? ['KIT_VULKAN_LOADER=kit'] : []),
  ];
  try {
    const out = await promisify(execFile)(
      'env',
      ['-i', ...env, join(dir, 'kit/run.sh'), '--quick', join(dir, 'out')],
      { cwd: dir, maxBuffer: 16 << 20 },
    );
    run = { code: 0, ...out };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    run = { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}, 400_000);

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('the GPU kit, built and run --quick in an empty environment on SwiftShader', () => {
  it('fits its budget and holds the run script, the payload, the manifest and the Vulkan loader', () => {
    const files = readdirSync(join(dir, 'kit'));
    expect(files).toEqual(expect.arrayContaining(['run.sh', 'payload.tar.gz', 'kit.json']));
    const bytes = files.reduce((sum, f) => sum + statSync(join(dir, 'kit', f)).size, 0);
    expect(bytes).toBeLessThan(40e6);
    // the GPU machines have no Vulkan loader, so CI's kit must carry one
    if (process.env['CI'] === 'true') expect(withKitLoader).toBe(true);
  });

  it('passes every step and says so in its exit status and summary', () => {
    expect(run.stdout).toMatch(/^passed: \d+ of \d+ steps/m);
    expect(run.code).toBe(0);
    const summary = read<{ passed: boolean; quick: boolean; steps: { ok: boolean }[] }>(
      'summary.json',
    );
    expect(summary).toMatchObject({ passed: true, quick: true });
    expect(summary.steps.length).toBe(3 + 2 * SCHEDULES.length);
  });

  it('finds the Vulkan loader and driver it was given, and names the adapter as software', () => {
    const environment = read<{ ok: boolean; vulkanLoader: string; vulkanDriver: string }>(
      'environment.json',
    );
    expect(environment.ok).toBe(true);
    expect(environment.vulkanDriver).toBe(SWIFTSHADER_ICD);
    expect(environment.vulkanLoader).toMatch(withKitLoader ? /the kit's libvulkan1_/ : /system/);
    const adapter =
      read<Step<{ adapter: { isSoftware: boolean }; description: string }>>('adapter.json');
    expect(adapter.ok).toBe(true);
    expect(adapter.result.description).toMatch(/swiftshader/i);
    expect(adapter.result.adapter.isSoftware).toBe(true);
    expect(adapter.result.description).toContain('not a GPU');
  });

  // `check --quick --cases …` as the command's own test would run it (test/cli/check.test.ts keeps
  // its failures and refusals): its report held to everything that test held it to
  it("runs the fidelity check: PyTorch's runs on each schedule within the tests' tolerances, and repeated bit for bit", () => {
    const fidelity = read<Step<CheckReport>>('fidelity.json');
    expect(fidelity.ok).toBe(true);
    expect(fidelity.stderr).toBe('');
    const report = fidelity.result;
    expect(report.passed).toBe(true);
    expect(report.adapter?.description).toMatch(/swiftshader/i);
    // the quick kit's four runs, each on the three schedules, in order
    expect(report.cases.map((c) => [c.name, c.scheduleAsked])).toEqual(
      CHECK_CASES.flatMap((name) => CHECK_SCHEDULES.map((schedule) => [name, schedule])),
    );
    for (const c of report.cases) {
      expect(c.error, c.name).toBeNull();
      expect(c.losses?.ok, c.name).toBe(true);
      expect(c.losses?.count, c.name).toBe(c.steps);
      expect(c.losses!.maxRelDiff, c.name).toBeLessThanOrEqual(c.losses!.rtol);
      // each run on the schedule it asked for
      expect(c.scheduleRan, c.name).toBe(c.scheduleAsked);
    }
    // the first run named and the first with Adam, twice each on each schedule
    expect(report.repeats.map((r) => [r.name, r.scheduleAsked])).toEqual(
      [CHECK_CASES[0], CHECK_CASES[1]].flatMap((name) =>
        CHECK_SCHEDULES.map((schedule) => [name, schedule]),
      ),
    );
    expect(report.repeats.every((r) => r.identical)).toBe(true);
  });

  // `tune --json`, the pass the command line has (the kit's step is its only run in the tests: it
  // compiles a grid of kernels on every schedule, tens of seconds on SwiftShader)
  it('runs the tuning pass: both schedules priced from a grid, the wide tile the fastest of both kinds, kept for the runs after it', () => {
    const step = read<Step<TuneResult>>('tuning.json');
    expect(step.ok).toBe(true);
    const report = step.result;
    expect(report.tuning.source).toBe('measured');
    // the wide schedule's tile: one of the shapes the pass times on this kind of adapter, of both
    // kinds (register and workgroup tiles), the fastest of them kept
    const candidates = wideTuneCandidates(report.adapter.isSoftware);
    expect(candidates).toContainEqual(report.tuning.wide);
    expect(report.wideShapes.map((t) => t.shape)).toEqual(candidates);
    expect(new Set(report.wideShapes.map((t) => t.shape.kind))).toEqual(
      new Set(['registers', 'workgroup']),
    );
    const fastest = Math.min(...report.wideShapes.map((t) => t.ns));
    expect(report.wideShapes.find((t) => t.ns === fastest)?.shape).toEqual(report.tuning.wide);
    // each schedule priced from a grid of its runs, in both forms of the per-sample code
    for (const schedule of ['fused', 'layered']) {
      const cost = report.tuning.cost[schedule];
      expect(cost).toBeDefined();
      for (const ns of Object.values(cost?.ns ?? {})) expect(ns).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(cost?.error)).toBe(true);
      const points = report.points[schedule] ?? [];
      expect(points.length).toBeGreaterThanOrEqual(7);
      expect(new Set(points.map((p) => p.unrolled))).toEqual(new Set([true, false]));
      for (const p of points) expect(p.ms).toBeGreaterThan(0);
      expect(report.errors[schedule]).toHaveLength(points.length);
    }
    // every schedule's compile is priced: a cold run of any of them pays one (the wide
    // schedule's kernels serve every model of a shape, so its grid runs found them compiled)
    for (const schedule of ['fused', 'layered', 'wide']) {
      const compile = report.tuning.cost[schedule]?.compile.looped;
      expect((compile?.fixedMs ?? 0) + (compile?.perParamMs ?? 0)).toBeGreaterThan(0);
    }
    // nothing kept before; kept in the run's own cache folder, where every benchmark after it
    // found it (each says the tuning it ran under)
    expect(report.previous).toBeNull();
    expect(report.savedTo).toMatch(/\/cache\/webgpu-train\/tuning\.json$/);
    for (const schedule of SCHEDULES) {
      for (const name of [`bench-tutorial-${schedule}-small.json`, `bench-mlp-${schedule}.json`])
        expect(read<Step<BenchResult>>(name).result.tuning, name).toEqual(report.tuning);
    }
  });

  it('runs the benchmarks with each schedule chosen and forced', () => {
    for (const schedule of SCHEDULES) {
      const tutorial = read<Step<BenchResult>>(`bench-tutorial-${schedule}-small.json`);
      expect(tutorial).toMatchObject({ ok: true, quick: true });
      expect(tutorial.result.options.schedules).toEqual([schedule]);
      expect(tutorial.result.sizes.map((s) => s.N)).toEqual([100, 1000]);
      for (const size of tutorial.result.sizes) {
        const [ran] = size.webgpu;
        expect(ran?.asked).toBe(schedule);
        if (schedule !== 'auto') expect(ran?.schedule).toBe(schedule);
        expect(ran?.msPerStep).toBeGreaterThan(0);
        expect(ran?.lossCheck.ok).toBe(true);
      }
      const mlp = read<Step<BenchResult>>(`bench-mlp-${schedule}.json`);
      expect(mlp.ok).toBe(true);
      const [playground] = mlp.result.workloads;
      expect(playground).toMatchObject({ name: 'playground', steps: 50 });
      const [ran] = playground?.webgpu ?? [];
      if (schedule !== 'auto') expect(ran?.schedule).toBe(schedule);
      // the whole run in one dispatch where it runs fused
      if (ran?.schedule === 'fused') expect(ran.dispatchCount).toBe(1);
      expect(ran?.lossCheck.ok).toBe(true);
    }
  });

  it('leaves TensorFlow.js out, and says so when asked for it', () => {
    const unpacked = join(dir, 'unpacked');
    cpSync(join(dir, 'kit'), unpacked, { recursive: true });
    execFileSync('tar', ['-xzf', join(unpacked, 'payload.tar.gz'), '-C', unpacked]);
    expect(readdirSync(join(unpacked, 'lib/node_modules'))).toEqual(['webgpu']);
    let failure = { status: 0, stderr: '' };
    try {
      execFileSync(
        join(unpacked, 'bin/node'),
        [join(unpacked, 'lib/webgpu-train.js'), 'bench', '--tfjs'],
        { env: {}, stdio: 'pipe', encoding: 'utf8' },
      );
    } catch (error) {
      failure = error as { status: number; stderr: string };
    }
    expect(failure.status).toBe(2);
    expect(failure.stderr).toContain('--tfjs: TensorFlow.js is not in the GPU kit');
  });
});
