import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

describe('webgpu-train train with wide layers', () => {
  it('trains two hidden layers of 256 on WebGPU, and --json names the wide schedule', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webgpu-train-wide-'));
    try {
      const data = join(dir, 'd.csv');
      const made = await cli([
        'data',
        'make-classification',
        '--n-samples',
        '300',
        '--n-features',
        '8',
        '--random-state',
        '1',
        '--out',
        data,
      ]);
      expect(made.code).toBe(0);
      const r = await cli([
        'train',
        '--data',
        data,
        '--hidden',
        '256,256',
        '--activation',
        'relu',
        '--optimizer',
        'adam',
        '--lr',
        '0.001',
        '--batch-size',
        '64',
        '--epochs',
        '2',
        '--json',
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as {
        backend: string;
        schedule: string;
        steps: number;
        losses: number[];
      };
      expect(out).toMatchObject({ backend: 'webgpu', schedule: 'wide', steps: 10 });
      expect(out.losses.every(Number.isFinite)).toBe(true);
      // a layer past 64 on a per-sample schedule is refused, naming the schedule and the width
      const refused = await cli([
        'train',
        '--data',
        data,
        '--hidden',
        '256',
        '--schedule',
        'fused',
        '--epochs',
        '1',
      ]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(
        /fused schedule .* up to 64 wide; this model has a layer of 256/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
