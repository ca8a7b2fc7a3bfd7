import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTuning, tuningKey, type AdapterSummary, type Tuning } from '../../src/gpu/index.ts';
import { cli } from '../helpers/cli.ts';

interface Row {
  asked: string;
  schedule: string;
  workgroupSize: number;
  dispatchCount: number;
  lossCheck: { ok: boolean } | null;
}

const line = { fixedMs: 0, perParamMs: 0 };
/**
 * A cost model set by hand, worked out here for the three runs below (50 steps each; 4 lanes at a
 * time, 2 workgroups at a time; fused on 4 lanes of its 8 threads, layered on blocks of 16):
 * a quantity updated 1 µs fused, a sample on the slowest path 1 µs, a layered dispatch 20 µs.
 * - tutorial, N = 100, full batch: fused 50 × (4 µs + 25 µs) = 1.45 ms; layered 203 dispatches
 *   (4.06 ms) + 50 × 16 samples in 7 blocks of 15, 4 waves (0.8 ms) = 4.86 ms: fused
 * - tutorial, N = 2000: fused 50 × (4 + 500) µs = 25.2 ms; layered 4.06 ms + 50 × 252 µs (8 blocks
 *   of 250, 4 waves of 63) = 16.66 ms: layered
 * - Playground, 2 epochs of 25 steps (S = 106), train and test evaluated: fused 50 × 106 µs +
 *   (150 + 250) µs = 5.7 ms; layered 156 dispatches (3.12 ms) + 278 µs = 3.4 ms: layered
 */
const HAND: Tuning['cost'] = {
  fused: {
    ns: { updates: 1000, positions: 1000 },
    compile: { unrolled: line, looped: line },
    error: 0.01,
  },
  layered: {
    ns: { dispatches: 20_000, positions: 1000 },
    compile: { unrolled: line, looped: line },
    error: 0.01,
  },
};

