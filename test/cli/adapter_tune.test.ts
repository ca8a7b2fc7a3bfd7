import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTuning, tuningKey, type AdapterSummary, type Tuning } from '../../src/gpu/index.ts';
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

  // `tune` itself, its report and the tuning it keeps for the runs after it: the GPU kit's tuning
  // step (test/kit/gpu_kit.test.ts), the one run of the pass in the tests (tens of seconds on
  // SwiftShader); here, what train does with a kept tuning or none

  it('train never waits on a tuning pass: the kept tuning, else the defaults, and it says which', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'webgpu-train-kept-'));
    try {
      const env = { ...process.env, XDG_CACHE_HOME: cache };
      const data = join(cache, 'd.csv');
      writeFileSync(data, 'x1,x2,y\n0,1,0\n1,0,1\n0.2,0.9,0\n0.8,0.1,1\n');
      const trainJson = async (...extra: string[]) => {
        const r = await cli(['train', '--data', data, '--steps', '5', '--json', ...extra], { env });
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        return JSON.parse(r.stdout) as { tuning: Tuning; workgroupSize: number };
      };
      // nothing kept: the kind's defaults, and no tuning.json is written
      const adapter = (
        JSON.parse((await cli(['adapter', '--json'], { env })).stdout) as {
          adapter: AdapterSummary;
        }
      ).adapter;
      const first = await trainJson();
      // the defaults for the adapter, with this machine's cores
      expect(first.tuning).toEqual({ ...defaultTuning(adapter), parallel: first.tuning.parallel });
      expect(first.tuning.parallel.workgroups).toBe(availableParallelism());
      const text = await cli(['train', '--data', data, '--steps', '5'], { env });
      expect(text.stdout).toMatch(
        /^tuning +the defaults for this kind of adapter; `webgpu-train tune`/m,
      );
      const path = join(cache, 'webgpu-train', 'tuning.json');
      expect(() => readFileSync(path)).toThrow();
      // a kept tuning (fused workgroup 2, which no default has) is what the next run uses
      const kept: Tuning = {
        ...first.tuning,
        fusedWorkgroupSize: 2,
        source: 'measured',
      };
      mkdirSync(join(cache, 'webgpu-train'), { recursive: true });
      writeFileSync(path, JSON.stringify({ [tuningKey(adapter)]: kept }));
      const second = await trainJson('--schedule', 'fused');
      expect(second.tuning).toEqual(kept);
      expect(second.workgroupSize).toBe(2);
      expect((await cli(['train', '--data', data, '--steps', '5'], { env })).stdout).not.toMatch(
        /^tuning/m,
      );
      // --no-tune: the defaults even so
      expect((await trainJson('--no-tune')).tuning).toEqual(first.tuning);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
