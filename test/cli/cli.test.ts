import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCsv, parseCsv } from '../../src/data/index.ts';
import { checkClose } from '../helpers/check_close.ts';
import {
  datasetFromRows,
  readFixture,
  type SklearnCase,
  type TorchCase,
} from '../helpers/fixtures.ts';
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

/** The fields docs/cli.md's table of `--json` lists, from the first cell of each row. */
function documentedJsonFields(): string[] {
  const page = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
  const table = page.slice(page.indexOf('<!-- json fields')).split('\n\n')[1] ?? '';
  return table
    .split('\n')
    .slice(2)
    .flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`(\w+)`/g)].map((m) => m[1] ?? ''));
}

describe('webgpu-train train: the tutorial', () => {
  const torch = readFixture<{ cases: TorchCase[] }>('shared/torch_seed_tutorial.json').cases[0]!;
  const initFlags = (w: number[], b: number) => [
    '--init-weight',
    w.join(','),
    '--init-bias',
    String(b),
  ];
  const rs7 = trajectories().find((t) => t.name === 'rs7_n1000')!;
  let tutorial = '';
  let rs7Data = '';
  beforeAll(() => {
    // scikit-learn's make_classification for the PyTorch runs below, as CSV
    const sklearn = readFixture<{ cases: SklearnCase[] }>(
      'shared/sklearn_make_classification.json',
    ).cases.find((c) => c.params.random_state === 0 && c.params.n_samples === 100)!;
    tutorial = join(dir, 'tutorial.csv');
    writeFileSync(tutorial, formatCsv(datasetFromRows(sklearn.X, sklearn.y)));
    rs7Data = join(dir, 'rs7.csv');
    writeFileSync(rs7Data, formatCsv(datasetFromRows(rs7.X, rs7.y)));
  });

  it("--backend cpu --precision f64 follows PyTorch's float64 run within 1e-9", async () => {
    expect(torch.data).toMatchObject({ random_state: 0, n_samples: 100 });
    const r = await cli(
      [
        'train',
        '--data',
        tutorial,
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
    };
    expect([json.backend, json.precision, json.steps]).toEqual(['cpu', 'f64', torch.steps]);
    checkClose(json.losses, torch.float64.losses, { rtol: 1e-9, atol: 0, label: 'losses' });
    checkClose([...json.weight, json.bias], [...torch.float64.w, torch.float64.b], {
      rtol: 1e-9,
      atol: 0,
      label: 'params',
    });
    expect(json.accuracy).toBe(torch.float64.accuracy);
  });

  it("random_state 7, 1000 samples: webgpu follows PyTorch's float32 run in one dispatch and cpu f64 its float64 run; the adapter is named", async () => {
    const r = await cli(
      [
        'train',
        '--data',
        rs7Data,
        '--backend',
        'webgpu',
        ...initFlags(rs7.init.weight, rs7.init.bias),
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
    // f32 on both sides, rounded differently: the engine's tolerances (test/engine/vs_torch.test.ts)
    checkClose(json.losses, rs7.float32.losses, { rtol: 2e-6, atol: 0, label: 'losses' });
    checkClose([...json.weight, json.bias], [...rs7.float32.w, rs7.float32.b], {
      rtol: 0,
      atol: 2e-6,
      label: 'params',
    });
    // the tutorial's whole run is one dispatch of the fused schedule (counted at the WebGPU API in
    // test/engine/vs_torch.test.ts); --json reports it
    expect(json.schedule).toBe('fused');
    expect(json.dispatchCount).toBe(1);
    expect(json.adapter.description).not.toBe('');
    // docs/cli.md documents every field, and no field that is not there
    expect(Object.keys(json).sort()).toEqual(documentedJsonFields().sort());
    const f64 = await cli(
      [
        'train',
        '--data',
        rs7Data,
        '--backend',
        'cpu',
        '--precision',
        'f64',
        ...initFlags(rs7.init.weight, rs7.init.bias),
        '--json',
      ],
      dir,
    );
    checkClose((JSON.parse(f64.stdout) as { losses: number[] }).losses, rs7.float64.losses, {
      rtol: 1e-9,
      atol: 0,
      label: 'f64 losses',
    });
  });

  it("prints the tutorial's summary: adapter, model, backend, planner, tuning, training, final loss, accuracy, weight, bias, time", async () => {
    const r = await cli(
      ['train', '--data', tutorial, ...initFlags(torch.init.weight, torch.init.bias), '--no-tune'],
      dir,
    );
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((line) => line.split(/ +/)[0])).toEqual([
      'adapter',
      'model',
      'backend',
      // what the planner weighed, and how it chose
      'planner',
      // --no-tune: the defaults, which the summary names
      'tuning',
      'training',
      'final',
      'accuracy',
      'weight',
      'bias',
      'time',
    ]);
    expect(r.stdout).toMatch(/^model +2-1, no hidden layer$/m);
    expect(r.stdout).toMatch(
      /^backend +webgpu \(f32, fused schedule, workgroup \d+, 1 dispatch, 1 submit, 1 readback\)$/m,
    );
    expect(r.stdout).toMatch(/^training +sgd at lr 0\.1, full batch: 1000 steps$/m);
    expect(r.stdout).toMatch(
      /^planner +predicted fastest; predicted fused, written out: training .* against /m,
    );
    if (/software adapter/.test(r.stdout)) expect(r.stdout).toMatch(/not a GPU/);
    // the printed figures are PyTorch's float32 ones, to the 7 digits shown (within the engine's 2e-6)
    const figure = (name: string) =>
      Number(new RegExp(`^${name} +(\\S+)$`, 'm').exec(r.stdout)?.[1]);
    checkClose([figure('final loss')], [torch.float32.losses.at(-1)!], {
      rtol: 2e-6,
      atol: 0,
      label: 'final loss',
    });
    checkClose([figure('bias')], [torch.float32.b], { rtol: 0, atol: 2e-6, label: 'bias' });
    const weight = /^weight +\[(.+)\]$/m.exec(r.stdout)?.[1]?.split(', ').map(Number) ?? [];
    checkClose(weight, torch.float32.w, { rtol: 0, atol: 2e-6, label: 'weight' });
    expect(r.stdout).toMatch(
      new RegExp(
        `^accuracy +${(torch.float32.accuracy * 100).toFixed(1)} % \\(\\d+ of 100\\)$`,
        'm',
      ),
    );
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

  it('refuses bad flags with exit code 2 and one line that names the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['--lr', 'abc'], /^webgpu-train: --lr: must be a finite number, got "abc"$/],
      [['--lr', '0'], /^webgpu-train: --lr: must be a number above 0, got 0$/],
      [['--steps', '1.5'], /^webgpu-train: --steps: must be a whole number, got 1\.5$/],
      [['--backend', 'tpu'], /^webgpu-train: --backend: must be one of webgpu, cpu, got "tpu"$/],
      [['--init-weight', '0.1'], /--init-weight needs --init-bias too/],
      [
        ['--init-weight', '0.1', '--init-bias', '0'],
        /--init-weight: the model takes 2 inputs, so it needs 2 weights, got 1$/,
      ],
      [
        ['--init-weight', '0.1,0.2', '--init-bias', '0', '--hidden', '4'],
        /--init-weight and --init-bias set a model with no hidden layer/,
      ],
      [['--seed', '1', '--init-bias', '0'], /cannot be used with option '--seed/],
      [['--steps', '10', '--epochs', '10'], /--steps conflicts with --epochs/],
      [['--steps', '10', '--batch-size', '10'], /--steps conflicts with --batch-size/],
      [['--stratify'], /--stratify applies to --split; give --split too/],
      [
        ['--split', '0.5,0.6,0.1'],
        /^webgpu-train: --split: train \+ validation \+ test must be 1, got 0\.5 \+ 0\.6 \+ 0\.1/,
      ],
      [
        ['--workgroup-size', '48'],
        /^webgpu-train: --workgroup-size: must be a power of two, got 48$/,
      ],
      [
        ['--backend', 'webgpu', '--precision', 'f64'],
        /^webgpu-train: --precision: the webgpu backend computes in f32 only, got 'f64'$/,
      ],
    ];
    for (const [flags, message] of cases) {
      const r = await cli(['train', '--data', tutorial, '--backend', 'cpu', ...flags], dir);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toEqual([expect.stringMatching(message)]);
    }
    const noData = await cli(['train'], dir);
    expect(noData.code).toBe(2);
    expect(noData.stderr).toMatch(/--data/);
  });
});