// a benchmark is not a test: this only checks that it runs and reports what it says it does
describe('webgpu-train bench', () => {
  it('times the tutorial and the Playground workload on each schedule asked for, auto as the kept tuning has it, with loss checks, as JSON', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'webgpu-train-bench-'));
    try {
      const env = { ...process.env, XDG_CACHE_HOME: cache };
      const adapter = (
        JSON.parse((await cli(['adapter', '--json'], { env })).stdout) as {
          adapter: AdapterSummary;
        }
      ).adapter;
      // a kept tuning (as `webgpu-train tune` keeps one) with the costs above and a fused workgroup
      // of 8, which no default has: auto must take the tutorial at N = 100 fused on 8 threads and
      // the Playground layered, and the benchmark must not measure a tuning of its own
      const kept: Tuning = {
        ...defaultTuning(adapter),
        fusedWorkgroupSize: 8,
        parallel: { lanes: 4, workgroups: 2 },
        cost: HAND,
        source: 'measured',
      };
      const store = join(cache, 'webgpu-train', 'tuning.json');
      mkdirSync(join(cache, 'webgpu-train'), { recursive: true });
      writeFileSync(store, JSON.stringify({ [tuningKey(adapter)]: kept }));

      const run = await cli(
        [
          'bench',
          '--sizes',
          '100,2000',
          '--steps',
          '50',
          '--repeats',
          '2',
          '--budget-ms',
          '2000',
          '--schedule',
          'auto,layered',
          '--playground',
          '--epochs',
          '2',
          '--json',
        ],
        { env },
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout) as {
        command: string;
        cpuPath: string;
        sizes: { N: number; webgpu: (Row & { stepsRun: number })[]; cpu: { stepsRun: number } }[];
        workloads: { name: string; steps: number; webgpu: Row[]; cpu: Row }[];
        torch: { available: boolean; reason: string | null } | null;
        targets: { name: string; met: boolean | null }[];
      };
      expect(JSON.parse(readFileSync(store, 'utf8'))).toEqual({ [tuningKey(adapter)]: kept });
      expect(result.command).toMatch(/^webgpu-train bench --sizes 100,2000/);
      expect(result.cpuPath).toMatch(/float32/);
      expect(result.sizes.map((s) => s.N)).toEqual([100, 2000]);
      for (const size of result.sizes) {
        expect(size.cpu.stepsRun).toBeGreaterThan(0);
        expect(size.webgpu.map((g) => g.asked)).toEqual(['auto', 'layered']);
        expect(size.webgpu[1]?.schedule).toBe('layered');
        for (const g of size.webgpu) {
          expect(g.stepsRun).toBeGreaterThan(0);
          expect(g.lossCheck?.ok).toBe(true);
        }
      }
      // the tutorial at N = 100 is cheaper fused: on the kept 8 threads, the whole run one
      // dispatch; at N = 2000, layered
      expect(result.sizes[0]?.webgpu[0]).toMatchObject({
        schedule: 'fused',
        workgroupSize: 8,
        dispatchCount: 1,
      });
      expect(result.sizes[0]?.webgpu[1]?.dispatchCount).toBeGreaterThan(50);
      expect(result.sizes[1]?.webgpu[0]?.schedule).toBe('layered');

      const [playground] = result.workloads;
      expect(playground).toMatchObject({ name: 'playground', steps: 50 });
      expect(playground?.cpu).toMatchObject({ schedule: 'reference', lossCheck: null });
      // priced cheaper layered: auto runs it layered
      expect(playground?.webgpu.map((r) => [r.asked, r.schedule])).toEqual([
        ['auto', 'layered'],
        ['layered', 'layered'],
      ]);
      for (const r of playground?.webgpu ?? []) expect(r.lossCheck?.ok).toBe(true);
      // PyTorch ran, or the report says why not
      expect(result.torch?.available === true || (result.torch?.reason ?? '') !== '').toBe(true);
      // the targets this run measured (all of them with --mlp only)
      const names = result.targets.map((t) => t.name);
      expect(names).toEqual(
        expect.arrayContaining(['playground: one dispatch', 'tutorial N = 100']),
      );
      expect(names).not.toContain('tutorial N = 10⁶');
      for (const t of result.targets) expect(typeof t.met).toBe('boolean');
      // the Playground ran layered, so its one-dispatch target is missed, and says so
      expect(result.targets.find((t) => t.name === 'playground: one dispatch')?.met).toBe(false);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }, 240_000);

  it("--planner runs the grid's rows asked for on auto and on each schedule, and reports the worst ratio", async () => {
    const cache = mkdtempSync(join(tmpdir(), 'webgpu-train-planner-'));
    try {
      // two short rows of the grid, a linear model and an MLP (each forced onto every schedule,
      // the wide one included): what the report holds does not depend on the rows' size
      const run = await cli(
        ['bench', '--planner', '--workloads', '7,11', '--repeats', '1', '--json'],
        { env: { ...process.env, XDG_CACHE_HOME: cache } },
      );
      expect(run.code).toBe(0);
      const stdout = run.stdout;
      const result = JSON.parse(stdout) as {
        workloads: {
          name: string;
          auto: {
            schedule: string;
            unrolled: boolean;
            trainMs: { min: number };
            firstStepMs: number | null;
            secondFirstStepMs: number | null;
            compileMs: number;
          };
          forced: {
            asked: string;
            schedule: string;
            unrolled: boolean;
            trainMs: { min: number };
          }[];
          autoMs: number;
          ratio: number;
        }[];
        worstRatio: number;
        target: { ratio: number; met: boolean };
      };
      expect(result.workloads.map((w) => w.name)).toEqual([
        'linear adam, 100 rows, batch 1',
        '2-8-8-1, 100 rows, batch 1',
      ]);
      for (const w of result.workloads) {
        expect(w.forced.map((f) => [f.asked, f.schedule])).toEqual([
          ['fused', 'fused'],
          ['layered', 'layered'],
          ['wide', 'wide'],
        ]);
        const best = Math.min(...w.forced.map((f) => f.trainMs.min));
        // auto's time pools its runs with the forced runs of the very plan it chose
        const same = w.forced.find(
          (f) => f.schedule === w.auto.schedule && f.unrolled === w.auto.unrolled,
        );
        expect(same).toBeDefined();
        expect(w.autoMs).toBe(Math.min(w.auto.trainMs.min, same?.trainMs.min ?? Infinity));
        expect(w.ratio).toBeCloseTo(w.autoMs / best, 9);
        // the first loss of a watched first run, and of a second run of the shape, were timed
        expect(w.auto.firstStepMs).toBeGreaterThan(0);
        expect(w.auto.secondFirstStepMs).toBeGreaterThan(0);
      }
      expect(result.worstRatio).toBe(Math.max(...result.workloads.map((w) => w.ratio)));
      expect(result.target).toEqual({ ratio: 1.25, met: result.worstRatio <= 1.25 });
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }, 240_000);

  it('--wide refuses a workload number it does not have, naming the ones it has', async () => {
    const r = await cli(['bench', '--wide', '--workloads', '3', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /--workloads: the wide workloads are numbered 1 to 2 \(1 wide-64-64-64-1, 2 wide-64-256-256-10\), got 3/,
    );
  });

  it('--wide-tiles refuses a kind of tile it does not have, naming the ones it has', async () => {
    const r = await cli(['bench', '--wide', '--wide-tiles', 'registers,shared', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/"shared" is not one of tuned, registers, workgroup/);
  });
});
