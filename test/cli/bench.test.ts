import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/webgpu-train.js', import.meta.url).pathname;

interface Row {
  asked: string;
  schedule: string;
  dispatchCount: number;
  trainMs: { median: number; min: number; max: number };
  lossCheck: { ok: boolean } | null;
}

// a benchmark is not a test: this only checks that it runs and reports what it says it does
describe('webgpu-train bench', () => {
  it('times the tutorial and the Playground workload on each schedule asked for, with loss checks, as JSON', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'webgpu-train-bench-'));
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          BIN,
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
        { env: { ...process.env, XDG_CACHE_HOME: cache }, maxBuffer: 16 << 20 },
      );
      const result = JSON.parse(stdout) as {
        command: string;
        cpuPath: string;
        sizes: { N: number; webgpu: (Row & { stepsRun: number })[]; cpu: { stepsRun: number } }[];
        workloads: { name: string; steps: number; webgpu: Row[]; cpu: Row }[];
        torch: { available: boolean; reason: string | null } | null;
        targets: { name: string; met: boolean | null }[];
      };
      expect(result.command).toMatch(/^webgpu-train bench --sizes 100,2000/);
      expect(result.cpuPath).toMatch(/float32/);
      expect(result.sizes.map((s) => s.N)).toEqual([100, 2000]);
      for (const size of result.sizes) {
        expect(size.cpu.stepsRun).toBeGreaterThan(0);
        expect(size.webgpu.map((g) => g.asked)).toEqual(['auto', 'layered']);
        expect(size.webgpu[1]?.schedule).toBe('layered');
        for (const g of size.webgpu) {
          expect(g.stepsRun).toBeGreaterThan(0);
          expect(g.trainMs.min).toBeLessThanOrEqual(g.trainMs.median);
          expect(g.lossCheck?.ok).toBe(true);
        }
      }
      // the tutorial at N = 100 is planned fused: the whole run is one dispatch
      expect(result.sizes[0]?.webgpu[0]).toMatchObject({ schedule: 'fused', dispatchCount: 1 });
      expect(result.sizes[0]?.webgpu[1]?.dispatchCount).toBeGreaterThan(50);

      const [playground] = result.workloads;
      expect(playground).toMatchObject({ name: 'playground', steps: 50 });
      expect(playground?.cpu).toMatchObject({ schedule: 'reference', lossCheck: null });
      // auto follows the step costs this run's fresh tuning measured: the Playground's work a step
      // (10 rows × 106 = 1060) is just above the lowest fused limit a tuning may set (1024), so a
      // tuning measured under load may send it either way; a schedule asked for by name always runs
      expect(['fused', 'layered']).toContain(playground?.webgpu[0]?.schedule);
      expect(playground?.webgpu[1]?.schedule).toBe('layered');
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
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }, 240_000);
});
