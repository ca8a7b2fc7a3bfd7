import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/check/index.ts';
import { cli } from '../helpers/cli.ts';

const FIXTURES = new URL('../fixtures', import.meta.url).pathname;
const SCHEDULES = ['fused', 'layered', 'wide'];

// check's passing run (four runs, one of each kind, on each schedule, and the repeats) is the GPU
// kit's fidelity step, held there to the same report (test/kit/gpu_kit.test.ts); here, its
// failures and refusals. test/engine/vs_torch.test.ts trains every fixture run on every schedule.
describe('webgpu-train check', () => {
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
