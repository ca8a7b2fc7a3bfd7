import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeDataset, readTableText, splitDataset } from '../../src/data/index.ts';
import { checkClose } from '../helpers/check_close.ts';
import { cli as runCli, words } from '../helpers/cli.ts';
import { PYTHON, runPython, withTorch } from '../helpers/python.ts';

/**
 * K classes and regression from the command line, on scikit-learn's own iris and diabetes data
 * written as the CSV files users have, with scikit-learn scoring the same predictions.
 */
let dir = '';
const cli = (args: string[]) => runCli(args, { cwd: dir });
const python = (code: string) => runPython(PYTHON, ['-c', code], dir);

const WRITE_DATA = `
import csv
from sklearn.datasets import load_diabetes, load_iris
iris = load_iris()
with open("iris.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["sepal length", "sepal width", "petal length", "petal width", "species"])
    for x, t in zip(iris.data, iris.target):
        w.writerow(list(x) + [iris.target_names[t]])
diabetes = load_diabetes(scaled=False)
with open("diabetes.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(list(diabetes.feature_names) + ["progression"])
    for x, t in zip(diabetes.data, diabetes.target):
        w.writerow(list(x) + [t])
`;

/** scikit-learn's figures for predict's file: labels in column `label`, predictions in `predicted`. */
const SCORE = (kind: 'classes' | 'values') => `
import csv, json
from sklearn import metrics
rows = list(csv.DictReader(open("predictions.csv")))
label = [k for k in rows[0] if k not in ("predicted",) and not k.startswith("probability")][0]
truth = [r[label] for r in rows]
predicted = [r["predicted"] for r in rows]
if "${kind}" == "classes":
    classes = sorted(set(truth))
    print(json.dumps({
        "macroF1": metrics.f1_score(truth, predicted, average="macro"),
        "weightedF1": metrics.f1_score(truth, predicted, average="weighted"),
        "accuracy": metrics.accuracy_score(truth, predicted),
        "confusion": metrics.confusion_matrix(truth, predicted, labels=classes).tolist(),
    }))
else:
    t, p = [float(x) for x in truth], [float(x) for x in predicted]
    print(json.dumps({"mse": metrics.mean_squared_error(t, p), "r2": metrics.r2_score(t, p)}))
`;

