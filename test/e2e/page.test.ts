import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { predict } from '../../src/model/predict.ts';
import {
  fitStandardization,
  makeClassification,
  makeDataset,
  makeMoons,
} from '../../src/data/index.ts';
import { modelFromJson, modelToJson } from '../../src/model/serialize.ts';
import { train } from '../../src/train.ts';
import { cspViolations, type OpenPage } from '../helpers/page.ts';
import { testFolder } from '../helpers/test_folder.ts';
import { useBuiltPage } from './built_page.ts';

// the built page in headless Chromium on SwiftShader; every test opens it in a browser context of
// its own (test/e2e/built_page.ts) and writes what it saves (screenshots, models) into a folder of
// its own
const openPage = useBuiltPage();

const tutorialData = () =>
  makeClassification({
    nSamples: 100,
    nFeatures: 2,
    nRedundant: 0,
    nClustersPerClass: 1,
    randomState: 0,
  });
/** The final loss with every digit of its float32 (the text shows seven, as the CLI prints them). */
const finalLoss = async (page: OpenPage) =>
  Number(await page.attribute('final-loss', 'data-value'));
const inViewport = (page: OpenPage, testId: string) =>
  page.page.evaluate((id) => {
    const box = document.querySelector(`[data-testid=${id}]`)?.getBoundingClientRect();
    return (
      box !== undefined &&
      box.width > 0 &&
      box.top >= 0 &&
      box.left >= 0 &&
      box.bottom <= innerHeight &&
      box.right <= innerWidth
    );
  }, testId);
const scrollWidth = (page: OpenPage) =>
  page.page.evaluate(() => document.documentElement.scrollWidth);
/** Waits until the run has taken more than `steps` steps. */
const pastStep = (page: OpenPage, steps: number) =>
  page.page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid=status]')?.getAttribute('data-steps')) > n,
    steps,
    { timeout: 60_000 },
  );

describe('the first view, at 1400×1000', () => {
  it('shows the data and the loss chart beside the controls, and animates the tutorial to the reference loss', async () => {
    const page = await openPage();
    try {
      expect(await inViewport(page, 'data-chart')).toBe(true);
      expect(await inViewport(page, 'loss-chart')).toBe(true);
      expect(await inViewport(page, 'train')).toBe(true);
      const adapter = await page.text('adapter');
      // a missing adapter is a failure here, never a skip
      expect(adapter).not.toMatch(/not available/);
      if (process.env['CI'] === 'true' || /swiftshader/i.test(adapter)) {
        expect(adapter).toMatch(
          /^google · swiftshader.* — a software adapter: WebGPU emulated on the CPU, not a GPU$/,
        );
        expect(await page.attribute('adapter', 'data-software')).toBe('true');
      }
      // the kernels compile in the background, with their own status, before the first press
      await page.waitForText('warm-status', /^kernels ready/, 60_000);
      await page.page.click('[data-testid=train]');
      await page.waitForState('done');
      const frames = Number(await page.attribute('status', 'data-frames'));
      expect(frames).toBeGreaterThanOrEqual(10);
      expect(await page.text('status')).toMatch(/^trained 1 000 steps on webgpu .* — done$/);
      const loss = await finalLoss(page);
      expect(await page.text('final-loss')).toBe(String(Number(loss.toPrecision(7))));
      const reference = await train(tutorialData(), { backend: 'cpu', precision: 'f32' });
      const expected = reference.stepLosses[999] as number;
      // the GPU and the f32 reference differ by a few ulp of exp/log per step: measured 2.5e-7 relative
      expect(Math.abs(loss - expected) / expected).toBeLessThan(2e-6);
      expect(await page.attribute('status', 'data-losses')).toBe('1000');
      expect(await page.attribute('data-chart', 'data-boundary-points')).toBe('2');
      expect(await page.text('accuracy')).toMatch(/^96\.0 % \(96 of 100\)$/);
      expect(await page.text('weights')).toMatch(/^w = \[[-\d.]+, [-\d.]+\], b = [-\d.]+$/);
      expect(page.errors).toEqual([]);
      expect(await cspViolations(page)).toEqual([]);
      await page.page.screenshot({ path: join(testFolder(), 'page-tutorial.png') });
    } finally {
      await page.close();
    }
  });
});

