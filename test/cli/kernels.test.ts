import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

/** 40 rows of two interleaved classes, as CSV. */
function csv(): string {
  const lines = ['x1,x2,y'];
  for (let i = 0; i < 40; i++)
    lines.push(`${Math.sin(i).toFixed(4)},${Math.cos(3 * i).toFixed(4)},${i % 2}`);
  return lines.join('\n') + '\n';
}

describe('webgpu-train kernels', () => {
  it('prints the WGSL of each schedule, times each kernel beside its CPU stage, and checks the first steps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webgpu-train-kernels-'));
    try {
      const data = join(dir, 'd.csv');
      writeFileSync(data, csv());
      const env = { ...process.env, XDG_CACHE_HOME: dir };
      const args = [
        'kernels',
        '--data',
        data,
        '--hidden',
        '8,8',
        '--batch-size',
        '10',
        '--epochs',
        '3',
        '--repeats',
        '3',
      ];
      const text = await cli(args, { env });
      expect(text.stderr).toBe('');
      expect(text.code).toBe(0);
      // the fused kernel, and each layered one, as compiled: its generated model and entry point
      for (const file of [
        'fused: shaders/fused_train.wgsl',
        'layered: shaders/layered/step_partials.wgsl',
        'layered: shaders/layered/reduce_update.wgsl',
        'layered: shaders/layered/eval_partials.wgsl',
        'wide: shaders/wide/forward.wgsl',
      ])
        expect(text.stdout).toContain(`// ===== ${file}`);
      expect(text.stdout).toMatch(/generated from the plan: 2-8-8-1 tanh/);
      expect(text.stdout).toMatch(/@compute @workgroup_size\(WG\)/);
      expect(text.stdout).toMatch(/^fused +run +1 /m);
      expect(text.stdout).toMatch(/^fused .*first \d+ steps against the CPU reference.*: ok\)$/m);
      expect(text.stdout).toMatch(/^layered .*first \d+ steps against the CPU reference.*: ok\)$/m);

      const json = await cli([...args, '--no-wgsl', '--json'], { env });
      expect(json.code).toBe(0);
      const report = JSON.parse(json.stdout) as {
        schedules: {
          schedule: string;
          sources: { file: string; wgsl: string }[];
          kernels: { role: string; gpuMs: number; cpuMs: number | null }[];
          validation: { steps: number; ok: boolean };
        }[];
      };
      expect(report.schedules.map((s) => s.schedule)).toEqual(['fused', 'layered', 'wide']);
      for (const s of report.schedules) {
        expect(s.validation.ok).toBe(true);
        // 40 rows in batches of 10: 4 steps an epoch, 3 epochs
        expect(s.validation.steps).toBe(12);
        for (const source of s.sources) expect(source.wgsl).toContain('fn main(');
        for (const k of s.kernels) expect(k.gpuMs).toBeGreaterThan(0);
      }
      const roles = report.schedules[1]?.kernels.map((k) => k.role);
      expect(roles).toEqual([
        'step: partial sums',
        'step: reduce and update',
        'step: close',
        'epoch: train loss',
        'epoch: close',
      ]);
      // every kernel that computes has its CPU stage timed; the ones that move control words do not
      // (the wide schedule's products have no per-dispatch twin yet)
      const twins = report.schedules
        .slice(0, 2)
        .flatMap((s) => s.kernels.map((k) => [k.role, k.cpuMs !== null]));
      expect(twins).toEqual([
        ['run', true],
        ['step: partial sums', true],
        ['step: reduce and update', true],
        ['step: close', false],
        ['epoch: train loss', true],
        ['epoch: close', false],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
