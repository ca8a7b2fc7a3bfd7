import { mkdtempSync, readFileSync } from 'node:fs';
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
});