describe('on a phone, at 390×844', () => {
  it('never scrolls sideways, before or after training an MLP with its metrics table, and shows each hidden unit its heatmap', async () => {
    const page = await openPage(
      '?dataset=make-moons&samples=300&hidden=8,8&optimizer=adam&lr=0.03&batch=10&epochs=20&split=0.6,0.2,0.2&speed=max',
      { viewport: { width: 390, height: 844 } },
    );
    try {
      await page.waitForText('data-summary', /^300 samples/);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      await page.page.click('[data-testid=train]');
      await page.waitForState('done');
      expect(await page.page.locator('[data-testid=metrics] tbody tr').count()).toBe(3);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      // the network's heatmaps on a phone too: one a hidden unit, each shown without hovering
      for (const layer of [1, 2])
        for (let unit = 1; unit <= 8; unit++) {
          const id = `unit-heatmap-${layer}-${unit}`;
          expect(await page.page.isVisible(`[data-testid=${id}]`), id).toBe(true);
        }
      expect(await page.page.locator('[data-testid^="unit-heatmap-"]').count()).toBe(16);
      await page.page.screenshot({
        path: join(testFolder(), 'page-phone.png'),
        fullPage: true,
      });
    } finally {
      await page.close();
    }
  });
});

describe('on a phone, its controls and settings', () => {
  it('makes every control at least 44 px tall, and puts the settings before the results, folding away on a tap', async () => {
    const page = await openPage(
      '?dataset=make-moons&samples=300&hidden=8,8&batch=10&epochs=5&split=0.6,0.2,0.2&speed=max',
      { viewport: { width: 390, height: 844 } },
    );
    /** Every control shown now that is less than 44 px tall, named with its height. */
    const smallControls = () =>
      page.page.evaluate(() => {
        const controls = document.querySelectorAll(
          'button, input, select, textarea, summary, a[href], [role=button], [role=tab], [tabindex]',
        );
        return [...controls].flatMap((control) => {
          const box = control.getBoundingClientRect();
          if (box.width === 0 && box.height === 0) return []; // not shown
          const name = control.getAttribute('data-testid') ?? control.id;
          return box.height < 44 ? [`${name}: ${box.height.toFixed(1)} px`] : [];
        });
      });
    try {
      await page.waitForText('data-summary', /^300 samples/);
      await page.page.click('[data-testid=train]');
      await page.waitForState('done');
      expect(await smallControls()).toEqual([]);
      // every setting and run control sits above the Results card: none is reached by
      // scrolling past the results
      const belowResults = await page.page.evaluate(() => {
        const results = document.querySelector('.card.results')?.getBoundingClientRect().top;
        if (results === undefined) return ['no Results card'];
        const controls = document.querySelectorAll(
          '#settings :is(button, input, select, textarea), .runbar :is(button, input, select)',
        );
        return [...controls].flatMap((control) => {
          const box = control.getBoundingClientRect();
          if (box.width === 0 && box.height === 0) return [];
          return box.bottom > results ? [control.getAttribute('data-testid') ?? control.id] : [];
        });
      });
      expect(belowResults).toEqual([]);
      const top = (testId: string) =>
        page.page.evaluate(
          (id) => document.querySelector(`[data-testid=${id}]`)?.getBoundingClientRect().top ?? NaN,
          testId,
        );
      // and before the plot
      expect(await top('backend')).toBeLessThan(await top('data-chart'));
      const plotBefore = await top('data-chart');
      await page.page.click('[data-testid=settings-toggle]');
      expect(await page.attribute('settings-toggle', 'aria-expanded')).toBe('false');
      expect(await page.page.isVisible('[data-testid=lr]')).toBe(false);
      expect(await top('data-chart')).toBeLessThan(plotBefore);
      await page.page.click('[data-testid=settings-toggle]');
      expect(await page.page.isVisible('[data-testid=lr]')).toBe(true);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      // the metrics table is wider than the phone: it says it scrolls
      expect(await page.page.isVisible('.scroll-hint')).toBe(true);
      // a file of four columns brings its column controls and the plot's axes: as tall
      await page.page.setInputFiles('[data-testid=csv-input]', {
        name: 'four.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('a,b,c,y\n1,2,3,0\n3,4,1,1\n5,1,2,0\n2,2,2,1\n'),
      });
      await page.waitForText('data-summary', /^4 samples × 3 features/);
      expect(await page.page.locator('[data-testid=plot-x]').isVisible()).toBe(true);
      expect(await smallControls()).toEqual([]);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      // and the Benchmark tab's own fields and buttons
      await page.page.click('[data-testid=tab-bench]');
      expect(await smallControls()).toEqual([]);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    } finally {
      await page.close();
    }
  });
});

