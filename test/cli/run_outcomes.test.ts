import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCsv, makeDataset, parseCsv } from '../../src/data/index.ts';
import { decodeSafetensors, modelFromJson } from '../../src/model/index.ts';
import { checkClose } from '../helpers/check_close.ts';
import { cli as runCli, words } from '../helpers/cli.ts';

let dir = '';
const cli = (args: string[]) => runCli(args, { cwd: dir });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'webgpu-train-outcomes-'));
  // features near 3e37 with lr 1e6: the first update overflows float32
  const X = Float64Array.from({ length: 64 }, (_, i) => (i % 3 === 0 ? 3e37 : -2e37));
  const y = Int32Array.from({ length: 64 }, (_, i) => i % 2);
  writeFileSync(join(dir, 'huge.csv'), formatCsv(makeDataset(X, y, 1)));
  for (const args of [
    words('make-moons --n-samples 200 --noise 0.25 --random-state 11 --out', 'moons.csv'),
    words('make-classification --n-samples 120 --n-features 30 --random-state 4', '--out wide.csv'),
  ]) {
    const r = await cli(['data', ...args]);
    expect(r.code, r.stderr).toBe(0);
  }
});

/** Mean BCE of probabilities p against labels y, in float64. */
function bce(p: readonly number[], y: ArrayLike<number>): number {
  let sum = 0;
  p.forEach((pi, i) => (sum -= y[i] === 1 ? Math.log(pi) : Math.log(1 - pi)));
  return sum / p.length;
}

