import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/index.ts';
import { checkClose } from '../helpers/check_close.ts';
import { cli as runCli, words } from '../helpers/cli.ts';
import { PYTHON, PYTHON_DIR, requireTorch, runPython, withTorch } from '../helpers/python.ts';

/**
 * Model files between webgpu-train and PyTorch, both ways, with Debian's python3-torch as the
 * other side: our safetensors load into nn.Sequential.load_state_dict, and PyTorch's
 * save_file(model.state_dict()) scores through predict and starts a training run.
 */
let dir = '';
const cli = (args: string[]) => runCli(args, { cwd: dir });
const python = (script: string, args: string[]) =>
  runPython(PYTHON, [join(PYTHON_DIR, script), ...args], dir);

interface TorchPredictions {
  dtypes: string[];
  metadata: Record<string, string> | null;
  architecture: string;
  probabilities: number[];
}

async function ourProbabilities(model: string, extra: string[] = []): Promise<number[]> {
  const r = await cli(['predict', '--model', model, '--data', 'moons.csv', '--json', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { probabilities: number[] }).probabilities;
}

describe.runIf(withTorch)('model files and PyTorch', () => {
  beforeAll(async () => {
    requireTorch();
    dir = mkdtempSync(join(tmpdir(), 'webgpu-train-pytorch-'));
    const r = await cli(
      words('data make-moons --n-samples 300 --noise 0.2 --random-state 21 --out', 'moons.csv'),
    );
    expect(r.code, r.stderr).toBe(0);
  });

  const trainFlags = words(
    '--hidden 8,4 --activation relu --features x2,sinx --optimizer adam',
    '--lr 0.05 --batch-size 32 --epochs 30',
  );

  for (const [backend, precision, dtype] of [
    ['webgpu', 'f32', 'torch.float32'],
    ['cpu', 'f64', 'torch.float64'],
  ] as const) {
    it(`a model trained on ${backend} (${precision}) loads into nn.Sequential(...).load_state_dict, and PyTorch predicts what predict does`, async () => {
      const model = `ours-${precision}.safetensors`;
      const r = await cli([
        'train',
        '--data',
        'moons.csv',
        '--backend',
        backend,
        '--precision',
        precision,
        ...trainFlags,
        '--save-model',
        model,
      ]);
      expect(r.code, r.stderr).toBe(0);
      const torch = await python('predict_sequential.py', [
        model,
        'moons.csv',
        '--hidden',
        '8,4',
        '--activation',
        'relu',
        '--features',
        'x2,sinx',
      ]);
      expect(torch.code, torch.stderr).toBe(0);
      const out = JSON.parse(torch.stdout) as TorchPredictions;
      expect(out.dtypes).toEqual([dtype]);
      expect(out.metadata?.['architecture']).toBe(
        'nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 4), nn.ReLU(), nn.Linear(4, 1))',
      );
      // both sides run the same params forward in float64: only the order of the sums differs
      checkClose(await ourProbabilities(model), out.probabilities, {
        rtol: 0,
        atol: 1e-12,
        label: `predict vs PyTorch (${precision})`,
      });
    });
  }

  for (const dtype of ['float32', 'float64']) {
    it(`a state_dict PyTorch trained and saved (${dtype}, no metadata) scores through predict, and starts a training run`, async () => {
      const model = `torch-${dtype}.safetensors`;
      const trained = await python('train_sequential.py', ['moons.csv', model, '--dtype', dtype]);
      expect(trained.code, trained.stderr).toBe(0);
      const torch = JSON.parse(trained.stdout) as { probabilities: number[]; accuracy: number };
      expect(torch.accuracy).toBeGreaterThan(0.9);

      const unnamed = await cli(['predict', '--model', model, '--data', 'moons.csv']);
      expect(unnamed.code).toBe(2);
      expect(unnamed.stderr.trim()).toMatch(
        new RegExp(
          `^webgpu-train: ${model}: the file does not say which activation its 2 hidden layers use .*; give it with --activation relu\\|tanh\\|sigmoid\\|linear$`,
        ),
      );
      const ours = await ourProbabilities(model, ['--activation', 'tanh']);
      checkClose(ours, torch.probabilities, {
        rtol: 0,
        atol: 1e-12,
        label: `predict vs PyTorch's own (${dtype})`,
      });

      // training from it: the first full-batch loss is the PyTorch model's loss on the data
      const start = await cli([
        'train',
        '--data',
        'moons.csv',
        '--backend',
        'cpu',
        '--precision',
        'f64',
        '--init-model',
        model,
        '--activation',
        'tanh',
        '--epochs',
        '3',
        '--save-model',
        `continued-${dtype}.json`,
        '--json',
      ]);
      expect(start.code, start.stderr).toBe(0);
      const run = JSON.parse(start.stdout) as { losses: number[]; model: { hidden: number[] } };
      expect(run.model.hidden).toEqual([16, 8]);
      const y = parseCsv(readFileSync(join(dir, 'moons.csv'), 'utf8')).y;
      const loss =
        -torch.probabilities.reduce(
          (sum, p, i) => sum + (y[i] === 1 ? Math.log(p) : Math.log(1 - p)),
          0,
        ) / y.length;
      checkClose(run.losses[0]!, loss, { rtol: 1e-12, atol: 0, label: 'first loss' });
    });
  }

  it('a 10-class model (safetensors) loads into nn.Sequential(…, nn.Linear(12, 10)), and PyTorch gives the probabilities predict does', async () => {
    const made = await cli(
      words(
        'data make-blobs --n-samples 300 --centers 10 --n-features 4 --random-state 5 --out',
        'blobs10.csv',
      ),
    );
    expect(made.code, made.stderr).toBe(0);
    const trained = await cli(
      words(
        'train --data blobs10.csv --hidden 12 --activation tanh --optimizer adam --lr 0.05',
        '--batch-size 50 --epochs 20 --save-model ten.safetensors --json',
      ),
    );
    expect(trained.code, trained.stderr).toBe(0);
    const model = (JSON.parse(trained.stdout) as { model: { head: string; outputs: number } })
      .model;
    expect([model.head, model.outputs]).toEqual(['multiclass', 10]);
    const torch = await python('predict_sequential.py', [
      ...words('ten.safetensors blobs10.csv --hidden 12 --activation tanh'),
      ...words('--head multiclass --outputs 10'),
    ]);
    expect(torch.code, torch.stderr).toBe(0);
    const out = JSON.parse(torch.stdout) as TorchPredictions;
    expect(out.metadata?.['architecture']).toBe(
      'nn.Sequential(nn.Linear(4, 12), nn.Tanh(), nn.Linear(12, 10))',
    );
    const ours = await cli(words('predict --model ten.safetensors --data blobs10.csv --json'));
    expect(ours.code, ours.stderr).toBe(0);
    const probabilities = (JSON.parse(ours.stdout) as { probabilities: number[] }).probabilities;
    expect(probabilities).toHaveLength(300 * 10);
    // the same float32 params forward in float64 on both sides, softmax included: the order of the sums
    checkClose(probabilities, out.probabilities, {
      rtol: 0,
      atol: 1e-12,
      label: 'predict vs PyTorch, 10 classes',
    });
  });

  it('a regression with a standardized target loads into nn.Sequential, and PyTorch (undoing the z-score) gives the values predict does', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => {
      const [a, b] = [Math.sin(i * 0.7) * 3, Math.cos(i * 1.3) * 2];
      return `${a},${b},${(40 + 12 * a - 7 * b + Math.sin(i * 11)).toFixed(4)}`;
    });
    writeFileSync(join(dir, 'price.csv'), `x0,x1,price\n${rows.join('\n')}\n`);
    const trained = await cli(
      words(
        'train --data price.csv --hidden 6 --activation tanh --standardize-target --optimizer adam',
        '--lr 0.05 --epochs 100 --save-model price.safetensors --json',
      ),
    );
    expect(trained.code, trained.stderr).toBe(0);
    const json = JSON.parse(trained.stdout) as {
      model: { head: string; target: { mean: number; scale: number } };
    };
    expect(json.model.head).toBe('regression');
    expect(json.model.target.mean).toBeGreaterThan(30);
    const torch = await python('predict_sequential.py', [
      ...words('price.safetensors price.csv --hidden 6 --activation tanh --head regression'),
    ]);
    expect(torch.code, torch.stderr).toBe(0);
    const ours = await cli(words('predict --model price.safetensors --data price.csv --json'));
    expect(ours.code, ours.stderr).toBe(0);
    const values = (JSON.parse(ours.stdout) as { values: number[] }).values;
    // float64 forward on both sides, then the same z-score undone: values near 40, so 1e-12 relative
    checkClose(values, (JSON.parse(torch.stdout) as TorchPredictions).probabilities, {
      rtol: 1e-12,
      atol: 0,
      label: 'predict vs PyTorch, regression',
    });
  });
});