describe('the fields', () => {
  it('keep what was typed, say what is wrong beside the field, and hold Train off until it is fixed', async () => {
    const page = await openPage();
    try {
      await page.page.fill('[data-testid=hidden]', '5000');
      expect(await page.page.inputValue('[data-testid=hidden]')).toBe('5000');
      const error = page.page.locator('[data-testid=field-error-hidden]');
      await error.waitFor({ state: 'visible' });
      expect(await error.textContent()).toBe(
        'item 1 must be a whole number from 1 to 4096, got 5000',
      );
      expect(await page.attribute('hidden', 'aria-describedby')).toBe('field-error-hidden');
      expect(await page.attribute('hidden', 'aria-invalid')).toBe('true');
      expect(await page.page.isDisabled('[data-testid=train]')).toBe(true);
      await page.setField('hidden', '5000');
      // a value refused is never applied: the address keeps the last good one
      expect(page.page.url()).not.toMatch(/hidden=/);
      // a CSV loaded meanwhile switches the data set, and leaves what was typed as it was
      await page.page.setInputFiles('[data-testid=csv-input]', {
        name: 'small.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('a,b,y\n1,2,0\n3,4,1\n5,1,0\n'),
      });
      await page.waitForText('data-summary', /^3 samples/);
      expect(await page.page.inputValue('[data-testid=dataset]')).toBe('csv');
      expect(await page.page.inputValue('[data-testid=hidden]')).toBe('5000');
      expect(await error.textContent()).toBe(
        'item 1 must be a whole number from 1 to 4096, got 5000',
      );
      expect(await page.page.isDisabled('[data-testid=train]')).toBe(true);
      await page.setField('hidden', '8');
      expect(await error.isVisible()).toBe(false);
      expect(await page.page.isDisabled('[data-testid=train]')).toBe(false);
      expect(page.page.url()).toMatch(/hidden=8/);
    } finally {
      await page.close();
    }
  });

  it('say numbers as people write them: no float32 or integer limits in a message, anywhere on the page', async () => {
    const page = await openPage('?lr=1e39&batch=99999999999&epochs=1e12');
    try {
      await page.waitForText('data-summary', /^100 samples/);
      // what the address asked for is refused by name, in the fields' own words
      expect(await page.text('state-note')).toBe(
        'lr "1e39": must be a number above 0 to 3.4 × 10³⁸, got 1 × 10³⁹; using "0.1"; epochs "1e12": must be a whole number from 1 to 10 000 000, got 1 000 000 000 000; using "1000"',
      );
      for (const [field, text] of [
        ['lr', '1e39'],
        ['regRate', '1e40'],
        ['samples', '1e20'],
        ['steps', '1e12'],
        ['seed', '1e10'],
      ] as const)
        await page.setField(field, text);
      expect(await page.text('field-error-lr')).toBe(
        'must be a number above 0 to 3.4 × 10³⁸, got 1 × 10³⁹',
      );
      expect(await page.text('field-error-regRate')).toBe(
        'must be a number from 0 to 3.4 × 10³⁸, got 1 × 10⁴⁰',
      );
      // a batch of more rows than the training split has is full batch: nothing to refuse
      await page.setField('batch', '99999999999');
      expect(await page.text('field-error-batch')).toBe('');
      // the Benchmark's fields too, asked for more than they hold
      await page.page.click('[data-testid=tab-bench]');
      await page.setField('bench-steps', '1e39');
      await page.setField('bench-budget', '1e39');
      expect(await page.text('field-error-bsteps')).toMatch(/^must be a whole number/);
      // the text shown, the text of every tab and field error hidden now, and the words the
      // page puts in tooltips and for screen readers
      const text = await page.page.evaluate(() =>
        [
          document.body.innerText,
          document.body.textContent ?? '',
          ...[...document.querySelectorAll('*')].flatMap((node) =>
            ['title', 'aria-label', 'placeholder', 'aria-valuetext'].map(
              (name) => node.getAttribute(name) ?? '',
            ),
          ),
        ].join('\n'),
      );
      expect(text).toMatch(/3\.4 × 10³⁸/);
      expect(text).not.toMatch(/e\+3[0-9]|2147483648/);
    } finally {
      await page.close();
    }
  });

  it("hold each generator's own bounds, and leave no stale data behind Train when a data set fails", async () => {
    const page = await openPage('?dataset=make-moons&noise=0.8');
    try {
      expect(await page.text('state-note')).toBe('');
      // xor's generator stops at 0.5: the field says so at once, and the data is not made
      await page.page.selectOption('[data-testid=dataset]', 'xor');
      await page.page.locator('[data-testid=field-error-noise]').waitFor({ state: 'visible' });
      expect(await page.text('field-error-noise')).toBe(
        'noise must be a number from 0 to 0.5 for xor, got 0.8',
      );
      expect(await page.attribute('noise', 'max')).toBe('0.5');
      expect(await page.page.isDisabled('[data-testid=train]')).toBe(true);
      await page.setField('noise', '0.2');
      await page.waitForText('data-summary', /^100 samples/);
      expect(page.page.url()).toMatch(/dataset=xor&noise=0.2/);
      // a CSV that fails replaces the data set: nothing to train on, nothing drawn
      await page.page.setInputFiles('[data-testid=csv-input]', {
        name: 'bad.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('x0,x1,y\n1,2,0\n3,oops,1\n'),
      });
      await page.waitForText('csv-error', /./);
      expect(await page.text('csv-error')).toMatch(
        /^bad\.csv:3:2: "oops" in column 2 \(x1\) is not a number; /,
      );
      expect(await page.page.isDisabled('[data-testid=train]')).toBe(true);
      expect(await page.attribute('data-chart', 'data-points-shown')).toBe('0');
    } finally {
      await page.close();
    }
  });
});