describe.runIf(withTorch)('K classes and regression from the command line', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'webgpu-train-heads-'));
    const r = await python(WRITE_DATA);
    expect(r.code, r.stderr).toBe(0);
  });

  it('iris: three species are three classes; the confusion and macro F1 are scikit-learn’s on the same predictions', async () => {
    const flags = words(
      '--data iris.csv --label species --standardize --hidden 16 --split 0.7,0,0.3 --stratify',
    );
    const trained = await cli(['train', ...flags, '--json', '--save-model', 'iris.json']);
    expect(trained.code, trained.stderr).toBe(0);
    const json = JSON.parse(trained.stdout) as {
      model: { head: string; outputs: number; columns: { classes: string[] } };
      data: { classes: string[]; task: string };
      metrics: {
        test: {
          head: string;
          accuracy: number;
          macro: { f1: number };
          weighted: { f1: number };
          confusion: number[][];
        };
      };
      splitSizes: { test: number };
    };
    expect([json.model.head, json.model.outputs]).toEqual(['multiclass', 3]);
    expect(json.model.columns.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(json.data.task).toBe('classification');
    const test = json.metrics.test;
    expect(test.confusion).toHaveLength(3);
    expect(test.confusion.flat().reduce((a, b) => a + b, 0)).toBe(json.splitSizes.test);
    expect(test.accuracy).toBeGreaterThanOrEqual(0.9);

    // the test split's rows, cut as train cut them (splitDataset on the row numbers), through predict
    const text = readFileSync(join(dir, 'iris.csv'), 'utf8');
    const { dataset } = readTableText(text, { label: 'species' });
    const rowNumbers = makeDataset(
      Float64Array.from({ length: dataset.nSamples }, (_, i) => i),
      dataset.y,
      1,
    );
    const testRows = Array.from(
      splitDataset(rowNumbers, { train: 0.7, validation: 0, test: 0.3, stratify: true }).test.X,
    );
    const lines = text.trimEnd().split('\n');
    writeFileSync(
      join(dir, 'iris-test.csv'),
      [lines[0], ...testRows.map((i) => lines[i + 1])].join('\n') + '\n',
    );
    const predicted = await cli(
      words('predict --model iris.json --data iris-test.csv --out predictions.csv --json'),
    );
    expect(predicted.code, predicted.stderr).toBe(0);
    const header = readFileSync(join(dir, 'predictions.csv'), 'utf8').split('\n')[0];
    expect(header).toBe(
      'species,probability setosa,probability versicolor,probability virginica,predicted',
    );
    const sklearn = await python(SCORE('classes'));
    expect(sklearn.code, sklearn.stderr).toBe(0);
    const theirs = JSON.parse(sklearn.stdout) as {
      macroF1: number;
      weightedF1: number;
      accuracy: number;
      confusion: number[][];
    };
    // train's own figures for its test split are scikit-learn's on the same rows' predictions
    expect(test.confusion).toEqual(theirs.confusion);
    // ratios of the same counts summed in another order: a few ulp
    checkClose(
      [test.macro.f1, test.weighted.f1, test.accuracy],
      [theirs.macroF1, theirs.weightedF1, theirs.accuracy],
      { rtol: 1e-12, atol: 0, label: 'macro F1, weighted F1, accuracy vs scikit-learn' },
    );
  });

  it('diabetes: --task regression reports MSE and R², and predict writes values that scikit-learn scores the same', async () => {
    const trained = await cli(
      words(
        'train --data diabetes.csv --label progression --task regression --standardize --json',
        '--save-model diabetes.json',
      ),
    );
    expect(trained.code, trained.stderr).toBe(0);
    const json = JSON.parse(trained.stdout) as {
      model: { head: string };
      metrics: { train: { head: string; mse: number; r2: number } };
    };
    expect(json.model.head).toBe('regression');
    expect(json.metrics.train.head).toBe('regression');
    // a linear fit of the ten features explains about half the variance (scikit-learn's
    // LinearRegression on all 442 rows: R² 0.518)
    expect(json.metrics.train.r2).toBeGreaterThan(0.45);
    const predicted = await cli(
      words('predict --model diabetes.json --data diabetes.csv --out predictions.csv --json'),
    );
    expect(predicted.code, predicted.stderr).toBe(0);
    expect(readFileSync(join(dir, 'predictions.csv'), 'utf8').split('\n')[0]).toBe(
      'progression,predicted',
    );
    const ours = (JSON.parse(predicted.stdout) as { metrics: { mse: number; r2: number } }).metrics;
    const sklearn = await python(SCORE('values'));
    expect(sklearn.code, sklearn.stderr).toBe(0);
    const theirs = JSON.parse(sklearn.stdout) as { mse: number; r2: number };
    // predict's file writes each value in full (String(x) reads back the same double)
    checkClose([ours.mse, ours.r2], [theirs.mse, theirs.r2], {
      rtol: 1e-12,
      atol: 0,
      label: 'MSE, R² vs scikit-learn',
    });
  });

  it('says how it read a label column it decided on, and how to read it the other way', async () => {
    const text = await cli(words('train --data diabetes.csv --label progression --standardize'));
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /^label +progression: numbers to predict \(a regression\); --task classification reads them as classes$/m,
    );
    expect(text.stdout).toMatch(
      /^fit +MSE [\d.]+, RMSE [\d.]+, MAE [\d.]+, R² 0\.\d+ \(442 rows\)$/m,
    );
    const iris = await cli(words('train --data iris.csv --hidden 4 --epochs 5'));
    expect(iris.code, iris.stderr).toBe(0);
    expect(iris.stdout).toMatch(
      /^label +species: 3 classes, "setosa" → 0, "versicolor" → 1, "virginica" → 2$/m,
    );
    expect(iris.stdout).toMatch(/^model +4-4-3 tanh, softmax over 3 classes, cross-entropy$/m);
  });
});
