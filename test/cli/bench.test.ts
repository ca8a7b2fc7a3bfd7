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

// The Playground workload's work a step: batches of 10 rows, each adding 1 + P quantities, P for
// 2-8-8-1 being (2·8 + 8) + (8·8 + 8) + (8 + 1) = 105.
const PLAYGROUND_WORK = 10 * (1 + 105);
// The tutorial at N = 100: one batch of 100 rows, 1 + P = 1 + 3 quantities each.
const TUTORIAL_100_WORK = 100 * (1 + 3);

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
      // a kept tuning (as `webgpu-train tune` keeps one) that runs fused up to one unit of work a
      // step short of the Playground's, with a fused workgroup of 8, which no default has: auto
      // must take the tutorial at N = 100 fused on 8 threads and the Playground layered, and the
      // benchmark must not measure a tuning of its own
      const kept: Tuning = {
        ...defaultTuning(adapter),
        fusedWorkgroupSize: 8,
        fusedMaxWork: PLAYGROUND_WORK - 1,
        source: 'measured',
      };
      expect(TUTORIAL_100_WORK).toBeLessThanOrEqual(kept.fusedMaxWork);
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
      // the tutorial at N = 100 is within the kept limit: fused on the kept 8 threads, the whole
      // run one dispatch; at N = 2000 (8000 a step) past it: layered
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
      // one unit of work a step past the kept limit: auto runs it layered
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
});
