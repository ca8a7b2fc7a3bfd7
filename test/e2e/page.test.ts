import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClassification } from '../../src/data/index.ts';
import { train } from '../../src/train/index.ts';
import { openBrowser, servePage, type Browser } from '../helpers/browser.ts';
import { makeData } from '../../src/page/data_panel.ts';
import { DEFAULT_STATE } from '../../src/page/url_state.ts';
import { ensurePageBuilt } from './built_page.ts';

// the built page (npm test builds it first; built here when stale), in headless Chromium on SwiftShader
const ARTIFACTS = 'test-results';
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  await ensurePageBuilt();
  server = await servePage();
});
afterAll(async () => {
  await server.close();
});

const tutorialData = () =>
  makeClassification({
    nSamples: 100,
    nFeatures: 2,
    nRedundant: 0,
    nClustersPerClass: 1,
    randomState: 0,
  });
const text = async (browser: Browser, testId: string) =>
  (await browser.page.textContent(`[data-testid=${testId}]`)) ?? '';
/** The final loss with every digit of its float32 (the text shows seven, as the CLI prints it). */
const finalLoss = async (browser: Browser) =>
  Number(await browser.page.getAttribute('[data-testid=final-loss]', 'data-value'));
const done = (browser: Browser) =>
  browser.page.waitForFunction(
    () => /done$/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''),
    null,
    { timeout: 60_000 },
  );
