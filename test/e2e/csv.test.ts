import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCsv, makeClassification } from '../../src/data/index.ts';
import { readTableFile } from '../../src/node/read_table_file.ts';
import { train } from '../../src/train.ts';
import { cli } from '../helpers/cli.ts';
import type { OpenPage } from '../helpers/page.ts';
import { testFolder } from '../helpers/test_folder.ts';
import { WDBC_CSV } from '../helpers/wdbc.ts';
import { useBuiltPage } from './built_page.ts';

// a user's own CSV on the built page, in headless Chromium on SwiftShader: columns picked on the
// page, the label's mapping, the plotted axes of 30 features, and a large file read with progress
const openPage = useBuiltPage();

const summary = (page: OpenPage, pattern: RegExp) => page.waitForText('data-summary', pattern);

/** The test split's accuracy the page shows, as a fraction ("97.1 % (…); 95.9 % test"). */
const testAccuracy = async (page: OpenPage) => {
  const match = /; (\d+\.\d) % test$/.exec(await page.text('accuracy'));
  if (match === null) throw new Error(`no test accuracy in "${await page.text('accuracy')}"`);
  return Number(match[1]) / 100;
};

describe("the page on a user's own CSV", () => {
  it('reads the breast-cancer file with its label and left-out column picked on the page, plots any two of its 30 features, and trains as train() does', async () => {
    const dir = testFolder();
    const page = await openPage('?split=0.7,0,0.3&standardize=1&speed=max');
    try {
      await page.page.setInputFiles('[data-testid=csv-input]', WDBC_CSV);
      // the last column is read as the label by default, so the diagnosis is refused as a
      // feature; the message names the page's controls, and the columns are there to pick from
      await page.waitForText('csv-error', /./);
      const refused = await page.text('csv-error');
      expect(refused).toMatch(
        /^wdbc\.csv:2:2: "M" in column 2 \(diagnosis\) is not a number; .*by ticking diagnosis under Leave out, or if it is the label, name it by choosing diagnosis under Label column/,
      );
      expect(refused).not.toMatch(/--label|--ignore/);
      expect(await page.page.isVisible('[data-testid=csv-columns]')).toBe(true);
      expect(await page.text('csv-name')).toBe('wdbc.csv');
      const labels = await page.page.locator('[data-testid=csv-label] option').allTextContents();
      expect(labels).toHaveLength(32);
      expect(labels.slice(0, 3)).toEqual(['1 · id', '2 · diagnosis', '3 · radius_mean']);
      expect(await page.page.inputValue('[data-testid=csv-label]')).toBe('31');

      await page.page.selectOption('[data-testid=csv-label]', { label: '2 · diagnosis' });
      await summary(page, /^569 samples × 31 features, 212 of class 1 \("M"\)$/);
      expect(await page.text('csv-error')).toBe('');
      expect(await page.text('csv-mapping')).toBe('diagnosis: "B" → 0, "M" → 1');
      // the label column cannot also be left out
      expect(await page.page.isDisabled('[data-testid=csv-ignore-2]')).toBe(true);

      await page.page.check('[data-testid=csv-ignore-1]');
      await summary(page, /^569 samples × 30 features, 212 of class 1 \("M"\)$/);
      expect(await page.page.inputValue('[data-testid=csv-label]')).toBe('1');

      // 30 features: the two that best separate the classes are plotted (scikit-learn's
      // f_classif ranks concave points_worst, F = 964, and perimeter_worst, 898, first; the id
      // column, which only numbers the rows, is passed over), the others held at their means
      expect(await page.page.isVisible('[data-testid=plot-axes]')).toBe(true);
      expect(await page.attribute('data-chart', 'data-x-axis')).toBe('perimeter_worst');
      expect(await page.attribute('data-chart', 'data-y-axis')).toBe('concave points_worst');
      expect(await page.text('plot-note')).toMatch(
        /^perimeter_worst across and concave points_worst up, 2 of 30 features: .* a slice: the other 28 features held at their training means/,
      );
      await page.page.selectOption('[data-testid=plot-y]', { label: 'radius_mean' });
      expect(await page.attribute('data-chart', 'data-y-axis')).toBe('radius_mean');
      expect(await page.text('plot-note')).toMatch(/^perimeter_worst across and radius_mean up/);
      // the feature the other axis shows swaps places rather than being plotted against itself
      await page.page.selectOption('[data-testid=plot-x]', { label: 'radius_mean' });
      expect(await page.attribute('data-chart', 'data-x-axis')).toBe('radius_mean');
      expect(await page.attribute('data-chart', 'data-y-axis')).toBe('perimeter_worst');

      // benign read as class 1 instead
      await page.page.selectOption('[data-testid=csv-positive]', 'B');
      await summary(page, /^569 samples × 30 features, 357 of class 1 \("B"\)$/);
      expect(await page.text('csv-mapping')).toBe('diagnosis: "M" → 0, "B" → 1');
      // the axes picked stay picked when the file is read again
      expect(await page.attribute('data-chart', 'data-x-axis')).toBe('radius_mean');

      // the data seed seeds a CSV file's split
      expect(await page.page.isVisible('[data-testid=data-seed]')).toBe(true);
      await page.setField('data-seed', '3');
      await page.page.click('[data-testid=train]');
      await page.waitForState('done', 120_000);
      // the field is painted in a frame after the run ends (throttled to its cost): waited for
      await page.page.waitForFunction(
        () =>
          Number(
            document.querySelector('[data-testid=data-chart]')?.getAttribute('data-field-cells'),
          ) > 0,
      );
      expect(Number(await page.attribute('data-chart', 'data-field-cells'))).toBeGreaterThan(0);

      // the same run through train() on the file read in Node with the command line's names
      const table = await readTableFile(WDBC_CSV, {
        label: 'diagnosis',
        ignore: ['id'],
        positive: 'B',
      });
      const value = (testId: string) => page.page.inputValue(`[data-testid=${testId}]`);
      const reference = await train(table.dataset, {
        backend: 'cpu',
        standardize: true,
        lr: Number(await value('lr')),
        epochs: Number(await value('steps')),
        seed: Number(await value('seed')),
        split: {
          train: 0.7,
          validation: 0,
          test: 0.3,
          stratify: true,
          seed: Number(await value('data-seed')),
        },
      });
      const test = reference.metrics.test;
      const expected = test?.head === 'binary' ? test.accuracy : NaN;
      const shown = await testAccuracy(page);
      console.log(
        `breast cancer on the page (WebGPU): ${(shown * 100).toFixed(1)} % test accuracy; train() on the CPU: ${(expected * 100).toFixed(1)} %`,
      );
      // the page shows one decimal of a percent; the GPU's float32 sums may put one of the 171
      // test rows that sits at the boundary on the other side
      expect(Math.abs(shown - expected)).toBeLessThanOrEqual(1 / 171 + 0.0005);

      // the model saved from the page reads files as the page did: predict scores the file itself
      const [download] = await Promise.all([
        page.page.waitForEvent('download'),
        page.page.click('[data-testid=save-json]'),
      ]);
      const modelPath = join(dir, 'model.json');
      await download.saveAs(modelPath);
      const saved = JSON.parse(readFileSync(modelPath, 'utf8')) as {
        columns: { label: number; ignored: number[]; labels: object; features: number[] };
      };
      expect(saved.columns.label).toBe(2);
      expect(saved.columns.ignored).toEqual([1]);
      expect(saved.columns.labels).toEqual({ negative: 'M', positive: 'B' });
      expect(saved.columns.features).toEqual(Array.from({ length: 30 }, (_, j) => j + 3));
      const out = join(dir, 'scored.csv');
      const predicted = await cli([
        'predict',
        '--model',
        modelPath,
        '--data',
        WDBC_CSV,
        '--out',
        out,
      ]);
      expect(predicted.code, predicted.stderr).toBe(0);
      const rows = readFileSync(out, 'utf8').trimEnd().split('\n');
      expect(rows[0]).toBe('id,diagnosis,probability,predicted');
      // its class names are the file's: the positive one is B
      const wrong = rows.slice(1).filter((line) => {
        const [, , p, label] = line.split(',');
        return label !== (Number(p) >= 0.5 ? 'B' : 'M');
      });
      expect(rows).toHaveLength(570);
      expect(wrong).toEqual([]);

      // loaded back onto the file read another way, it says what to change rather than score it
      await page.page.selectOption('[data-testid=csv-positive]', 'M');
      await summary(page, /212 of class 1 \("M"\)$/);
      await page.page.setInputFiles('[data-testid=model-input]', modelPath);
      await page.waitForText(
        'model-error',
        /^model\.json: the model reads "B" as class 1; the data shown reads "M": choose "B" under Read as class 1$/,
      );
      // id in, radius_mean out: thirty columns still, but not the model's
      await page.page.uncheck('[data-testid=csv-ignore-1]');
      await summary(page, /^569 samples × 31 features/);
      await page.page.check('[data-testid=csv-ignore-3]');
      await summary(page, /^569 samples × 30 features/);
      await page.page.setInputFiles('[data-testid=model-input]', modelPath);
      await page.waitForText(
        'model-error',
        /^model\.json: the model was trained on the columns radius_mean, texture_mean, perimeter_mean, area_mean, smoothness_mean, compactness_mean, … \(30 in all\); the data shown has id, texture_mean, perimeter_mean, .*: pick the same label and left-out columns$/,
      );
      await page.page.check('[data-testid=csv-ignore-1]');
      await summary(page, /^569 samples × 29 features/);
      await page.page.uncheck('[data-testid=csv-ignore-3]');
      await page.page.selectOption('[data-testid=csv-positive]', 'B');
      await summary(page, /^569 samples × 30 features, 357 of class 1 \("B"\)$/);
      await page.page.setInputFiles('[data-testid=model-input]', modelPath);
      await page.waitForState('loaded');
      expect(await page.text('model-error')).toBe('');
      expect(page.errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 240_000);

  it("shows a header's names as text, never as HTML, and brings the file's rows back after another data set", async () => {
    const page = await openPage('?speed=max');
    try {
      const name = '<img src=x onerror=alert(1)>';
      const rows = Array.from(
        { length: 20 },
        (_, i) => `${i % 3};${i % 5};${i % 7};${i % 2 === 0 ? 'no' : 'yes'}`,
      );
      await page.page.setInputFiles('[data-testid=csv-input]', {
        name: 'html.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`a;"${name}";b;sick\n${rows.join('\n')}\n`),
      });
      await summary(page, /^20 samples × 3 features, 10 of class 1 \("yes"\)$/);
      expect(await page.text('csv-mapping')).toBe('sick: "no" → 0, "yes" → 1');
      expect(await page.page.locator('[data-testid=csv-label] option').allTextContents()).toEqual([
        '1 · a',
        `2 · ${name}`,
        '3 · b',
        '4 · sick',
      ]);
      expect(await page.page.locator('[data-testid=plot-x] option').allTextContents()).toEqual([
        'a',
        name,
        'b',
      ]);
      expect(await page.page.locator('img').count()).toBe(0);
      // to a generator's data and back: the file's rows come back, and train (the training worker
      // took the first copy of them when the kernels were warmed up)
      await page.waitForText('warm-status', /^kernels ready/);
      await page.page.selectOption('[data-testid=dataset]', 'make-moons');
      await summary(page, /^100 samples × 2 features/);
      await page.page.selectOption('[data-testid=dataset]', 'csv');
      await summary(page, /^20 samples × 3 features, 10 of class 1 \("yes"\)$/);
      await page.page.click('[data-testid=train]');
      await page.waitForState('done');
      expect(await page.text('accuracy')).toMatch(/^\d+\.\d % \(\d+ of 20\)$/);
      // another file that fails before its header leaves none of these columns on show
      await page.page.setInputFiles('[data-testid=csv-input]', {
        name: 'empty.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('\n\n'),
      });
      await summary(page, /^no data set/);
      expect(await page.text('csv-error')).toMatch(/^empty\.csv:1:1: the file is empty/);
      expect(await page.page.isHidden('[data-testid=csv-columns]')).toBe(true);
      expect(page.errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('reads a file of a million rows in its worker, showing how far it has got, and the page stays live', async () => {
    const dir = testFolder();
    const path = join(dir, 'million.csv');
    // make_classification's rows, 10 000 of them written out and repeated a hundred times: the
    // reader meets the 41 MB and the million rows of a million drawn, and the test spares the 4.5 s
    // that drawing and writing out two million float64s take
    const block = formatCsv(
      makeClassification({
        nSamples: 10_000,
        nFeatures: 2,
        nRedundant: 0,
        nClustersPerClass: 1,
        randomState: 5,
      }),
    );
    const header = block.indexOf('\n') + 1;
    writeFileSync(path, block.slice(0, header) + block.slice(header).repeat(100));
    const megabytes = readFileSync(path).length / 1e6;
    const page = await openPage();
    try {
      // every fraction the progress bar shows, as the page sets it
      await page.page.evaluate(() => {
        const seen: number[] = [];
        Object.assign(window, { progressSeen: seen });
        const bar = document.querySelector('[data-testid=csv-progress]');
        if (bar === null) throw new Error('no progress bar');
        new MutationObserver(() => seen.push(Number(bar.getAttribute('data-fraction')))).observe(
          bar,
          { attributes: true, attributeFilter: ['data-fraction'] },
        );
      });
      await page.page.setInputFiles('[data-testid=csv-input]', path);
      await summary(page, /^1 000 000 samples × 2 features/);
      const seen = await page.page.evaluate(
        () => (window as unknown as { progressSeen: number[] }).progressSeen,
      );
      const between = seen.filter((f) => f > 0 && f < 1);
      console.log(
        `a ${megabytes.toFixed(1)} MB CSV of 10⁶ rows: read with ${between.length} progress updates`,
      );
      expect(between.length).toBeGreaterThanOrEqual(2);
      // the fractions only grow
      expect(between).toEqual([...between].sort((a, b) => a - b));
      expect(await page.page.isHidden('[data-testid=csv-read]')).toBe(true);
      // how long it took and the long tasks it caused: npm run bench:page

      // another file chosen mid-read supersedes it: only the new file's columns and rows are shown
      await page.page.setInputFiles('[data-testid=csv-input]', path);
      await page.page.waitForFunction(
        () =>
          Number(
            document.querySelector('[data-testid=csv-progress]')?.getAttribute('data-fraction'),
          ) > 0,
      );
      await page.page.setInputFiles('[data-testid=csv-input]', {
        name: 'after.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('p,q,r,label\n1,2,3,a\n4,5,6,b\n7,8,9,a\n'),
      });
      await summary(page, /^3 samples × 3 features, 1 of class 1 \("b"\)$/);
      expect(await page.text('csv-name')).toBe('after.csv');
      expect(await page.page.locator('[data-testid=csv-label] option').allTextContents()).toEqual([
        '1 · p',
        '2 · q',
        '3 · r',
        '4 · label',
      ]);
      expect(await page.page.isHidden('[data-testid=csv-read]')).toBe(true);
      expect(page.errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 180_000);
});
