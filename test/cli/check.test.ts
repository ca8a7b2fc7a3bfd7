import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUICK_MODEL_CASES, type CheckReport } from '../../src/check/index.ts';
import { cli } from '../helpers/cli.ts';

const FIXTURES = new URL('../fixtures', import.meta.url).pathname;
const SCHEDULES = ['fused', 'layered', 'wide'];
// one run of each kind the fixtures hold, each head among them (test/engine/vs_torch.test.ts
// trains every fixture run on every schedule; here, the command around them)
const CASES = [
  'tutorial_rs0 init [0.1,-0.2,0.05]',
  QUICK_MODEL_CASES[1] ?? 'adam_l2',
  'multiclass_no_hidden_momentum',
  'regression_linear_sgd',
];

describe('webgpu-train check', () => {
  it("trains PyTorch's runs through train() on each schedule within the tests' tolerances, and repeats them bit for bit", async () => {
    const r = await cli(['check', '--quick', '--cases', CASES.join(','), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as CheckReport;
    expect(report.passed).toBe(true);
    expect(report.adapter?.description).toBeTruthy();
    // each run named, on each schedule
    expect(report.cases.map((c) => [c.name, c.scheduleAsked])).toEqual(
      CASES.flatMap((name) => SCHEDULES.map((schedule) => [name, schedule])),
    );
    for (const c of report.cases) {
      expect(c.error, c.name).toBeNull();
      expect(c.losses?.count, c.name).toBe(c.steps);
      expect(c.losses!.maxRelDiff, c.name).toBeLessThanOrEqual(c.losses!.rtol);
    }
    // each run on the schedule it asked for
    for (const c of report.cases) expect(c.scheduleRan, c.name).toBe(c.scheduleAsked);
    expect(new Set(report.cases.map((c) => c.scheduleRan))).toEqual(new Set(SCHEDULES));
    // the first run named and the first with Adam, twice each on each schedule
    expect(report.repeats.map((rep) => [rep.name, rep.scheduleAsked])).toEqual(
      [CASES[0], CASES[1]].flatMap((name) => SCHEDULES.map((schedule) => [name, schedule])),
    );
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
      const r = await cli(['check', '--quick', '--cases', 'adam_l2', '--json', '--fixtures', dir]);
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

  it('refuses a run name the fixtures do not hold, listing the ones they do, with exit code 2', async () => {
    const r = await cli(['check', '--quick', '--cases', 'adam_l2,adam_l3', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^webgpu-train: --cases: no quick fixture run named adam_l3; the runs are tutorial_rs0 init \[0\.1,-0\.2,0\.05\], .*, adam_l2, .*regression_linear_sgd\n$/,
    );
  });

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
