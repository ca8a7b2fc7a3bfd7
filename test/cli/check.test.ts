import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUICK_MODEL_CASES, type CheckReport } from '../../src/check/index.ts';
import { cli } from '../helpers/cli.ts';

const FIXTURES = new URL('../fixtures', import.meta.url).pathname;
// the tutorial's four runs, five trajectories and the quick check's two models, on each schedule
const SCHEDULES = ['fused', 'layered', 'wide'];
const QUICK_RUNS = (4 + 5 + QUICK_MODEL_CASES.length) * SCHEDULES.length;

describe('webgpu-train check', () => {
  it("trains PyTorch's runs through train() on each schedule within the tests' tolerances, and repeats them bit for bit", async () => {
    const r = await cli(['check', '--quick', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as CheckReport;
    expect(report.passed).toBe(true);
    expect(report.adapter?.description).toBeTruthy();
    expect(report.cases).toHaveLength(QUICK_RUNS);
    for (const c of report.cases) {
      expect(c.error, c.name).toBeNull();
      expect(c.losses?.count, c.name).toBe(c.steps);
      expect(c.losses!.maxRelDiff, c.name).toBeLessThanOrEqual(c.losses!.rtol);
    }
    // each run on the schedule it asked for
    for (const c of report.cases) expect(c.scheduleRan, c.name).toBe(c.scheduleAsked);
    expect(new Set(report.cases.map((c) => c.scheduleRan))).toEqual(new Set(SCHEDULES));
    expect(report.repeats).toHaveLength(3 * SCHEDULES.length);
    expect(report.repeats.every((rep) => rep.identical)).toBe(true);
  }, 240_000);

  it('fails, naming the run and the step, when PyTorch says otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webgpu-train-check-'));
    try {
      cpSync(FIXTURES, dir, { recursive: true });
      // one loss of an Adam MLP moved by 1e-5 relative, five times its tolerance of 2e-6
      const models = JSON.parse(readFileSync(join(dir, 'torch/models.json'), 'utf8'));
      const adam = models.cases.find((c: { name: string }) => c.name === 'adam_l2');
      adam.float32.losses[17] *= 1 + 1e-5;
      writeFileSync(join(dir, 'torch/models.json'), JSON.stringify(models));
      const r = await cli(['check', '--quick', '--json', '--fixtures', dir]);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout) as CheckReport;
      expect(report.passed).toBe(false);
      const failed = report.cases.filter((c) => !c.ok);
      // on each schedule
      expect(failed.map((c) => [c.name, c.scheduleAsked])).toEqual(
        SCHEDULES.map((schedule) => ['adam_l2', schedule]),
      );
      for (const c of failed) {
        expect(c.losses).toMatchObject({ failures: 1, worstIndex: 17 });
        expect(c.params?.ok).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it('says which fixture file is missing or malformed, with exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webgpu-train-check-'));
    try {
      const missing = await cli(['check', '--fixtures', dir]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain(join(dir, 'shared/sklearn_make_classification.json'));
      expect(missing.stderr).toContain('cannot read the fixture (ENOENT)');
      cpSync(FIXTURES, dir, { recursive: true });
      const tutorial = JSON.parse(
        readFileSync(join(dir, 'shared/torch_seed_tutorial.json'), 'utf8'),
      );
      tutorial.cases[1].float32.losses[3] = 'abc';
      writeFileSync(join(dir, 'shared/torch_seed_tutorial.json'), JSON.stringify(tutorial));
      const bad = await cli(['check', '--fixtures', dir]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toBe(
        `webgpu-train: ${join(dir, 'shared/torch_seed_tutorial.json')}: cases[1].float32.losses[3]: expected a finite number, got "abc"\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
