import { describe, expect, it } from 'vitest';
import { accuracyOf } from '../../src/api/result.ts';
import { makeBlobs, readTableText, regressPlane } from '../../src/data/index.ts';
import { train } from '../../src/train.ts';
import type { OpenPage } from '../helpers/page.ts';
import { useBuiltPage } from './built_page.ts';

// K classes and regression on the page, in headless Chromium on SwiftShader
const openPage = useBuiltPage();

const SPECIES = ['setosa', 'versicolor', 'virginica'];

/** Three blobs as a user's file has them: two measurements and a species named in words. */
function threeClassCsv(): string {
  const blobs = makeBlobs({ nSamples: 150, centers: 3, clusterStd: 1.2, randomState: 3 });
  const rows = Array.from(
    { length: blobs.nSamples },
    (_, i) =>
      `${(blobs.X[2 * i] as number).toFixed(4)},${(blobs.X[2 * i + 1] as number).toFixed(4)},${SPECIES[blobs.y[i] as number]}`,
  );
  return `length,width,species\n${rows.join('\n')}\n`;
}

/** A plane to learn, y = (x + z) / 10 plus a little noise, as TensorFlow Playground's plane set. */
function planeCsv(): string {
  const rows = Array.from({ length: 200 }, (_, i) => {
    const x = ((i * 37) % 120) / 10 - 6;
    const z = ((i * 53) % 110) / 10 - 5.5;
    const noise = Math.sin(i * 12.9898) * 0.02;
    return `${x},${z},${((x + z) / 10 + noise).toFixed(6)}`;
  });
  return `x,z,target\n${rows.join('\n')}\n`;
}

const load = async (page: OpenPage, name: string, text: string) => {
  await page.page.setInputFiles('[data-testid=csv-input]', {
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(text),
  });
};

const headers = (page: OpenPage, table: string) =>
  page.page.locator(`[data-testid=${table}] thead th`).allTextContents();

