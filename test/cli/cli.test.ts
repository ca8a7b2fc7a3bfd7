import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/index.ts';
import { checkClose } from '../helpers/check_close.ts';
import { readFixture, type SklearnCase, type TorchCase } from '../helpers/fixtures.ts';
import { trajectories } from '../helpers/trajectories.ts';
import { cli as runCli } from '../helpers/cli.ts';

const cli = (args: string[], cwd: string) => runCli(args, { cwd });

const TUTORIAL_DATA = ['--n-features', '2', '--n-redundant', '0', '--n-clusters-per-class', '1'];
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'webgpu-train-cli-'));
});

describe('webgpu-train data', () => {
  const shared = readFixture<{ cases: SklearnCase[] }>(
    'shared/sklearn_make_classification.json',
  ).cases;
  const seven = readFixture<{ cases: (SklearnCase & { name?: string })[] }>(
    'sklearn/make_classification.json',
  ).cases.find(
    (c) =>
      c.params.random_state === 7 && c.params.n_samples === 1000 && c.params['n_features'] === 2,
  );

  for (const c of [...shared, ...(seven ? [seven] : [])]) {
    it(`make-classification --random-state ${c.params.random_state} --n-samples ${c.params.n_samples} writes scikit-learn's data set`, async () => {
      const out = join(dir, `rs${c.params.random_state}.csv`);
      const r = await cli(
        [
          'data',
          'make-classification',
          '--n-samples',
          String(c.params.n_samples),
          ...TUTORIAL_DATA,
          '--random-state',
          String(c.params.random_state),
          '--out',
          out,
        ],
        dir,
      );
      expect(r.code, r.stderr).toBe(0);
      const data = parseCsv(readFileSync(out, 'utf8'));
      expect(Array.from(data.y)).toEqual(c.y);
      // V8's log and numpy's (glibc's log, OpenBLAS's fused multiply-add) may differ in the last bit
      checkClose(data.X, c.X.flat(), { rtol: 0, atol: 1e-12, label: 'X' });
    });
  }

  it('writes to stdout without --out, and every generator runs', async () => {
    for (const name of [
      'make-classification',
      'make-moons',
      'make-circles',
      'make-blobs',
      'xor',
      'spiral',
    ]) {
      const r = await cli(['data', name, '--n-samples', '20', '--random-state', '3'], dir);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      expect(parseCsv(r.stdout).nSamples, name).toBe(20);
    }
  });

  it('takes "none" where --help documents it: scikit-learn\'s None, as its fixtures hold', async () => {
    const fixture = (file: string, match: (params: Record<string, unknown>) => boolean) =>
      readFixture<{ cases: SklearnCase[] }>(`sklearn/${file}`).cases.find((c) => match(c.params))!;
    const moons = fixture(
      'make_moons.json',
      (p) => p['noise'] === undefined && p.n_samples === 100 && p.random_state === 0,
    );
    const random = fixture(
      'make_classification.json',
      (p) => p['shift'] === null && p['scale'] === null,
    );
    const runs: [string[], SklearnCase][] = [
      [['make-moons', '--noise', 'none', '--n-samples', '100', '--random-state', '0'], moons],
      [
        [
          'make-classification',
          '--shift',
          'none',
          '--scale',
          'none',
          ...['--n-samples', '40', '--n-features', '6', '--random-state', '6'],
        ],
        random,
      ],
    ];
    for (const [args, c] of runs) {
      const r = await cli(['data', ...args], dir);
      expect(r.code, r.stderr).toBe(0);
      const data = parseCsv(r.stdout);
      expect(Array.from(data.y)).toEqual(c.y);
      checkClose(data.X, c.X.flat(), { rtol: 0, atol: 1e-12, label: args.join(' ') });
    }
  });

  it('makes 130 000 moons (the label check spreads no array into Math.max)', async () => {
    const r = await cli(
      ['data', 'make-moons', '--n-samples', '130000', '--random-state', '1'],
      dir,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(parseCsv(r.stdout).nSamples).toBe(130_000);
  });

  it('refuses bad parameters with exit code 2, one line, and leaves no file', async () => {
    const out = join(dir, 'never.csv');
    const cases: [string[], RegExp][] = [
      [
        ['data', 'make-classification', '--n-samples', '0', '--out', out],
        /--n-samples.*"0" must be at least 1/,
      ],
      [
        [
          'data',
          'make-classification',
          '--n-informative',
          '3',
          '--n-features',
          '2',
          '--n-redundant',
          '0',
          '--out',
          out,
        ],
        /n_informative|informative, redundant and repeated/,
      ],
      [['data', 'make-circles', '--factor', '1.5', '--out', out], /factor/],
      [
        ['data', 'make-blobs', '--centers', '3', '--random-state', '1', '--out', out],
        /3 classes.*two classes/,
      ],
      [['data', 'make-moons', '--random-state', '-1', '--out', out], /random-state/],
      [
        ['data', 'make-moons', '--out', join(dir, 'no', 'such', 'dir.csv')],
        /cannot write the file \(ENOENT\)/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args, dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('never') || f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('webgpu-train train', () => {
  const torch = readFixture<{ cases: TorchCase[] }>('shared/torch_seed_tutorial.json').cases[0]!;
  const initFlags = (w: number[], b: number) => [
    '--init-weight',
    w.join(','),
    '--init-bias',
    String(b),
  ];

  it("--backend cpu --precision f64 follows PyTorch's float64 run within 1e-9", async () => {
    const data = join(dir, 'tutorial.csv');
    await cli(
      [
        'data',
        'make-classification',
        '--n-samples',
        '100',
        ...TUTORIAL_DATA,
        '--random-state',
        '0',
        '--out',
        data,
      ],
      dir,
    );
    const r = await cli(
      [
        'train',
        '--data',
        data,
        '--backend',
        'cpu',
        '--precision',
        'f64',
        ...initFlags(torch.init.weight, torch.init.bias),
        '--json',
      ],
      dir,
    );
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as {
      losses: number[];
      weight: number[];
      bias: number;
      accuracy: number;
      backend: string;
      precision: string;
      steps: number;
      elapsedMs: number;
    };
    expect([json.backend, json.precision, json.steps]).toEqual(['cpu', 'f64', 1000]);
    expect(json.elapsedMs).toBeGreaterThan(0);
    checkClose(json.losses, torch.float64.losses, { rtol: 1e-9, atol: 0, label: 'losses' });
    checkClose([...json.weight, json.bias], [...torch.float64.w, torch.float64.b], {
      rtol: 1e-9,
      atol: 0,
      label: 'params',
    });
    expect(json.accuracy).toBe(torch.float64.accuracy);
  });

  it("random_state 7, 1000 samples: webgpu follows PyTorch's float32 run and cpu f64 its float64 run; one dispatch; the adapter is named", async () => {
    const c = trajectories().find((t) => t.name === 'rs7_n1000')!;
    const data = join(dir, 'rs7.csv');
    writeFileSync(
      data,
      'x0,x1,y\n' + c.X.map((row, i) => `${row.join(',')},${c.y[i]}`).join('\n') + '\n',
    );
    const r = await cli(
      [
        'train',
        '--data',
        data,
        '--backend',
        'webgpu',
        ...initFlags(c.init.weight, c.init.bias),
        '--json',
        '--no-tune',
      ],
      dir,
    );
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as {
      losses: number[];
      weight: number[];
      bias: number;
      schedule: string;
      dispatchCount: number;
      adapter: { isSoftware: boolean; description: string };
    };
    // f32 on both sides, rounded differently; measured worst 1.05e-6 (see test/gpu/engine.test.ts)
    checkClose(json.losses, c.float32.losses, { rtol: 2e-6, atol: 0, label: 'losses' });
    checkClose([...json.weight, json.bias], [...c.float32.w, c.float32.b], {
      rtol: 1e-6,
      atol: 1e-6,
      label: 'params',
    });
    expect(json.schedule).toBe('persistent');
    expect(json.dispatchCount).toBe(1);
    expect(json.adapter.description).not.toBe('');
    const f64 = await cli(
      [
        'train',
        '--data',
        data,
        '--backend',
        'cpu',
        '--precision',
        'f64',
        ...initFlags(c.init.weight, c.init.bias),
        '--json',
      ],
      dir,
    );
    checkClose((JSON.parse(f64.stdout) as { losses: number[] }).losses, c.float64.losses, {
      rtol: 1e-9,
      atol: 0,
      label: 'f64 losses',
    });
    const human = await cli(['train', '--data', data, '--no-tune'], dir);
    expect(human.stdout).toMatch(/^adapter .+/m);
    if (json.adapter.isSoftware) expect(human.stdout).toMatch(/software adapter.*not a GPU/);
    expect(human.stdout).toMatch(/^final loss +\d/m);
  });

  it('reports bad data with its file, line and column, exit code 2', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'x0,x1,y\n1,2,0\n3,oops,1\n');
    const r = await cli(['train', '--data', bad, '--backend', 'cpu'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `webgpu-train: ${bad}:3:2: "oops" in column 2 (x1) is not a number; features must be numbers: fix the value, or leave the column out with --ignore x1, or if it is the label, name it with --label x1 (the last column is the default)`,
    );
  });

  it('refuses bad flags with exit code 2 and a one-line message', async () => {
    const data = join(dir, 'tutorial.csv');
    const cases: [string[], RegExp][] = [
      [['train', '--data', data, '--lr', 'abc'], /--lr.*"abc" is not a number/],
      [['train', '--data', data, '--steps', '1.5'], /--steps.*not an integer/],
      [['train', '--data', data, '--backend', 'tpu'], /--backend.*tpu/],
      [['train', '--data', data, '--init-weight', '0.1'], /--init-weight needs --init-bias/],
      [
        ['train', '--data', data, '--init-weight', '0.1', '--init-bias', '0'],
        /initial weight needs 2 numbers/,
      ],
      [
        ['train', '--data', data, '--seed', '1', '--init-bias', '0'],
        /cannot be used with option '--seed/,
      ],
      [
        ['train', '--data', data, '--backend', 'webgpu', '--precision', 'f64'],
        /f64 runs on the CPU only/,
      ],
      [['train'], /--data/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args, dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    }
  });
});
