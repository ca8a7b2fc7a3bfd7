import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTuning, tuningKey, type AdapterSummary, type Tuning } from '../../src/gpu/index.ts';
import type { WideShape } from '../../src/gpu/wide_plan.ts';
import { wideTuneCandidates } from '../../src/gpu/wide_tune.ts';
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

  // the pass compiles a grid of kernels on every schedule: tens of seconds on SwiftShader under load
  it('tune measures both schedules now and keeps the result for later runs', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'webgpu-train-tune-'));
    try {
      const r = await cli(['tune', '--json'], { env: { ...process.env, XDG_CACHE_HOME: cache } });
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout) as {
        adapter: AdapterSummary;
        tuning: Tuning;
        points: Record<string, { ms: number; predictedMs: number; unrolled: boolean }[]>;
        errors: Record<string, number[]>;
        wideShapes: { shape: WideShape; ns: number }[];
        previous: unknown;
        savedTo: string;
      };
      expect(report.tuning.source).toBe('measured');
      // the wide schedule's tile: one of the shapes the pass times on this kind of adapter, of both
      // kinds (register and workgroup tiles), the fastest of them kept
      expect(wideTuneCandidates(report.adapter.isSoftware)).toContainEqual(report.tuning.wide);
      expect(report.wideShapes.map((t) => t.shape)).toEqual(
        wideTuneCandidates(report.adapter.isSoftware),
      );
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
      expect(report.previous).toBeNull();
      expect(report.savedTo).toBe(join(cache, 'webgpu-train', 'tuning.json'));
      const kept = Object.values(JSON.parse(readFileSync(report.savedTo, 'utf8')));
      expect(kept).toEqual([report.tuning]);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }, 240_000);

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
