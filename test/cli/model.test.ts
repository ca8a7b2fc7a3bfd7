import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCsv } from '../../src/data/index.ts';
import { checkClose } from '../helpers/check_close.ts';
import { datasetFromRows } from '../helpers/fixtures.ts';
import { modelCases } from '../helpers/models.ts';
import { cli } from '../helpers/cli.ts';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'webgpu-train-model-cli-'));
});

describe('webgpu-train train with a model, and predict', () => {
  const c = modelCases().find((m) => m.name === 'relu_16_16_adam_minibatch')!;

  // PyTorch's initial params reach the command line as a model file, through --init-model
  const initModel = () => {
    const init = join(dir, 'init.json');
    writeFileSync(
      init,
      JSON.stringify({
        format: 'webgpu-train-model',
        version: 1,
        inputs: 2,
        features: [],
        hidden: c.model.hidden,
        activation: c.model.activation,
        params: c.initialParams,
      }),
    );
    return init;
  };
  const circles = () => {
    const data = join(dir, 'circles.csv');
    writeFileSync(data, formatCsv(datasetFromRows(c.X, c.y)));
    return data;
  };
  const runFlags = () => [
    '--init-model',
    initModel(),
    '--optimizer',
    'adam',
    '--lr',
    String(c.optimizer.lr),
    '--batch-size',
    String(c.batchSize),
    '--epochs',
    String(c.epochs),
    '--shuffle-seed',
    String(c.shuffleSeed),
    '--json',
  ];

  it("follows PyTorch's float64 run of a 2-16-16-1 relu MLP with Adam and mini-batches, from the command line", async () => {
    const r = await cli([
      'train',
      '--data',
      circles(),
      '--backend',
      'cpu',
      '--precision',
      'f64',
      // flags that agree with --init-model's file are fine
      '--hidden',
      '16,16',
      '--activation',
      'relu',
      ...runFlags(),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { losses: number[]; model: { params: number[] } };
    checkClose(json.losses, c.float64.losses, { rtol: 1e-9, atol: 0, label: 'losses' });
    checkClose(json.model.params, c.float64.params, { rtol: 1e-9, atol: 1e-12, label: 'params' });
  });

  it("follows PyTorch's float32 run of the same MLP on WebGPU, the whole run in one dispatch", async () => {
    // the schedule named: what auto would pick is the planner's business (test/engine/plan.test.ts)
    const r = await cli([
      'train',
      '--data',
      circles(),
      '--backend',
      'webgpu',
      '--schedule',
      'fused',
      ...runFlags(),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as {
      losses: number[];
      model: { params: number[] };
      schedule: string;
      dispatchCount: number;
    };
    // the engine's tolerances against PyTorch's float32 runs (test/engine/vs_torch.test.ts)
    checkClose(json.losses, c.float32.losses, { rtol: 2e-6, atol: 0, label: 'losses' });
    checkClose(json.model.params, c.float32.params, { rtol: 0, atol: 2e-6, label: 'params' });
    expect(json.schedule).toBe('fused');
    expect(json.dispatchCount).toBe(1);
  }, 60_000);

  it('trains with a split and early stopping on WebGPU, saves the model, and predict scores it', async () => {
    const data = join(dir, 'moons.csv');
    expect(
      (
        await cli([
          'data',
          'make-moons',
          '--n-samples',
          '300',
          '--noise',
          '0.1',
          '--random-state',
          '2',
          '--out',
          data,
        ])
      ).code,
    ).toBe(0);
    for (const file of ['m.json', 'm.safetensors']) {
      const model = join(dir, file);
      const r = await cli([
        'train',
        '--data',
        data,
        '--hidden',
        '8',
        '--optimizer',
        'adam',
        '--lr',
        '0.05',
        '--batch-size',
        '20',
        '--epochs',
        '40',
        '--split',
        '0.6,0.2,0.2',
        '--stratify',
        '--patience',
        '5',
        '--save-model',
        model,
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^model +2-8-1 tanh/m);
      expect(r.stdout).toMatch(/^test +accuracy \d/m);
      const p = await cli([
        'predict',
        '--model',
        model,
        '--data',
        data,
        '--out',
        join(dir, 'p.csv'),
        '--json',
      ]);
      expect(p.code, p.stderr).toBe(0);
      expect(
        (JSON.parse(p.stdout) as { metrics: { accuracy: number } }).metrics.accuracy,
      ).toBeGreaterThan(0.9);
      expect(existsSync(join(dir, 'p.csv'))).toBe(true);
    }
  }, 60_000);

  it('refuses bad model flags and files with exit code 2 and one line', async () => {
    const data = join(dir, 'moons.csv');
    const broken = join(dir, 'broken.json');
    writeFileSync(
      broken,
      '{"format":"webgpu-train-model","version":1,"inputs":2,"features":[],"hidden":[3],"activation":"tanh","params":[1,2]}',
    );
    const cases: [string[], RegExp][] = [
      [
        ['train', '--data', data, '--hidden', '8,5000'],
        /--hidden: item 2 must be a whole number from 1 to 4096, got 5000/,
      ],
      [
        ['train', '--data', data, '--hidden', '1,1,1,1,1,1,1'],
        /--hidden: takes at most 6 items, got 7/,
      ],
      [
        ['train', '--data', data, '--features', 'x3'],
        /--features: item 1 must be one of .*, got "x3"/,
      ],
      [['train', '--data', data, '--split', '0.5,0.5'], /--split: needs three fractions/],
      [
        ['train', '--data', data, '--hidden', '4', '--patience', '3'],
        /--patience stops on the validation loss: give --split with a validation fraction/,
      ],
      [
        ['train', '--data', data, '--optimizer', 'rmsprop'],
        /--optimizer: must be one of sgd, .*, got "rmsprop"/,
      ],
      [
        ['predict', '--model', broken, '--data', data],
        /broken\.json: "params" must hold 13 numbers/,
      ],
      [
        ['predict', '--model', join(dir, 'none.json'), '--data', data],
        /cannot read the model file \(ENOENT\)/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
