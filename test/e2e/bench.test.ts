import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { OpenPage } from '../helpers/page.ts';
import { testFolder } from '../helpers/test_folder.ts';
import { useBuiltPage } from './built_page.ts';

// the Benchmark tab, in headless Chromium on SwiftShader (and with WebGPU off)
const openPage = useBuiltPage();

const rows = (page: OpenPage) =>
  page.page.locator('[data-testid=bench-table] tbody tr').allTextContents();
const finished = (page: OpenPage) =>
  page.waitForText('bench-status', /done$|failed|cancelled/, 150_000);

describe('the Benchmark tab', () => {
  it('runs off the main thread from settings in the address, streams its rows with progress, and checks every loss', async () => {
    const page = await openPage('?tab=bench&bsizes=100&bsteps=100&brepeats=1&bbudget=1');
    try {
      expect(await page.page.isChecked('[data-testid=bench-size-100]')).toBe(true);
      expect(await page.page.isChecked('[data-testid=bench-size-1000]')).toBe(false);
      expect(await page.page.inputValue('[data-testid=bench-steps]')).toBe('100');
      await page.page.click('[data-testid=bench-run]');
      // the first row is in while the rest still run
      await page.page.waitForFunction(
        () =>
          document.querySelectorAll('[data-testid=bench-table] tbody tr').length >= 1 &&
          /^running /.test(document.querySelector('[data-testid=bench-status]')?.textContent ?? ''),
        null,
        { timeout: 60_000 },
      );
      expect(Number(await page.attribute('bench-progress', 'value'))).toBeGreaterThanOrEqual(1);
      // off the main thread: the sweep runs in the benchmark's own worker
      expect(page.page.workers().map((w) => new URL(w.url()).pathname)).toContainEqual(
        expect.stringMatching(/\/bench_worker-[\w-]+\.js$/),
      );
      await finished(page);
      expect(await page.text('bench-status')).toMatch(/ — done$/);
      const table = await rows(page);
      expect(table).toHaveLength(6);
      for (const name of [
        'webgpu-train WebGPU',
        'fused CPU loop',
        'TensorFlow.js webgpu, as-taught',
        'TensorFlow.js webgpu, read-at-end',
        'TensorFlow.js cpu, as-taught',
        'TensorFlow.js wasm, as-taught',
      ])
        expect(
          table.some((row) => row.includes(name)),
          name,
        ).toBe(true);
      expect(table.join('\n')).not.toMatch(/differ/);
      // one yardstick: webgpu-train's time; every other row says how it compares
      expect(table.filter((row) => row.includes('1× (the yardstick)'))).toHaveLength(1);
      expect(table.join('\n')).not.toMatch(/reference/);
      // each comparison as the tab words it: "3.4× faster than", "2 100× slower than", or "as fast
      // as" within 5 %, which two timings of the same small run may well be
      const against = String.raw`(\d[\d .]*× (faster|slower) than|as fast as)`;
      expect(await page.text('bench-verdict')).toMatch(
        new RegExp(
          String.raw`^At N = 100, webgpu-train trained the tutorial ${against} TensorFlow\.js \(its fastest here: [a-z]+, [a-z-]+\) and ${against} a plain CPU loop, on this machine\.$`,
        ),
      );
      // every term the rows use is explained on the tab
      const terms = await page.text('bench-terms');
      for (const term of ['as-taught', 'read-at-end', 'Fused', 'Layered', 'yardstick'])
        expect(terms, term).toContain(term);
      expect(await page.attribute('bench-progress', 'value')).toBe(
        await page.attribute('bench-progress', 'max'),
      );
      // the long tasks on the page's own thread while the sweep runs: npm run bench:page
      await page.page.screenshot({
        path: join(testFolder(), 'page-benchmark.png'),
        fullPage: true,
      });
    } finally {
      await page.close();
    }
  }, 180_000);

  it('offers Run only on good fields and while no sweep goes, and cancels a sweep at once, keeping the rows it has', async () => {
    const page = await openPage('?tab=bench&bsizes=100,1000,10000&bsteps=100&brepeats=1&bbudget=1');
    try {
      expect(await page.page.isDisabled('[data-testid=bench-cancel]')).toBe(true);
      await page.setField('bench-steps', '0');
      expect(await page.page.isDisabled('[data-testid=bench-run]')).toBe(true);
      await page.setField('bench-steps', '100');
      expect(await page.page.isDisabled('[data-testid=bench-run]')).toBe(false);
      await page.page.click('[data-testid=bench-run]');
      expect(await page.page.isDisabled('[data-testid=bench-run]')).toBe(true);
      // a field changed while the sweep goes does not offer Run again
      await page.setField('bench-steps', '200');
      expect(await page.page.isDisabled('[data-testid=bench-run]')).toBe(true);
      await page.page.waitForFunction(
        () => document.querySelectorAll('[data-testid=bench-table] tbody tr').length >= 1,
        null,
        { timeout: 60_000 },
      );
      await page.page.click('[data-testid=bench-cancel]');
      await finished(page);
      const kept = (await rows(page)).length;
      expect(kept).toBeGreaterThanOrEqual(1);
      expect(await page.text('bench-status')).toBe(
        `cancelled after ${kept} row${kept === 1 ? '' : 's'}`,
      );
      expect(await page.page.isDisabled('[data-testid=bench-cancel]')).toBe(true);
      expect(await page.page.isDisabled('[data-testid=bench-run]')).toBe(false);
    } finally {
      await page.close();
    }
  }, 180_000);

  it('without WebGPU, runs the CPU loop and TensorFlow.js on its CPU and WASM backends', async () => {
    const page = await openPage('?tab=bench&bsizes=100&bsteps=100&brepeats=1&bbudget=1', {
      webgpu: false,
    });
    try {
      await page.page.click('[data-testid=bench-run]');
      await finished(page);
      expect(await page.text('bench-status')).toMatch(/^measured on no WebGPU here .* — done$/);
      const table = await rows(page);
      expect(table.map((row) => /^100(.*?)\d/.exec(row)?.[1])).toEqual([
        'fused CPU loop',
        'TensorFlow.js cpu, as-taught',
        'TensorFlow.js wasm, as-taught',
      ]);
    } finally {
      await page.close();
    }
  }, 180_000);
});
