import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, type Dataset } from '../../src/data/index.ts';
import { checkClose } from '../helpers/check_close.ts';
import { cli, words } from '../helpers/cli.ts';
import { readFixture } from '../helpers/fixtures.ts';
import { testFolder } from '../helpers/test_folder.ts';

/**
 * The generators feed every head end to end: `webgpu-train data …` writes a file and
 * `webgpu-train train --data` on it picks the head from the label column, on WebGPU and the CPU.
 */

/** What these tests read of `train --json`. */
interface TrainJson {
  accuracy: number;
  model: { head: string; outputs: number; columns: { classes: string[] | null } };
  metrics: {
    train: { head: string; accuracy?: number; confusion?: number[][]; r2?: number; mse?: number };
  };
  backend: string;
}

async function makeData(folder: string, name: string, args: string): Promise<string> {
  const out = join(folder, `${name}.csv`);
  const r = await cli(['data', ...words(args), '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

async function train(file: string, args: string): Promise<TrainJson> {
  const r = await cli(['train', '--data', file, ...words(args), '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as TrainJson;
}

/**
 * The accuracy of the nearest class mean (each row to the class whose mean of rows is closest):
 * an independent, near-optimal rule for Gaussian classes of equal spread, the floor a trained
 * MLP should reach on the same rows.
 */
function nearestMeanAccuracy({ X, y, nSamples: N, nFeatures: D }: Dataset): number {
  const K = Math.max(...y) + 1;
  const means = new Float64Array(K * D);
  const counts = new Float64Array(K);
  for (let i = 0; i < N; i++) {
    const k = y[i] as number;
    counts[k] = (counts[k] as number) + 1;
    for (let j = 0; j < D; j++)
      means[k * D + j] = (means[k * D + j] as number) + (X[i * D + j] as number);
  }
  means.forEach((m, i) => (means[i] = m / (counts[Math.floor(i / D)] as number)));
  let right = 0;
  for (let i = 0; i < N; i++) {
    let best = -1;
    let bestDistance = Infinity;
    for (let k = 0; k < K; k++) {
      let d = 0;
      for (let j = 0; j < D; j++)
        d += ((X[i * D + j] as number) - (means[k * D + j] as number)) ** 2;
      if (d < bestDistance) [best, bestDistance] = [k, d];
    }
    right += best === y[i] ? 1 : 0;
  }
  return right / N;
}

const MLP = '--hidden 8 --optimizer adam --lr 0.05 --epochs 200';

describe('K-class data from the generators trains a softmax', () => {
  const runs = [
    {
      what: 'make-blobs --centers 4 (spread 0.5)',
      args: 'make-blobs --centers 4 --n-samples 400 --cluster-std 0.5 --random-state 0',
      K: 4,
    },
    {
      what: 'make-classification --n-classes 3 (one cluster a class, class_sep 2)',
      args:
        'make-classification --n-classes 3 --n-samples 300 --n-features 4 --n-informative 3 ' +
        '--n-redundant 0 --n-clusters-per-class 1 --class-sep 2 --random-state 0',
      K: 3,
    },
  ];
  for (const { what, args, K } of runs) {
    it(`${what}: ${K} outputs on WebGPU and the CPU, as accurate as the nearest class mean`, async () => {
      const file = await makeData(testFolder(), 'classes', args);
      const data = parseCsv(readFileSync(file, 'utf8'));
      const floor = nearestMeanAccuracy(data);
      // the generators put the classes far apart here: the rule itself gets nearly every row
      expect(floor).toBeGreaterThan(0.95);
      for (const backend of ['webgpu', 'cpu']) {
        const result = await train(file, `${MLP} --backend ${backend}`);
        expect(result.backend).toBe(backend);
        expect(result.model.head).toBe('multiclass');
        expect(result.model.outputs).toBe(K);
        expect(result.model.columns.classes).toEqual(Array.from({ length: K }, (_, k) => `${k}`));
        const { train: metrics } = result.metrics;
        expect(metrics.head).toBe('multiclass');
        expect(metrics.confusion?.length).toBe(K);
        expect(metrics.confusion?.flat().reduce((a, b) => a + b, 0)).toBe(data.nSamples);
        // one row in a hundred of slack for a boundary drawn by 200 steps of Adam
        expect(metrics.accuracy, backend).toBeGreaterThanOrEqual(floor - 0.01);
      }
    });
  }
});

describe('regression data from the generators trains a regression head', () => {
  it("data make-regression writes scikit-learn 1.2.1's rows for the same arguments", async () => {
    const c = readFixture<{
      cases: { what: string; X: number[][]; y: number[] }[];
    }>('sklearn/make_regression.json').cases.find((k) => k.what === 'noise and bias');
    expect(c).toBeDefined();
    const file = await makeData(
      testFolder(),
      'regression',
      'make-regression --n-samples 50 --n-features 5 --n-informative 3 --noise 1.5 --bias 10 --random-state 1',
    );
    const data = parseCsv(readFileSync(file, 'utf8'));
    expect(data.y).toBeInstanceOf(Float64Array);
    // as test/data/make_regression.test.ts holds them: glibc's log and BLAS's order of sums
    checkClose(data.X, c?.X.flat() ?? [], { rtol: 0, atol: 1e-12, label: 'X' });
    checkClose(data.y, c?.y ?? [], { rtol: 0, atol: 1e-9, label: 'y' });
  });

  it('make-regression with noise 1 and the noiseless plane: one output, the error at the noise', async () => {
    const folder = testFolder();
    const regression = await makeData(
      folder,
      'regression',
      'make-regression --n-samples 200 --n-features 5 --n-informative 3 --noise 1 --random-state 0',
    );
    const plane = await makeData(folder, 'plane', 'regress-plane --n-samples 200 --random-state 0');
    for (const backend of ['webgpu', 'cpu']) {
      const fit = await train(
        regression,
        `--optimizer adam --lr 0.05 --epochs 300 --standardize-target --backend ${backend}`,
      );
      expect(fit.model.head).toBe('regression');
      expect(fit.model.outputs).toBe(1);
      // a linear model fits y = X·coef + noise: its MSE falls to about the noise's variance, 1
      expect(fit.metrics.train.mse).toBeLessThan(1.3);
      const flat = await train(
        plane,
        `--optimizer adam --lr 0.05 --epochs 300 --backend ${backend}`,
      );
      expect(flat.metrics.train.head).toBe('regression');
      // the plane's target is exactly (x + y) / 10: a linear model fits it all but exactly
      expect(flat.metrics.train.r2).toBeGreaterThan(0.9999);
    }
  });
});