describe('the run controls', () => {
  it('play → pause → step moves the step count by exactly one step', async () => {
    const page = await openPage('?epochs=100000&speed=10');
    try {
      await page.page.click('[data-testid=play]');
      await pastStep(page, 50);
      await page.page.click('[data-testid=pause]');
      await page.waitForState('paused');
      const paused = await page.stepsShown();
      expect(await page.text('status')).toBe(
        `paused at step ${paused.toLocaleString('en-US').replace(/,/g, ' ')} — Play, Step or Stop`,
      );
      await page.page.click('[data-testid=step]');
      await page.page.waitForFunction((was) => {
        const status = document.querySelector('[data-testid=status]');
        return (
          status?.getAttribute('data-state') === 'paused' &&
          Number(status.getAttribute('data-steps')) !== was
        );
      }, paused);
      expect(await page.stepsShown()).toBe(paused + 1);
      expect(await page.page.isDisabled('[data-testid=stop]')).toBe(false);
    } finally {
      await page.close();
    }
  });

  it('continuing after a pause ends with the same bits as the run never paused', async () => {
    const page = await openPage('?dataset=make-moons&samples=200&epochs=3000&speed=100');
    try {
      await page.page.click('[data-testid=train]');
      await page.waitForState('done');
      const uninterrupted = await finalLoss(page);
      await page.page.click('[data-testid=train]');
      // Pause pressed in the page the moment the run is past step 200: a click from outside
      // could come after the run's last step on a busy machine, with Pause no longer offered
      await page.page.waitForFunction(
        () => {
          const status = document.querySelector('[data-testid=status]');
          if (status?.getAttribute('data-state') !== 'running') return false;
          if (Number(status.getAttribute('data-steps')) <= 200) return false;
          document.querySelector<HTMLButtonElement>('[data-testid=pause]')?.click();
          return true;
        },
        null,
        { timeout: 60_000 },
      );
      await page.waitForState('paused');
      expect(await page.stepsShown()).toBeLessThan(3000);
      await page.page.click('[data-testid=play]');
      await page.waitForState('done');
      expect(await finalLoss(page)).toBe(uninterrupted);
    } finally {
      await page.close();
    }
  });

  it('Stop keeps the params, loss and accuracy reached, and Save writes them', async () => {
    const page = await openPage('?dataset=make-moons&samples=20000&epochs=100000&speed=max');
    try {
      await page.page.click('[data-testid=train]');
      await pastStep(page, 100);
      // how soon it stops is measured by `npm run bench:page`, not bounded here
      await page.page.click('[data-testid=stop]');
      await page.waitForState('stopped');
      const steps = await page.stepsShown();
      expect(await page.text('status')).toMatch(
        /^stopped at step [\d ]+ of 100 000 on webgpu; its params, loss and metrics are kept/,
      );
      expect(Number.isFinite(await finalLoss(page))).toBe(true);
      expect(await page.text('accuracy')).toMatch(/^\d+\.\d % \([\d ]+ of 20 000\)$/);
      expect(await page.text('weights')).toMatch(/^w = \[/);
      expect(steps).toBeGreaterThan(100);
      const [saved] = await Promise.all([
        page.page.waitForEvent('download'),
        page.page.click('[data-testid=save-json]'),
      ]);
      const path = join(testFolder(), 'page-stopped-model.json');
      await saved.saveAs(path);
      const model = JSON.parse(readFileSync(path, 'utf8')) as {
        params: number[];
        hidden: number[];
      };
      expect(model.hidden).toEqual([]);
      expect(model.params).toHaveLength(3);
      expect(model.params.every(Number.isFinite)).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('Train pressed mid-run starts afresh: the same bits as a run with nothing before it', async () => {
    const page = await openPage('?dataset=make-moons&samples=2000&epochs=100000&speed=max');
    try {
      await page.page.click('[data-testid=train]');
      await pastStep(page, 50);
      await page.setField('steps', '50');
      await page.page.click('[data-testid=train]');
      await page.waitForState('done');
      expect(await page.text('status')).toMatch(/^trained 50 steps on webgpu/);
      expect(await page.attribute('status', 'data-losses')).toBe('50');
      const afterCancel = await finalLoss(page);
      await page.page.click('[data-testid=train]');
      await page.waitForState('done');
      expect(await finalLoss(page)).toBe(afterCancel);
    } finally {
      await page.close();
    }
  });
});

describe('results', () => {
  it('early stopping names the kept epoch, shows its figures, and fits the axis to the epochs run', async () => {
    const page = await openPage(
      '?dataset=make-moons&samples=300&noise=0.3&hidden=8,8&optimizer=adam&lr=0.03&batch=10&epochs=2000&split=0.6,0.2,0.2&patience=5&speed=max',
    );
    try {
      await page.page.click('[data-testid=train]');
      await page.waitForState('done', 120_000);
      const status = await page.text('status');
      const match = /stopped early at epoch (\d+) and kept epoch (\d+)/.exec(status);
      expect(match, status).not.toBeNull();
      const [, run, kept] = match ?? [];
      expect(await page.text('kept-epoch')).toMatch(
        new RegExp(`^kept epoch ${kept} of ${run} \\(stopped early\\): the lowest validation loss`),
      );
      expect(await page.attribute('loss-chart', 'data-x-max')).toBe(run);
      const rows = await page.page.locator('[data-testid=metrics] tbody tr').allTextContents();
      expect(rows.map((row) => /^[a-z]+/.exec(row)?.[0])).toEqual(['train', 'validation', 'test']);
    } finally {
      await page.close();
    }
  });

  it('a loaded model fills the Model card, is scored on the data, and Play trains on from it', async () => {
    const page = await openPage(
      '?dataset=make-moons&samples=200&noise=0.1&hidden=6&activation=relu&optimizer=adam&lr=0.03&batch=20&epochs=40&speed=max',
    );
    try {
      await page.page.click('[data-testid=train]');
      await page.waitForState('done');
      const trainedLoss = Number(await page.attribute('loss-chart', 'data-last-loss'));
      const [saved] = await Promise.all([
        page.page.waitForEvent('download'),
        page.page.click('[data-testid=save-json]'),
      ]);
      const path = join(testFolder(), 'page-model.json');
      await saved.saveAs(path);
      await page.page.click('[data-testid=reset]');
      await page.setField('hidden', '3,3');
      await page.page.selectOption('[data-testid=activation]', 'tanh');
      for (const round of [1, 2]) {
        // the same file twice: each choice loads it
        await page.page.setInputFiles('[data-testid=model-input]', path);
        await page.waitForState('loaded');
        expect(await page.page.inputValue('[data-testid=hidden]'), `round ${round}`).toBe('6');
        expect(await page.page.inputValue('[data-testid=activation]')).toBe('relu');
        expect(await page.text('accuracy')).toMatch(
          /^\d+\.\d % \(200 of 200\)|^\d+\.\d % \(\d+ of 200\)/,
        );
        expect(await page.text('weights')).toBe('2-6-1 relu, 25 params');
        // and its loss: the mean BCE of its probabilities, by the textbook formula
        const moons = makeMoons({ nSamples: 200, noise: 0.1, randomState: 0 });
        const p = predict(modelFromJson(readFileSync(path, 'utf8')), moons);
        const bce =
          Array.from(p, (q, i) => (moons.y[i] === 1 ? -Math.log(q) : -Math.log(1 - q))).reduce(
            (a, b) => a + b,
          ) / p.length;
        // float64 both ways: log σ(z) against the page's BCE from the logit
        expect(
          Math.abs(Number(await page.attribute('final-loss', 'data-value')) / bce - 1),
        ).toBeLessThan(1e-9);
        await page.page.click('[data-testid=reset]');
        // Reset forgets the model: the next load is waited for, not the one before
        expect(await page.attribute('status', 'data-state')).toBe('idle');
        expect(await page.text('accuracy')).toBe('—');
      }
      await page.page.setInputFiles('[data-testid=model-input]', path);
      await page.waitForState('loaded');
      await page.page.click('[data-testid=play]');
      await page.waitForText('status', /continuing from the loaded model|done$/);
      await page.waitForState('done');
      // it started where the loaded model was, far below a fresh network's 0.69
      const firstLoss = Number(await page.attribute('loss-chart', 'data-first-loss'));
      expect(firstLoss).toBeLessThan(Math.max(0.3, 2 * trainedLoss));
      expect(await page.text('model-error')).toBe('');
      await page.page.setInputFiles('[data-testid=model-input]', {
        name: 'bad.json',
        mimeType: 'application/json',
        buffer: Buffer.from('{"format":"x"}'),
      });
      await page.waitForText('model-error', /./);
      expect(await page.text('model-error')).toMatch(/^bad\.json: "format" must be/);
    } finally {
      await page.close();
    }
  });
});

describe('a model loaded onto other data', () => {
  it('is scored on its own z-score, not one fitted on the data shown, and Play starts from that loss', async () => {
    // trained on moons moved and stretched far from the page's: the two z-scores differ a lot
    const moved = makeMoons({ nSamples: 300, noise: 0.1, randomState: 8 });
    const X = moved.X.map((v, i) => (i % 2 === 0 ? 4 * v + 10 : 0.5 * v - 3));
    const trained = await train(makeDataset(X, moved.y, 2), {
      backend: 'cpu',
      standardize: true,
      hidden: [6],
      optimizer: 'adam',
      lr: 0.03,
      batchSize: 20,
      epochs: 30,
    });
    const path = join(testFolder(), 'moved-model.json');
    writeFileSync(path, modelToJson(trained.model));
    const shown = makeMoons({ nSamples: 200, noise: 0.1, randomState: 3 });
    const correct = (p: Float64Array) =>
      p.reduce((sum, q, i) => sum + ((q >= 0.5 ? 1 : 0) === shown.y[i] ? 1 : 0), 0);
    const own = predict(trained.model, shown);
    const refitted = predict(
      { ...trained.model, standardization: fitStandardization(shown) },
      shown,
    );
    // the test tells the two apart: scored on a z-score refitted here, far fewer rows are right
    expect(Math.abs(correct(own) - correct(refitted))).toBeGreaterThan(10);
    const expectedLoss =
      own.reduce((sum, q, i) => sum - Math.log(shown.y[i] === 1 ? q : 1 - q), 0) / own.length;

    const page = await openPage(
      '?dataset=make-moons&samples=200&noise=0.1&dataSeed=3&epochs=5&speed=max',
    );
    try {
      await page.page.setInputFiles('[data-testid=model-input]', path);
      await page.waitForState('loaded');
      expect(await page.page.isChecked('[data-testid=standardize]')).toBe(true);
      const match = /\((\d+) of 200\)/.exec(await page.text('accuracy'));
      // the page scores in float32 on the GPU: a row within rounding of 0.5 may fall either side
      expect(Math.abs(Number(match?.[1]) - correct(own))).toBeLessThanOrEqual(1);
      await page.page.click('[data-testid=play]');
      await page.waitForState('done');
      // the loss before the first step is the loaded model's on these rows, in float32
      const firstLoss = Number(await page.attribute('loss-chart', 'data-first-loss'));
      expect(Math.abs(firstLoss - expectedLoss)).toBeLessThan(1e-5 * expectedLoss);
    } finally {
      await page.close();
    }
  });
});

describe('the page, without WebGPU', () => {
  it('says so and trains on the CPU in its worker, with progress, to the same bits as the CPU reference here', async () => {
    const page = await openPage('', { webgpu: false });
    try {
      expect(await page.text('adapter')).toMatch(
        /WebGPU is not available.*CPU backend still trains/,
      );
      expect(await page.page.inputValue('[data-testid=backend]')).toBe('cpu');
      await page.page.click('[data-testid=train]');
      await page.waitForState('done');
      expect(Number(await page.attribute('status', 'data-frames'))).toBeGreaterThanOrEqual(10);
      expect(await page.text('status')).toMatch(/on cpu/);
      const reference = await train(tutorialData(), { backend: 'cpu', precision: 'f32' });
      // the same TypeScript in the same JavaScript engine family: the same bits
      expect(await finalLoss(page)).toBe(reference.stepLosses[999]);
      await page.page.screenshot({ path: join(testFolder(), 'page-no-webgpu.png') });
    } finally {
      await page.close();
    }
  });
});

describe('the page, from a shared address and from files', () => {
  it('takes its settings from the URL, and names what it cannot use', async () => {
    const page = await openPage(
      '?dataset=make-circles&samples=300&noise=0.05&lr=abc&epochs=99999999&colour=red',
    );
    try {
      expect(await page.page.inputValue('[data-testid=dataset]')).toBe('make-circles');
      expect(await page.page.inputValue('[data-testid=samples]')).toBe('300');
      expect(await page.page.inputValue('[data-testid=lr]')).toBe('0.1');
      const note = await page.text('state-note');
      expect(note).toMatch(/lr "abc": "abc" is not a number/);
      expect(note).toMatch(/epochs "99999999": must be a whole number from 1 to 10 000 000/);
      expect(note).toMatch(/"colour" .* not a setting/);
      await page.waitForText('data-summary', /^300 samples/);
    } finally {
      await page.close();
    }
  });

  it("shows a bad CSV file's error with its line and column as text, and trains on a good one", async () => {
    // at full speed: the run's pace is the tutorial's test, not this one's
    const page = await openPage('?speed=max');
    try {
      const name = '<img src=x onerror=alert(1)>.csv';
      await page.page.setInputFiles('[data-testid=csv-input]', {
        name,
        mimeType: 'text/csv',
        buffer: Buffer.from('x0,x1,y\n1,2,0\n3,oops,1\n'),
      });
      await page.waitForText('csv-error', /./);
      // the message starts with the file, line and column, the name as it was given
      expect(
        (await page.text('csv-error')).startsWith(`${name}:3:2: "oops" in column 2 (x1)`),
      ).toBe(true);
      expect(await page.page.locator('img').count()).toBe(0);
      const rows = Array.from({ length: 30 }, (_, i) => `${i % 5},${i % 3},${i % 7},${i % 2}`);
      const dropped = await page.page.evaluateHandle(
        (csv) => {
          const transfer = new DataTransfer();
          transfer.items.add(new File([csv], 'three.csv', { type: 'text/csv' }));
          return transfer;
        },
        `x0,x1,x2,y\n${rows.join('\n')}\n`,
      );
      await page.page.dispatchEvent('[data-testid=drop]', 'drop', { dataTransfer: dropped });
      await page.waitForText('data-summary', /^30 samples × 3 features/);
      expect(await page.page.inputValue('[data-testid=dataset]')).toBe('csv');
      // the two features that best separate the classes (scikit-learn's f_classif: x2 0.0075,
      // x0 and x1 0, the first of the tie kept)
      expect(await page.text('plot-note')).toMatch(
        /^x0 across and x2 up, 2 of 3 features: .* a slice: x1 held at its training mean \(over the training split\)\.$/,
      );
      await page.page.click('[data-testid=train]');
      await page.waitForState('done');
      expect(await page.text('weights')).toMatch(/^w = \[[^,]+, [^,]+, [^,]+\], b = /);
      // the model is drawn in that slice
      // the field is painted in a frame after the run ends (throttled to its cost): waited for
      await page.page.waitForFunction(
        () =>
          Number(
            document.querySelector('[data-testid=data-chart]')?.getAttribute('data-field-cells'),
          ) > 0,
      );
      expect(Number(await page.attribute('data-chart', 'data-field-cells'))).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  });
});

describe('at every width from a phone to a wide screen', () => {
  it('clips no text: every select holds its choices, nothing scrolls sideways', async () => {
    for (const width of [390, 760, 1024, 1400, 1920]) {
      const page = await openPage('?problem=regression', {
        viewport: { width, height: 900 },
      });
      try {
        await page.waitForText('data-summary', /^100 samples/);
        const clipped = () =>
          page.page.evaluate(() => {
            const measure = document.createElement('canvas').getContext('2d');
            const found: string[] = [];
            if (measure === null) return ['no canvas to measure text with'];
            for (const select of document.querySelectorAll('select')) {
              if (select.offsetParent === null) continue;
              const style = getComputedStyle(select);
              measure.font = `${style.fontSize} ${style.fontFamily}`;
              // the text's room: the select less its padding and the arrow Chromium draws
              const room =
                select.clientWidth -
                parseFloat(style.paddingLeft) -
                parseFloat(style.paddingRight) -
                20;
              for (const option of select.options)
                if (!option.hidden && measure.measureText(option.text).width > room)
                  found.push(`${select.id}: "${option.text}"`);
            }
            return found;
          });
        expect(await clipped(), `${width} px, regression`).toEqual([]);
        // the classification sets too, after switching the Problem type back
        await page.page.selectOption('[data-testid=problem]', 'classification');
        expect(await clipped(), `${width} px, classification`).toEqual([]);
        expect(await scrollWidth(page), `${width} px`).toBeLessThanOrEqual(width);
      } finally {
        await page.close();
      }
    }
  }, 120_000);
});
