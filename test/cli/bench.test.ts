import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/webgpu-train.js', import.meta.url).pathname;

// a benchmark is not a test: this only checks that it runs and reports what it says it does
describe('webgpu-train bench', () => {
  it('reports both backends for every size, with a loss check, as JSON', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'webgpu-train-bench-'));
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
        '--mlp',
        '--json',
      ],
      { env: { ...process.env, XDG_CACHE_HOME: cache }, maxBuffer: 16 << 20 },
    );
    const result = JSON.parse(stdout) as {
      command: string;
      adapter: { description: string };
      cpuPath: string;
      mlp: { N: number; webgpuMsPerEpoch: number; firstLoss: { ok: boolean } }[];
      sizes: {
        N: number;
        webgpu: { stepsRun: number; msPerStep: number; setupMs: number };
        cpu: { stepsRun: number; msPerStep: number };
        lossCheck: { ok: boolean };
      }[];
    };
    expect(result.command).toMatch(/^webgpu-train bench --sizes 100,2000/);
    expect(result.cpuPath).toMatch(/float32/);
    expect(result.sizes.map((s) => s.N)).toEqual([100, 2000]);
    expect(result.mlp.map((m) => m.N)).toEqual([100, 2000]);
    for (const m of result.mlp) {
      expect(m.webgpuMsPerEpoch).toBeGreaterThan(0);
      expect(m.firstLoss.ok).toBe(true);
    }
    for (const size of result.sizes) {
      expect(size.webgpu.stepsRun).toBeGreaterThan(0);
      expect(size.cpu.stepsRun).toBeGreaterThan(0);
      expect(size.webgpu.msPerStep).toBeGreaterThan(0);
      expect(size.lossCheck.ok).toBe(true);
    }
  }, 120_000);
});
