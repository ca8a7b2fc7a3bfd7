import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelFromSafetensors } from '../../src/model/serialize.ts';
import { checkClose } from '../helpers/check_close.ts';
import { cli as runCli, words } from '../helpers/cli.ts';
import { freePort, PYTHON, requireTorch, runPython, withTorch } from '../helpers/python.ts';
import { wdbcBytes } from '../helpers/wdbc.ts';

/**
 * `webgpu-train export --pytorch` against PyTorch itself: the script it writes, run by Debian's
 * python3-torch in float64, must follow webgpu-train's float64 reference step by step, on one
 * process and under torchrun with DistributedDataParallel.
 */
let dir = '';
const cli = (args: string[]) => runCli(args, { cwd: dir });

interface OurRun {
  losses: number[];
  epochsRun: number;
  /** null without early stopping */
  bestEpoch: number | null;
  stoppedEarly: boolean;
  epochLosses: { train: (number | null)[]; validation: (number | null)[]; test: (number | null)[] };
}

interface ScriptRun {
  step_losses: number[];
  epoch_losses: {
    train: (number | null)[];
    validation: (number | null)[];
    test: (number | null)[];
  };
  epochs_run: number;
  best_epoch: number;
  stopped_early: boolean;
}

async function ourRun(flags: string[]): Promise<OurRun> {
  const r = await cli(['train', ...flags, '--backend', 'cpu', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as OurRun;
}

async function runScript(command: string, args: string[], losses: string): Promise<ScriptRun> {
  const r = await runPython(command, [...args, '--losses', losses], dir);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(readFileSync(join(dir, losses), 'utf8')) as ScriptRun;
}

async function probabilities(model: string, data: string): Promise<number[]> {
  const r = await cli(['predict', '--model', model, '--data', data, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { probabilities: number[] }).probabilities;
}

// float64 on both sides: the sums run in other orders (2.5e-15 measured over the mini-batch run)
const F64 = { rtol: 1e-9, atol: 0 };

function expectSameRun(script: ScriptRun, ours: OurRun, label: string): void {
  checkClose(script.step_losses.slice(0, 50), ours.losses.slice(0, 50), {
    ...F64,
    label: `${label}: first 50 step losses`,
  });
  checkClose(script.step_losses, ours.losses, { ...F64, label: `${label}: every step loss` });
  expect(script.epochs_run, label).toBe(ours.epochsRun);
  // the script names the epoch it kept: the last one, without early stopping
  expect(script.best_epoch, label).toBe(ours.bestEpoch ?? ours.epochsRun - 1);
  expect(script.stopped_early, label).toBe(ours.stoppedEarly);
  for (const split of ['train', 'validation', 'test'] as const) {
    // an empty split has no loss: null on both sides
    // ours lists every epoch asked for, null for those not run
    const [theirs, mine] = [
      script.epoch_losses[split],
      ours.epochLosses[split].slice(0, ours.epochsRun),
    ];
    if (mine.every((x) => x === null)) expect(theirs.every((x) => x === null)).toBe(true);
    else
      checkClose(
        theirs.map((x) => x ?? NaN),
        mine.map((x) => x ?? NaN),
        { ...F64, label: `${label}: ${split} losses` },
      );
  }
}

describe('webgpu-train export --pytorch', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'webgpu-train-export-'));
    for (const args of [
      words('make-moons --n-samples 240 --noise 0.25 --random-state 17 --out', 'moons.csv'),
      words('make-moons --n-samples 240 --noise 0.25 --random-state 18 --out', 'other.csv'),
      words(
        'make-classification --n-samples 150 --n-features 3 --n-informative 3',
        '--n-redundant 0 --random-state 9 --out three.csv',
      ),
      words(
        'make-blobs --n-samples 150 --centers 4 --n-features 3 --random-state 4 --out four.csv',
      ),
    ]) {
      const r = await cli(['data', ...args]);
      expect(r.code, r.stderr).toBe(0);
    }
    const rows = Array.from({ length: 90 }, (_, i) => {
      const [a, b] = [Math.sin(i * 0.9) * 2, Math.cos(i * 0.4)];
      return `${a},${b},${(20 + 6 * a - 3 * b + Math.sin(i * 7)).toFixed(3)}`;
    });
    writeFileSync(join(dir, 'price.csv'), `x0,x1,price\n${rows.join('\n')}\n`);
  });

  it('refuses a script name or a model file the script cannot write', async () => {
    const cases: [string[], RegExp][] = [
      [['--pytorch', 'run.txt'], /--pytorch run\.txt: the script's name should end in \.py/],
      [['--pytorch', 'run.py', '--save-model', 'm.json'], /the PyTorch script saves safetensors/],
      [
        ['--pytorch', 'run.py', '--hidden', '8', '--patience', '3'],
        /--patience stops on the validation loss/,
      ],
      [
        ['--pytorch', 'run.py', '--backend', 'webgpu', '--precision', 'f64'],
        /--precision: the webgpu backend computes in f32 only/,
      ],
    ];
    for (const [flags, message] of cases) {
      const r = await cli(['export', '--data', 'moons.csv', ...flags]);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
      expect(existsSync(join(dir, 'run.py'))).toBe(false);
    }
  });

  describe.runIf(withTorch)('the script, run by PyTorch', () => {
    beforeAll(requireTorch);

    // mini-batches drawn per epoch, a stratified split, extra features, Adam and early stopping
    const minibatch = [
      ...words('--data moons.csv --hidden 6,4 --activation tanh --features x2,sinx'),
      ...words('--optimizer adam --lr 0.02 --batch-size 16 --epochs 40 --shuffle-seed', '5'),
      ...words('--split 0.6,0.2,0.2 --stratify --split-seed 3 --patience 4'),
      ...words('--seed 7 --backend cpu --precision f64'),
    ];

    it("repeats a mini-batch Adam run with a stratified split and early stopping: PyTorch's float64 run follows webgpu-train's, step by step", async () => {
      const exported = await cli([
        'export',
        '--pytorch',
        'minibatch.py',
        ...minibatch,
        '--save-model',
        'torch.safetensors',
      ]);
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stdout).toMatch(
        /^wrote minibatch\.py: nn\.Sequential\(nn\.Linear\(4, 6\), nn\.Tanh\(\)/,
      );
      const ours = await ourRun([...minibatch, '--save-model', 'ours.safetensors']);
      expect(ours.losses.length).toBeGreaterThan(50);
      expect(ours.stoppedEarly).toBe(true);
      const script = await runScript(PYTHON, ['minibatch.py'], 'minibatch.json');
      expectSameRun(script, ours, 'one process');
      // the model it saved is the one webgpu-train kept, and predict reads it
      checkClose(
        await probabilities('torch.safetensors', 'moons.csv'),
        await probabilities('ours.safetensors', 'moons.csv'),
        {
          rtol: 0,
          atol: 1e-9,
          label: 'predictions of the two models',
        },
      );
    });

    it('runs under torchrun --nproc_per_node=2 (DistributedDataParallel, gloo) to the same losses, and predict scores its model', async () => {
      const exported = await cli([
        'export',
        '--pytorch',
        'ddp.py',
        ...minibatch,
        '--save-model',
        'ddp.safetensors',
      ]);
      expect(exported.code, exported.stderr).toBe(0);
      const ours = await ourRun(minibatch);
      // --redirects/--tee: Debian's torch 1.13 cannot parse torchrun's default of 0 under Python 3.11 (pytorch/pytorch#92319)
      const port = String(await freePort());
      const torchrun = [
        ...words('--nproc_per_node=2 --redirects 2 --tee 2 --master_addr 127.0.0.1'),
        ...['--master_port', port, 'ddp.py'],
      ];
      const script = await runScript('torchrun', torchrun, 'ddp.json');
      expectSameRun(script, ours, 'two processes');
      const r = await cli(words('predict --model ddp.safetensors --data moons.csv --json'));
      expect(r.code, r.stderr).toBe(0);
      expect(
        (JSON.parse(r.stdout) as { metrics: { accuracy: number } }).metrics.accuracy,
      ).toBeGreaterThan(0.9);
    }, 120_000);

    it('repeats a full-batch run with a plain split and Nesterov momentum with weight decay, in float64 and in float32', async () => {
      const flags = words(
        '--data three.csv --hidden 5 --activation sigmoid --optimizer nesterov',
        '--momentum 0.8 --weight-decay 0.01 --lr 0.3 --split 0.7,0.3,0',
        '--split-seed 1 --epochs 60',
      );
      const exported = await cli(['export', '--pytorch', 'fullbatch.py', ...flags]);
      expect(exported.code, exported.stderr).toBe(0);
      const f64 = await runScript(
        PYTHON,
        ['fullbatch.py', '--dtype', 'float64', '--out', 'f64.safetensors'],
        'f64.json',
      );
      expectSameRun(f64, await ourRun([...flags, '--precision', 'f64']), 'float64');
      // float32 on both sides: PyTorch takes logs of σ(z), the reference works from the logit (6.5e-7 elsewhere)
      const f32 = await runScript(PYTHON, ['fullbatch.py', '--out', 'f32.safetensors'], 'f32.json');
      const ours32 = await ourRun(flags);
      checkClose(f32.step_losses, ours32.losses, {
        rtol: 1e-6,
        atol: 0,
        label: 'float32 step losses',
      });
    });

    it('repeats L1 and L2 regularization from the same initial params: the penalty in the loss PyTorch descends gives the same steps, in float64, and on WebGPU in float32', async () => {
      const runs = [
        ['l1', words('--regularization l1 --regularization-rate 0.01 --optimizer sgd --lr 0.3')],
        ['l2', words('--regularization l2 --regularization-rate 0.05 --optimizer adam --lr 0.03')],
      ] as const;
      for (const [kind, penalty] of runs) {
        const flags = [
          ...words('--data moons.csv --hidden 4 --activation tanh --batch-size 60 --epochs 25'),
          ...words('--shuffle-seed 2 --seed 5'),
          ...penalty,
        ];
        const script = `${kind}.py`;
        const exported = await cli(['export', '--pytorch', script, ...flags]);
        expect(exported.code, exported.stderr).toBe(0);
        const f64 = await runScript(
          PYTHON,
          [script, '--dtype', 'float64', '--out', `${kind}-64.safetensors`],
          `${kind}-64.json`,
        );
        expectSameRun(
          f64,
          await ourRun([
            ...flags,
            '--precision',
            'f64',
            '--save-model',
            `${kind}-ours.safetensors`,
          ]),
          `${kind}, float64`,
        );
        // the params each kept, as saved: in float64 both sides sum in other orders (2.5e-15 elsewhere)
        const params = (file: string) =>
          modelFromSafetensors(new Uint8Array(readFileSync(join(dir, file)))).params;
        checkClose(params(`${kind}-64.safetensors`), params(`${kind}-ours.safetensors`), {
          rtol: 0,
          atol: 1e-9,
          label: `${kind}: the params`,
        });
        // float32: the kernels on WebGPU against PyTorch, as test/engine/vs_torch.test.ts holds
        // them (BCE from the logit against log σ, other sums; 1.05e-6 worst there)
        const f32 = await runScript(
          PYTHON,
          [script, '--out', `${kind}-32.safetensors`],
          `${kind}-32.json`,
        );
        const gpu = await cli(['train', ...flags, '--backend', 'webgpu', '--json']);
        expect(gpu.code, gpu.stderr).toBe(0);
        checkClose(f32.step_losses, (JSON.parse(gpu.stdout) as OurRun).losses, {
          rtol: 2e-6,
          atol: 0,
          label: `${kind}: float32 step losses, WebGPU against PyTorch`,
        });
      }
    }, 120_000);

    it("repeats a run on a user's CSV: the columns by --label and --ignore, M/B labels, --standardize fitted on the training split", async () => {
      writeFileSync(join(dir, 'wdbc.csv'), wdbcBytes());
      const flags = words(
        '--data wdbc.csv --label diagnosis --ignore id --standardize --hidden 3',
        '--optimizer momentum --lr 0.05 --batch-size 64 --epochs 12',
        '--split 0.6,0.2,0.2 --stratify --patience 3 --backend cpu --precision f64',
      );
      const exported = await cli([
        'export',
        '--pytorch',
        'wdbc.py',
        ...flags,
        '--save-model',
        'wdbc-torch.safetensors',
      ]);
      expect(exported.code, exported.stderr).toBe(0);
      const ours = await ourRun([...flags, '--save-model', 'wdbc-ours.safetensors']);
      const script = await runScript(PYTHON, ['wdbc.py'], 'wdbc.json');
      expectSameRun(script, ours, 'wdbc');
      // PyTorch's model carries the columns and the z-score, so predict reads files as training did
      const torchModel = modelFromSafetensors(
        new Uint8Array(readFileSync(join(dir, 'wdbc-torch.safetensors'))),
      );
      const ourModel = modelFromSafetensors(
        new Uint8Array(readFileSync(join(dir, 'wdbc-ours.safetensors'))),
      );
      expect(torchModel.standardization).toEqual(ourModel.standardization);
      expect(torchModel.columns).toEqual(ourModel.columns);
      checkClose(
        await probabilities('wdbc-torch.safetensors', 'wdbc.csv'),
        await probabilities('wdbc-ours.safetensors', 'wdbc.csv'),
        { rtol: 0, atol: 1e-9, label: 'predictions of the two models' },
      );
    });

    it('stops when the CSV is not the one the split was drawn from', async () => {
      const exported = await cli(['export', '--pytorch', 'check.py', ...minibatch]);
      expect(exported.code, exported.stderr).toBe(0);
      const r = await runPython(
        PYTHON,
        ['check.py', '--data', 'other.csv', '--out', 'never.safetensors'],
        dir,
      );
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(
        /the split is not webgpu-train's: is this the CSV the script was made for\?/,
      );
      expect(existsSync(join(dir, 'never.safetensors'))).toBe(false);
    });

    for (const [name, flags] of [
      [
        'a 4-class softmax with mini-batches and a stratified split (CrossEntropyLoss on class indices)',
        words(
          '--data four.csv --hidden 6 --activation tanh --optimizer adam --lr 0.03',
          '--batch-size 20 --epochs 8 --split 0.7,0.3,0 --stratify --split-seed 2 --seed 3',
        ),
      ],
      [
        'a regression on a standardized target, full batch (MSELoss)',
        words(
          '--data price.csv --hidden 4 --activation tanh --standardize --standardize-target',
          '--optimizer momentum --lr 0.05 --epochs 40 --split 0.8,0,0.2 --seed 2',
        ),
      ],
    ] as const) {
      it(`repeats ${name}: PyTorch's float64 run follows webgpu-train's, step by step`, async () => {
        const file = `${flags[1]?.replace('.csv', '')}.py`;
        const run = [...flags, '--backend', 'cpu', '--precision', 'f64'];
        const exported = await cli(['export', '--pytorch', file, ...run]);
        expect(exported.code, exported.stderr).toBe(0);
        const ours = await ourRun(run);
        const script = await runScript(PYTHON, [file], `${file}.json`);
        expectSameRun(script, ours, name);
      });
    }
  });
});