describe('a run that diverges', () => {
  it("exits 1 with no hidden layer (the tutorial's model), on WebGPU and on the CPU, with one line that says so", async () => {
    for (const backend of ['webgpu', 'cpu']) {
      const r = await cli([
        'train',
        '--data',
        'huge.csv',
        '--lr',
        '1e6',
        '--steps',
        '5',
        '--backend',
        backend,
      ]);
      expect(r.code, `${backend}: ${r.stderr}`).toBe(1);
      expect(r.stdout).toMatch(
        /^diverged +the loss or the weights stopped being finite at step \d/m,
      );
      // features this large also bring the scale warning, before the run
      expect(r.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^webgpu-train: warning: x0 reaches 3e\+37; .* add --standardize/),
        expect.stringMatching(
          /^webgpu-train: the run diverged: .* at step \d+\. A smaller --lr may help$/,
        ),
      ]);
    }
  });

  // a linear activation: tanh would saturate and keep the CPU's float32 params finite
  it('exits 1 with a hidden layer, writes no model, says why, and prints no metrics from non-finite params', async () => {
    for (const backend of ['webgpu', 'cpu']) {
      const model = `diverged-${backend}.json`;
      const diverging = [
        'train',
        '--data',
        'huge.csv',
        '--hidden',
        '3',
        '--activation',
        'linear',
        '--lr',
        '1e6',
        '--epochs',
        '4',
        '--backend',
        backend,
      ];
      const r = await cli([...diverging, '--save-model', model]);
      expect(r.code, `${backend}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(`the run diverged: .* at step \\d+; --save-model ${model} was not written`),
      );
      expect(existsSync(join(dir, model))).toBe(false);
      expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
      expect(r.stdout).toMatch(/^diverged +/m);
      expect(r.stdout).not.toMatch(/accuracy|^loss/m);
      const json = await cli([...diverging, '--json']);
      expect(json.code).toBe(1);
      expect(
        (JSON.parse(json.stdout) as { firstBadStep: number | null }).firstBadStep,
      ).not.toBeNull();
    }
  });
});

describe('the summary', () => {
  it("after early stopping shows the kept epoch's losses and names that epoch", async () => {
    const args = words(
      'train --data moons.csv --backend cpu --hidden 16 --optimizer adam --lr',
      '0.2 --batch-size 8 --epochs 200 --split 0.5,0.25,0.25 --patience 3',
    );
    const summary = await cli(args);
    const run = await cli([...args, '--json']);
    expect(summary.code, summary.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as {
      stoppedEarly: boolean;
      bestEpoch: number;
      epochsRun: number;
      epochLosses: { train: number[]; validation: number[]; test: number[] };
    };
    expect(json.stoppedEarly).toBe(true);
    const kept = json.bestEpoch;
    expect(kept).toBeLessThan(json.epochsRun - 1);
    expect(summary.stdout).toContain(`stopped early (best epoch ${kept + 1})`);
    const line = new RegExp(
      `^loss +epoch ${kept + 1}, the one kept \\(best validation loss\\): train (\\S+), validation (\\S+), test (\\S+)$`,
      'm',
    ).exec(summary.stdout);
    expect(line, summary.stdout).not.toBeNull();
    const shown = line!.slice(1, 4).map(Number);
    const { train, validation, test } = json.epochLosses;
    // the summary prints 6 significant digits
    checkClose(shown, [train[kept]!, validation[kept]!, test[kept]!], {
      rtol: 5e-6,
      atol: 0,
      label: 'kept epoch losses',
    });
    expect(Math.abs(shown[1]! - validation.at(-1)!)).toBeGreaterThan(1e-5);
  });

  it('calls a model with no hidden layer that, with no activation', async () => {
    const r = await cli(words('train --data wide.csv --backend cpu --batch-size 20 --epochs 3'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^model +30-1, no hidden layer$/m);
    expect(r.stdout).not.toMatch(/30-1 tanh/);
  });
});

describe('model files from the command line', () => {
  /** A 2-5-3-1 relu model with extra features, trained briefly and saved as start.json. */
  const saveStartModel = () =>
    cli(
      words(
        'train --data moons.csv --backend cpu --hidden 5,3 --activation relu',
        '--features x2,sinx --epochs 30 --save-model start.json',
      ),
    );

  it('keeps every bit of a float64 run through safetensors (F64 tensors), as JSON does', async () => {
    const args = words(
      'train --data moons.csv --backend cpu --precision f64 --hidden 5',
      '--optimizer momentum --epochs 20 --json',
    );
    const r = await cli([...args, '--save-model', 'f64.safetensors']);
    expect(r.code, r.stderr).toBe(0);
    const trained = (JSON.parse(r.stdout) as { model: { params: number[] } }).model.params;
    expect(trained.some((p) => Math.fround(p) !== p)).toBe(true);
    const file = decodeSafetensors(
      new Uint8Array(readFileSync(join(dir, 'f64.safetensors'))),
      'f64',
    );
    expect([...file.tensors.values()].map((t) => t.dtype)).toEqual(['F64', 'F64', 'F64', 'F64']);
    expect([...file.tensors.values()].flatMap((t) => [...t.values])).toEqual(trained);
    expect((await cli([...args, '--save-model', 'f64.json'])).code).toBe(0);
    const [fromSafetensors, fromJson] = await Promise.all(
      ['f64.safetensors', 'f64.json'].map(async (model) => {
        const p = await cli(['predict', '--model', model, '--data', 'moons.csv', '--json']);
        expect(p.code, p.stderr).toBe(0);
        return (JSON.parse(p.stdout) as { probabilities: number[] }).probabilities;
      }),
    );
    expect(fromSafetensors).toEqual(fromJson);
  });

  it('--init-model takes the layers, activation, features and params from the file', async () => {
    const save = await saveStartModel();
    expect(save.code, save.stderr).toBe(0);
    const start = modelFromJson(readFileSync(join(dir, 'start.json'), 'utf8'));
    const r = await cli(
      words(
        'train --data moons.csv --backend cpu --precision f64 --init-model',
        'start.json --epochs 2 --json',
      ),
    );
    expect(r.code, r.stderr).toBe(0);
    const run = JSON.parse(r.stdout) as { losses: number[]; model: typeof start };
    expect(start).toMatchObject({ hidden: [5, 3], activation: 'relu', features: ['x2', 'sinx'] });
    expect(run.model).toMatchObject({
      hidden: start.hidden,
      activation: start.activation,
      features: start.features,
    });
    // the first full-batch loss is the saved model's loss on the data: its params were the start
    const p = await cli(['predict', '--model', 'start.json', '--data', 'moons.csv', '--json']);
    const probabilities = (JSON.parse(p.stdout) as { probabilities: number[] }).probabilities;
    const y = parseCsv(readFileSync(join(dir, 'moons.csv'), 'utf8')).y;
    checkClose(run.losses[0]!, bce(probabilities, y), {
      rtol: 1e-12,
      atol: 0,
      label: 'first loss',
    });
    const summary = await cli(words('train --data moons.csv --init-model start.json --epochs 2'));
    expect(summary.stdout).toMatch(/^model +4-5-3-1 relu, features x2,sinx$/m);
    // flags that agree with the file are fine
    const agreeing = await cli(
      words(
        'train --data moons.csv --init-model start.json --hidden 5,3',
        '--activation relu --features x2,sinx --epochs 1 --backend cpu',
      ),
    );
    expect(agreeing.code, agreeing.stderr).toBe(0);
  });

  it("--init-model keeps the file's standardization: the run starts where the model stood, on its z-scores", async () => {
    const save = await cli(
      words(
        'train --data wide.csv --backend cpu --precision f64 --standardize --hidden 4',
        '--epochs 20 --save-model standardized.json',
      ),
    );
    expect(save.code, save.stderr).toBe(0);
    const start = modelFromJson(readFileSync(join(dir, 'standardized.json'), 'utf8'));
    expect(start.standardization?.mean).toHaveLength(30);
    const r = await cli(
      words(
        'train --data wide.csv --backend cpu --precision f64 --init-model standardized.json',
        '--epochs 2 --save-model continued.json --json',
      ),
    );
    expect(r.code, r.stderr).toBe(0);
    const run = JSON.parse(r.stdout) as { losses: number[]; standardization: unknown };
    // predict applies the file's z-score: the first loss of the run is the model's loss there
    const p = await cli([
      'predict',
      '--model',
      'standardized.json',
      '--data',
      'wide.csv',
      '--json',
    ]);
    const probabilities = (JSON.parse(p.stdout) as { probabilities: number[] }).probabilities;
    const y = parseCsv(readFileSync(join(dir, 'wide.csv'), 'utf8')).y;
    checkClose(run.losses[0]!, bce(probabilities, y), {
      rtol: 1e-12,
      atol: 0,
      label: 'first loss',
    });
    expect(run.standardization).toEqual(start.standardization);
    const continued = modelFromJson(readFileSync(join(dir, 'continued.json'), 'utf8'));
    expect(continued.standardization).toEqual(start.standardization);
    const summary = await cli(
      words('train --data wide.csv --backend cpu --init-model standardized.json --epochs 1'),
    );
    expect(summary.stdout).toMatch(/^standardize z-score of --init-model standardized\.json$/m);
    expect(summary.stderr).not.toMatch(/warning/);
  });

  it('--init-model refuses a flag that conflicts with the file, naming both', async () => {
    // its own start.json, not another test's
    const save = await saveStartModel();
    expect(save.code, save.stderr).toBe(0);
    writeFileSync(join(dir, 'three.csv'), 'x0,x1,x2,y\n1,2,3,0\n3,2,1,1\n');
    const cases: [string[], RegExp][] = [
      [
        ['--hidden', '8'],
        /--hidden 8 conflicts with --init-model start\.json, whose model has hidden layers 5,3/,
      ],
      [
        ['--hidden', 'none'],
        /--hidden none conflicts with --init-model start\.json, whose model has hidden layers 5,3/,
      ],
      [
        ['--activation', 'tanh'],
        /--activation tanh conflicts with --init-model start\.json, whose model uses relu/,
      ],
      [
        ['--features', 'xy'],
        /--features xy conflicts with --init-model start\.json, whose model takes the features x2,sinx/,
      ],
      [
        ['--seed', '3'],
        /--seed 3 conflicts with --init-model start\.json, which gives the initial params/,
      ],
    ];
    for (const [flags, message] of cases) {
      const r = await cli(['train', '--data', 'moons.csv', '--init-model', 'start.json', ...flags]);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
    }
    const raw = await cli(
      words('train --data moons.csv --init-model start.json --standardize --backend cpu'),
    );
    expect(raw.code).toBe(2);
    expect(raw.stderr.trim()).toBe(
      'webgpu-train: --standardize conflicts with --init-model start.json, whose model takes raw features, not z-scores',
    );
    const wrongData = await cli(['train', '--data', 'three.csv', '--init-model', 'start.json']);
    expect(wrongData.code).toBe(2);
    expect(wrongData.stderr).toMatch(
      /--data three\.csv has 3 features, but the model of --init-model start\.json takes 2/,
    );
  });
});