describe('K classes on the page', () => {
  it('trains a 3-class CSV: a softmax over 3 outputs, a colour a class, a 3×3 confusion, and the accuracy train() gives', async () => {
    const page = await openPage('?hidden=8&epochs=300&lr=0.3&speed=max');
    try {
      await page.waitForText('data-summary', /^100 samples/);
      await load(page, 'species.csv', threeClassCsv());
      await page.waitForText(
        'data-summary',
        /^150 samples × 2 features, 3 classes: "setosa": 50, "versicolor": 50, "virginica": 50$/,
      );
      expect(await page.page.inputValue('[data-testid=problem]')).toBe('classification');
      // the network's output: one node a class, each named
      for (const k of [1, 2, 3])
        expect(await page.page.isVisible(`[data-testid=output-heatmap-${k}]`), `output ${k}`).toBe(
          true,
        );
      expect(await page.page.locator('[data-testid=output-heatmap-4]').count()).toBe(0);
      expect(await page.page.locator('.node.output .node-label').allTextContents()).toEqual(
        SPECIES,
      );
      await page.page.click('[data-testid=train]');
      await page.waitForState('done');
      expect(await headers(page, 'metrics')).toEqual([
        'split',
        'n',
        'accuracy',
        'macro F1',
        'weighted F1',
        'log loss',
      ]);
      expect(await page.page.locator('[data-testid=confusion] tbody tr').count()).toBe(3);
      expect(await page.text('weights')).toBe(
        '2-8-3 tanh, softmax over 3 classes, cross-entropy, 51 params',
      );
      // the same run through train() on the file read in Node: the same accuracy, within a row
      // (the page ran on WebGPU in float32, the reference on the CPU)
      const table = readTableText(threeClassCsv(), { source: 'species.csv' });
      const reference = await train(table.dataset, {
        backend: 'cpu',
        hidden: [8],
        lr: 0.3,
        epochs: 300,
      });
      const shown = Number(/^([\d.]+) %/.exec(await page.text('accuracy'))?.[1]) / 100;
      expect(Math.abs(shown - (accuracyOf(reference.metrics.train) ?? NaN))).toBeLessThanOrEqual(
        1 / 150 + 1e-9,
      );
      expect(await page.text('live-accuracy')).toMatch(/^\d+\.\d % train, epoch 300$/);
      expect(page.errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});

describe('regression on the page', () => {
  it("trains TensorFlow Playground's plane: Problem type regression offers it, and the page shows the R² train() gives", async () => {
    const page = await openPage('?problem=regression&lr=0.01&speed=max');
    try {
      await page.waitForText('data-summary', /^100 samples × 2 features, a number to predict/);
      expect(await page.page.inputValue('[data-testid=dataset]')).toBe('regress-plane');
      // the classification sets are not offered beside it
      expect(
        await page.page.locator('[data-testid=dataset] option:not([hidden])').allTextContents(),
      ).toEqual(['make_regression', 'plane', 'multi-Gaussian', 'your CSV']);
      await page.page.click('[data-testid=train]');
      await page.waitForState('done');
      expect(await headers(page, 'metrics')).toEqual(['split', 'n', 'MSE', 'RMSE', 'MAE', 'R²']);
      const reference = await train(regressPlane({ nSamples: 100, noise: 0.1, randomState: 0 }), {
        backend: 'cpu',
        lr: 0.01,
      });
      const r2 = reference.metrics.train.head === 'regression' ? reference.metrics.train.r2 : NaN;
      expect(r2).toBeGreaterThan(0.9);
      // three decimals shown, of WebGPU's float32 run against the CPU reference's
      const shown = /^R² ([-\d.]+) \(100 rows\)$/.exec(await page.text('accuracy'))?.[1];
      expect(Math.abs(Number(shown) - r2)).toBeLessThanOrEqual(1e-3);
      expect(page.errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it("trains a file of numbers to predict: Problem type follows the file, a continuous heatmap, the value's output node, and R² as train() gives it", async () => {
    const page = await openPage('?epochs=300&lr=0.01&speed=max');
    try {
      await page.waitForText('data-summary', /^100 samples/);
      await load(page, 'plane.csv', planeCsv());
      await page.waitForText(
        'data-summary',
        /^200 samples × 2 features, a number to predict from /,
      );
      expect(await page.page.inputValue('[data-testid=problem]')).toBe('regression');
      expect(await page.text('csv-mapping')).toBe('target: numbers to predict');
      expect(await page.page.locator('.node.output .node-label').allTextContents()).toEqual(['ŷ']);
      await page.page.click('[data-testid=train]');
      await page.waitForState('done');
      expect(await headers(page, 'metrics')).toEqual(['split', 'n', 'MSE', 'RMSE', 'MAE', 'R²']);
      expect(await page.page.locator('[data-testid=confusion] tbody tr').count()).toBe(0);
      expect(await page.text('plot-legend')).toMatch(
        /^Behind the points: the value the model predicts/,
      );
      // the field is painted in a frame after the run ends (throttled to its cost): waited for
      await page.page.waitForFunction(
        () =>
          Number(
            document.querySelector('[data-testid=data-chart]')?.getAttribute('data-field-cells'),
          ) > 0,
      );
      expect(Number(await page.attribute('data-chart', 'data-field-cells'))).toBeGreaterThan(0);
      const table = readTableText(planeCsv(), { source: 'plane.csv' });
      const reference = await train(table.dataset, { backend: 'cpu', lr: 0.01, epochs: 300 });
      const r2 = reference.metrics.train.head === 'regression' ? reference.metrics.train.r2 : NaN;
      // four significant digits shown, WebGPU's float32 run against the CPU reference's
      const live = Number(/^([-\d.]+) train/.exec(await page.text('live-accuracy'))?.[1]);
      expect(Math.abs(live - r2)).toBeLessThan(1e-3);
      expect(r2).toBeGreaterThan(0.95);
      expect(page.errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});