/** Records what the Content-Security-Policy blocks, from the first script on. */
const watchCsp = (browser: Browser) =>
  browser.page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { cspViolations: seen });
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI}`),
    );
  });
const cspViolations = (browser: Browser) =>
  browser.page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
const setField = async (browser: Browser, testId: string, value: string) => {
  await browser.page.fill(`[data-testid=${testId}]`, value);
  await browser.page.dispatchEvent(`[data-testid=${testId}]`, 'change');
};
const progressed = (browser: Browser, steps: number) =>
  browser.page.waitForFunction(
    (of) =>
      new RegExp(`step \\d+ of ${of}…`).test(
        document.querySelector('[data-testid=status]')?.textContent ?? '',
      ),
    steps,
    { timeout: 30_000 },
  );
const adapterKnown = (browser: Browser) =>
  browser.page.waitForFunction(
    () =>
      !(document.querySelector('[data-testid=adapter]')?.textContent ?? '').startsWith('looking'),
  );

describe('the page, with WebGPU', () => {
  let browser: Browser;
  const errors: string[] = [];
  beforeAll(async () => {
    browser = await openBrowser({ webgpu: true });
    browser.page.on('pageerror', (error) => errors.push(error.message));
    await watchCsp(browser);
    await browser.page.goto(server.url);
    await adapterKnown(browser);
  });
  afterAll(async () => {
    await browser.close();
  });

  it('names the adapter, and says when it is software', async () => {
    const adapter = await text(browser, 'adapter');
    // a missing adapter is a failure here, never a skip
    expect(adapter).not.toMatch(/not available/);
    const software = await browser.page.getAttribute('[data-testid=adapter]', 'data-software');
    // CI has no GPU: there the adapter is SwiftShader, and the panel must say it is the CPU
    if (process.env['CI'] === 'true' || /swiftshader/i.test(adapter)) {
      expect(adapter).toMatch(
        /^google · swiftshader.* — a software adapter: WebGPU emulated on the CPU, not a GPU$/,
      );
      expect(software).toBe('true');
    } else {
      expect(adapter).toMatch(/\(GPU\)$/);
      expect(software).toBe('false');
    }
  });

  it("trains the tutorial on WebGPU to the CPU reference's loss, with every step charted and the boundary drawn", async () => {
    await browser.page.click('[data-testid=train]');
    await done(browser);
    const status = await text(browser, 'status');
    expect(status).toMatch(/on webgpu/);
    const loss = await finalLoss(browser);
    expect(await text(browser, 'final-loss')).toBe(String(Number(loss.toPrecision(7))));
    const reference = await train(tutorialData(), {
      backend: 'cpu',
      precision: 'f32',
      init: { seed: 0 },
    });
    const expected = reference.losses[999]!;
    // the GPU and the f32 reference differ by a few ulp of exp/log per step: measured 2.5e-7 relative
    expect(Math.abs(loss - expected) / expected).toBeLessThan(2e-6);
    expect(await browser.page.getAttribute('[data-testid=loss-chart]', 'data-points')).toBe('1000');
    expect(
      await browser.page.getAttribute('[data-testid=data-chart]', 'data-boundary-points'),
    ).toBe('2');
    expect(await text(browser, 'accuracy')).toMatch(/^\d+\.\d % \(\d+ of 100\)$/);
    expect(errors).toEqual([]);
    await browser.page.screenshot({ path: `${ARTIFACTS}/page-tutorial.png`, fullPage: true });
  });

  it('keeps every step of a long curve (drawn decimated), and draws it on a log scale when asked', async () => {
    const lossChart = '[data-testid=loss-chart]';
    // past about four points per pixel the decimation plugin draws a few hundred of them
    await setField(browser, 'steps', '20000');
    await browser.page.click('[data-testid=train]');
    await done(browser);
    expect(await browser.page.getAttribute(lossChart, 'data-points')).toBe('20000');
    const reference = await train(tutorialData(), {
      backend: 'cpu',
      precision: 'f32',
      steps: 20000,
    });
    const expected = reference.losses[19999]!;
    // a few ulp per step apart, as above; measured equal over these 20 000 steps
    expect(Math.abs((await finalLoss(browser)) - expected) / expected).toBeLessThan(2e-6);
    await browser.page.check('[data-testid=log-scale]');
    expect(await browser.page.getAttribute(lossChart, 'data-y-scale')).toBe('logarithmic');
    expect(browser.page.url()).toMatch(/[?&]log=1/);
    await browser.page.screenshot({ path: `${ARTIFACTS}/page-log-scale.png` });
    await browser.page.uncheck('[data-testid=log-scale]');
    expect(await browser.page.getAttribute(lossChart, 'data-y-scale')).toBe('linear');
    expect(browser.page.url()).not.toMatch(/log=/);
  });

  it('cancels a run cleanly when Train is pressed again: the new run starts afresh', async () => {
    await browser.page.selectOption('[data-testid=dataset]', 'make-moons');
    await setField(browser, 'samples', '20000');
    await setField(browser, 'steps', '100000');
    await browser.page.click('[data-testid=train]');
    await progressed(browser, 100000);
    await setField(browser, 'steps', '50');
    await browser.page.click('[data-testid=train]');
    await done(browser);
    expect(await text(browser, 'status')).toMatch(/^trained 50 steps on webgpu/);
    expect(await browser.page.getAttribute('[data-testid=loss-chart]', 'data-points')).toBe('50');
    const afterCancel = await finalLoss(browser);
    // nothing of the cancelled run (its weights, its losses) reaches this one: a run with
    // nothing before it gives the same bits
    await browser.page.click('[data-testid=train]');
    await done(browser);
    expect(await finalLoss(browser)).toBe(afterCancel);
    const moons = makeData({ ...DEFAULT_STATE, dataset: 'make-moons', samples: 20000 });
    const reference = await train(moons, { backend: 'cpu', precision: 'f64', steps: 50 });
    const expected = reference.losses[49]!;
    // float32 sums over 20 000 samples: the GPU's fixed tree stays near float64 (measured 1.7e-7
    // relative), nearer than the f32 reference's running sum (4e-6)
    expect(Math.abs(afterCancel - expected) / expected).toBeLessThan(2e-6);
  });

  it('runs under its Content-Security-Policy: scripts from its own origin, no eval, nothing blocked', async () => {
    const policy = await browser.page.getAttribute(
      'meta[http-equiv=Content-Security-Policy]',
      'content',
    );
    expect(policy).toMatch(/script-src 'self'( 'wasm-unsafe-eval')?;/);
    expect(policy).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
    // Chart.js drew both charts above under it
    expect(await cspViolations(browser)).toEqual([]);
  });

  it("shows a bad CSV file's error with its line and column, as text", async () => {
    const name = '<img src=x onerror=alert(1)>.csv';
    await browser.page.setInputFiles('[data-testid=csv-input]', {
      name,
      mimeType: 'text/csv',
      buffer: Buffer.from('x0,x1,y\n1,2,0\n3,oops,1\n'),
    });
    await browser.page.waitForFunction(
      () => (document.querySelector('[data-testid=csv-error]')?.textContent ?? '') !== '',
    );
    expect(await text(browser, 'csv-error')).toBe(
      `${name}:3:2: "oops" in column 2 (x1) is not a number; features must be numbers: fix the value, or leave the column out with --ignore x1, or if it is the label, name it with --label x1 (the last column is the default)`,
    );
    // the file name reached the page as text: no element was made from it
    expect(await browser.page.locator('img').count()).toBe(0);
    await browser.page.screenshot({ path: `${ARTIFACTS}/page-csv-error.png` });
  });

  it('trains on a CSV the user loads', async () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => `${(i % 7) - 3},${(i % 5) - 2},${(i % 7) - 3 + ((i % 5) - 2) > 0 ? 1 : 0}`,
    );
    await browser.page.setInputFiles('[data-testid=csv-input]', {
      name: 'mine.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`x0,x1,y\n${rows.join('\n')}\n`),
    });
    await browser.page.waitForFunction(() =>
      (document.querySelector('[data-testid=data-summary]')?.textContent ?? '').startsWith(
        '40 samples',
      ),
    );
    expect(await text(browser, 'csv-error')).toBe('');
    await browser.page.click('[data-testid=train]');
    await done(browser);
    expect(Number(await text(browser, 'final-loss'))).toBeLessThan(0.69);
  });

  it('stops a long run promptly, and trains again after', async () => {
    await browser.page.selectOption('[data-testid=dataset]', 'make-moons');
    await browser.page.fill('[data-testid=samples]', '20000');
    await browser.page.dispatchEvent('[data-testid=samples]', 'change');
    await browser.page.fill('[data-testid=steps]', '100000');
    await browser.page.dispatchEvent('[data-testid=steps]', 'change');
    await browser.page.click('[data-testid=train]');
    await browser.page
      .waitForFunction(
        () =>
          /step \d+ of 100000/.test(
            document.querySelector('[data-testid=status]')?.textContent ?? '',
          ),
        null,
        { timeout: 30_000 },
      )
      .catch(async (error: unknown) => {
        const status = await text(browser, 'status');
        const points = await browser.page.getAttribute('[data-testid=loss-chart]', 'data-points');
        throw new Error(`no progress: status "${status}", ${points} points: ${String(error)}`);
      });
    const clicked = Date.now();
    await browser.page.click('[data-testid=stop]');
    await browser.page.waitForFunction(
      () => document.querySelector('[data-testid=status]')?.textContent === 'stopped',
    );
    expect(Date.now() - clicked).toBeLessThan(3000);
    expect(browser.page.url()).toMatch(/dataset=make-moons/);
    await browser.page.fill('[data-testid=steps]', '50');
    await browser.page.dispatchEvent('[data-testid=steps]', 'change');
    await browser.page.click('[data-testid=train]');
    await done(browser);
  });
});

describe('the page, without WebGPU', () => {
  it('says WebGPU is unavailable and trains on the CPU, to the same loss as the CPU reference here', async () => {
    const browser = await openBrowser({ webgpu: false });
    try {
      await browser.page.goto(server.url);
      await adapterKnown(browser);
      expect(await text(browser, 'adapter')).toMatch(
        /WebGPU is not available.*CPU backend still trains/,
      );
      expect(await browser.page.inputValue('[data-testid=backend]')).toBe('cpu');
      await browser.page.click('[data-testid=train]');
      await done(browser);
      expect(await text(browser, 'status')).toMatch(/on cpu/);
      const reference = await train(tutorialData(), {
        backend: 'cpu',
        precision: 'f32',
        init: { seed: 0 },
      });
      // the same TypeScript in the same JavaScript engine family: the same bits
      expect(await finalLoss(browser)).toBe(reference.losses[999]);
      await browser.page.screenshot({ path: `${ARTIFACTS}/page-no-webgpu.png`, fullPage: true });
    } finally {
      await browser.close();
    }
  });
});

describe('the page, with data it cannot make or cannot plot', () => {
  it("shows a generator's complaint, trains nothing, and recovers when the setting is fixed", async () => {
    const browser = await openBrowser({ webgpu: true });
    try {
      await browser.page.goto(`${server.url}?dataset=xor&noise=1`);
      await browser.page.waitForFunction(
        () => (document.querySelector('[data-testid=data-error]')?.textContent ?? '') !== '',
      );
      expect(await text(browser, 'data-error')).toMatch(/noise must be .* \[0, 0\.5\], got 1/);
      await browser.page.click('[data-testid=train]');
      await browser.page.waitForFunction(() =>
        /^no data set/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''),
      );
      await setField(browser, 'noise', '0.2');
      await browser.page.waitForFunction(() =>
        /^100 samples/.test(
          document.querySelector('[data-testid=data-summary]')?.textContent ?? '',
        ),
      );
      expect(await text(browser, 'data-error')).toBe('');
      await browser.page.click('[data-testid=train]');
      await done(browser);
    } finally {
      await browser.close();
    }
  });

  it('takes a dropped CSV of three features, trains on it, and says the plot needs two for a boundary', async () => {
    const browser = await openBrowser({ webgpu: true });
    try {
      await browser.page.goto(server.url);
      await adapterKnown(browser);
      const rows = Array.from({ length: 30 }, (_, i) => `${i % 5},${i % 3},${i % 7},${i % 2}`);
      const dropped = await browser.page.evaluateHandle(
        (csv) => {
          const transfer = new DataTransfer();
          transfer.items.add(new File([csv], 'three.csv', { type: 'text/csv' }));
          return transfer;
        },
        `x0,x1,x2,y\n${rows.join('\n')}\n`,
      );
      await browser.page.dispatchEvent('[data-testid=drop]', 'drop', { dataTransfer: dropped });
      await browser.page.waitForFunction(() =>
        /^30 samples × 3 features/.test(
          document.querySelector('[data-testid=data-summary]')?.textContent ?? '',
        ),
      );
      expect(await browser.page.inputValue('[data-testid=dataset]')).toBe('csv');
      expect(await text(browser, 'plot-note')).toMatch(/two features only; this data set has 3/);
      await browser.page.click('[data-testid=train]');
      await done(browser);
      expect(await text(browser, 'weights')).toMatch(/^w = \[[^,]+, [^,]+, [^,]+\], b = /);
      expect(
        await browser.page.getAttribute('[data-testid=data-chart]', 'data-boundary-points'),
      ).toBe('0');
    } finally {
      await browser.close();
    }
  });
});

describe('the page stays responsive', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await openBrowser({ webgpu: true });
    await browser.page.addInitScript(() => {
      const tasks: number[] = [];
      Object.assign(window, { longTasks: tasks });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push(Math.round(entry.duration));
      }).observe({ type: 'longtask' });
    });
  });
  afterAll(async () => {
    await browser.close();
  });
  /** Opens the page, and returns the long tasks from when its modules have loaded. */
  const openAndWatch = async (query: string) => {
    await browser.page.goto(`${server.url}?${query}`);
    await adapterKnown(browser);
    const longTasks = () =>
      browser.page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    const atStart = (await longTasks()).length;
    await browser.page.waitForFunction(
      () =>
        / samples × /.test(document.querySelector('[data-testid=data-summary]')?.textContent ?? ''),
      null,
      { timeout: 30_000 },
    );
    return async () => (await longTasks()).slice(atStart);
  };

  it('makes a million samples and trains on them on the CPU without holding the main thread', async () => {
    const longTasksSinceLoad = await openAndWatch('samples=1000000&steps=3&backend=cpu');
    expect(await text(browser, 'data-summary')).toMatch(/^1000000 samples/);
    await browser.page.click('[data-testid=train]');
    await done(browser);
    expect(await text(browser, 'status')).toMatch(/^trained 3 steps on cpu/);
    // making the data on the main thread held it 1.2–1.6 s here, and one CPU step 120 ms;
    // in workers the longest task measured 165 ms on a two-core machine drawing in software
    expect(Math.max(0, ...(await longTasksSinceLoad()))).toBeLessThan(500);
  });

  it('trains a model on the CPU in a worker: the page stays live, and Stop ends it at once', async () => {
    const longTasksSinceLoad = await openAndWatch(
      'dataset=make-moons&samples=100000&hidden=8,8&optimizer=adam&backend=cpu&steps=5',
    );
    await browser.page.click('[data-testid=train]');
    await done(browser);
    expect(await text(browser, 'status')).toMatch(/^trained 5 epochs on cpu/);
    // on the main thread this run was one task of about 2 s
    expect(Math.max(0, ...(await longTasksSinceLoad()))).toBeLessThan(500);
    await setField(browser, 'steps', '1000');
    await browser.page.click('[data-testid=train]');
    await browser.page.waitForTimeout(300);
    const clicked = Date.now();
    await browser.page.click('[data-testid=stop]');
    await browser.page.waitForFunction(
      () => document.querySelector('[data-testid=status]')?.textContent === 'stopped',
    );
    expect(Date.now() - clicked).toBeLessThan(1000);
  });
});

describe('the page, from a shared address', () => {
  it('takes its settings from the URL, and names what it cannot use', async () => {
    const browser = await openBrowser({ webgpu: true });
    try {
      await browser.page.goto(
        `${server.url}?dataset=make-circles&samples=300&noise=0.05&lr=abc&steps=99999999&colour=red`,
      );
      await adapterKnown(browser);
      expect(await browser.page.inputValue('[data-testid=dataset]')).toBe('make-circles');
      expect(await browser.page.inputValue('[data-testid=samples]')).toBe('300');
      expect(await browser.page.inputValue('[data-testid=lr]')).toBe('0.1');
      const note = await text(browser, 'state-note');
      expect(note).toMatch(/lr "abc" is not a number/);
      expect(note).toMatch(/steps 99999999 is outside/);
      expect(note).toMatch(/"colour" .* not a setting/);
      expect(await text(browser, 'data-summary')).toMatch(/^300 samples/);
    } finally {
      await browser.close();
    }
  });
});

describe('the Benchmark tab', () => {
  it('runs WebGPU, the CPU loop and TensorFlow.js on the same work, and checks every loss', async () => {
    const browser = await openBrowser({ webgpu: true });
    try {
      await browser.page.goto(`${server.url}?tab=bench`);
      for (const size of ['1000', '10000', '100000'])
        await browser.page.uncheck(`input[name=size][value="${size}"]`);
      await browser.page.fill('[data-testid=bench-steps]', '100');
      await browser.page.fill('[data-testid=bench-budget]', '1');
      await browser.page.click('[data-testid=bench-run]');
      await browser.page.waitForFunction(
        () =>
          /done$|failed/.test(
            document.querySelector('[data-testid=bench-status]')?.textContent ?? '',
          ),
        null,
        { timeout: 120_000 },
      );
      expect(await text(browser, 'bench-status')).toMatch(/done$/);
      const rows = await browser.page
        .locator('[data-testid=bench-table] tbody tr')
        .allTextContents();
      expect(rows).toHaveLength(6);
      for (const name of [
        'webgpu-train WebGPU',
        'fused CPU loop',
        'TensorFlow.js webgpu, as-taught',
        'TensorFlow.js webgpu, read-at-end',
        'TensorFlow.js cpu',
        'TensorFlow.js wasm',
      ]) {
        expect(
          rows.some((row) => row.includes(name)),
          name,
        ).toBe(true);
      }
      expect(rows.join('\n')).not.toMatch(/MISMATCH/);
      await browser.page.screenshot({ path: `${ARTIFACTS}/page-benchmark.png`, fullPage: true });
    } finally {
      await browser.close();
    }
  }, 150_000);
});

describe('the page, beyond the tutorial', () => {
  it('trains an MLP with a split on moons, shows every curve, the metrics and the confusion matrix, and saves and reloads the model', async () => {
    const browser = await openBrowser({ webgpu: true });
    try {
      const query =
        'dataset=make-moons&samples=300&noise=0.1&hidden=8,8&optimizer=adam&lr=0.03&batch=10&steps=30&split=0.6,0.2,0.2&patience=10';
      await browser.page.goto(`${server.url}?${query}`);
      await adapterKnown(browser);
      expect(await text(browser, 'state-note')).toBe('');
      await browser.page.click('[data-testid=train]');
      await done(browser);
      expect(await text(browser, 'status')).toMatch(/trained \d+ epochs on webgpu/);
      expect(
        Number(await browser.page.getAttribute('[data-testid=loss-chart]', 'data-points')),
      ).toBeGreaterThan(0);
      const metrics = await browser.page
        .locator('[data-testid=metrics] tbody tr')
        .allTextContents();
      expect(metrics.map((row) => /^[a-z]+/.exec(row)?.[0])).toEqual([
        'train',
        'validation',
        'test',
      ]);
      const testRow = metrics[2] ?? '';
      expect(Number(/(\d+\.\d) %/.exec(testRow)?.[1])).toBeGreaterThanOrEqual(90);
      expect(await browser.page.locator('[data-testid=confusion] tbody tr').count()).toBe(2);
      // a curved boundary: the heatmap, no straight line
      expect(
        await browser.page.getAttribute('[data-testid=data-chart]', 'data-boundary-points'),
      ).toBe('0');
      const [saved] = await Promise.all([
        browser.page.waitForEvent('download'),
        browser.page.click('[data-testid=save-json]'),
      ]);
      const path = `${ARTIFACTS}/page-model.json`;
      await saved.saveAs(path);
      await browser.page.screenshot({ path: `${ARTIFACTS}/page-model.png`, fullPage: true });
      await browser.page.click('[data-testid=reset]');
      await browser.page.setInputFiles('[data-testid=model-input]', path);
      await browser.page.waitForFunction(() =>
        /^loaded/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''),
      );
      expect(await text(browser, 'model-error')).toBe('');
      await browser.page.setInputFiles('[data-testid=model-input]', {
        name: 'bad.json',
        mimeType: 'application/json',
        buffer: Buffer.from('{"format":"x"}'),
      });
      await browser.page.waitForFunction(
        () => (document.querySelector('[data-testid=model-error]')?.textContent ?? '') !== '',
      );
      expect(await text(browser, 'model-error')).toMatch(/^bad\.json: "format" must be/);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
