import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

describe('webgpu-train adapter and tune', () => {
  it('adapter names the adapter and says whether it is software', async () => {
    const r = await cli(['adapter', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      adapter: { isSoftware: boolean };
      description: string;
      limits: Record<string, number>;
    };
    expect(report.description.includes('not a GPU')).toBe(report.adapter.isSoftware);
    expect(report.limits['maxStorageBufferBindingSize']).toBeGreaterThanOrEqual(128 << 20);
  });

  it('tune measures both schedules now and keeps the result for later runs', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'webgpu-train-tune-'));
    try {
      const r = await cli(['tune', '--json'], { env: { ...process.env, XDG_CACHE_HOME: cache } });
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout) as {
        tuning: { source: string; stepCost: { persistent: unknown; multi: unknown } };
        previous: unknown;
        savedTo: string;
      };
      expect(report.tuning.source).toBe('measured');
      expect(report.tuning.stepCost.persistent).not.toBeNull();
      expect(report.tuning.stepCost.multi).not.toBeNull();
      expect(report.previous).toBeNull();
      expect(report.savedTo).toBe(join(cache, 'webgpu-train', 'tuning.json'));
      const kept = Object.values(JSON.parse(readFileSync(report.savedTo, 'utf8')));
      expect(kept).toEqual([report.tuning]);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
