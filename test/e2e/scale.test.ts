import { describe, expect, it } from 'vitest';
import { useBuiltPage } from './built_page.ts';

// the built page in headless Chromium on SwiftShader: large runs train, stop and draw. How much
// memory they hold, how soon Stop answers and how many long tasks they cause depend on the machine
// and its load: `npm run bench:page` measures them against the page's aims.
const openPage = useBuiltPage();

describe('the page at scale', () => {
  it('trains the spiral of 100 000 samples with one sample a step, live, and Stop keeps what it reached', async () => {
    // the case that grew the tab to 4.4 GB and crashed it: 10 epochs of 100 000 steps
    const page = await openPage(
      '?dataset=spiral&samples=100000&noise=0&hidden=8&batch=1&epochs=10&lr=0.03',
    );
    try {
      await page.waitForText('data-summary', /^100 000 samples/);
      expect(await page.text('field-error-epochs')).toBe('');
      await page.page.click('[data-testid=train]');
      // well into the run: steps counted, curves and heatmap drawn
      await page.page.waitForFunction(
        () =>
          Number(document.querySelector('[data-testid=status]')?.getAttribute('data-steps')) >
          20_000,
        null,
        { timeout: 60_000 },
      );
      expect(await page.attribute('status', 'data-state')).toBe('running');
      await page.page.click('[data-testid=stop]');
      await page.waitForState('stopped');
      // Stop kept what the run reached
      expect(await page.text('status')).toMatch(/^stopped at step [\d ]+ of 1 000 000/);
      expect(await page.stepsShown()).toBeGreaterThan(20_000);
      expect(Number(await page.attribute('final-loss', 'data-value'))).toBeGreaterThan(0);
      expect(await page.text('accuracy')).toMatch(/^\d+\.\d % \([\d ]+ of 100 000\)/);
      expect(page.errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 180_000);

  it('trains on a million samples on WebGPU, drawing 4000 of the points', async () => {
    // 30 full-batch epochs: a frame can show at most one step's progress, so 30 steps leave room
    // over the 10 frames asked for, on a machine fast or slow
    const page = await openPage('?samples=1000000&epochs=30');
    try {
      await page.waitForText('data-summary', /^1 000 000 samples/, 60_000);
      expect(await page.text('plot-count')).toBe('4 000 of 1 000 000 points shown');
      await page.page.click('[data-testid=train]');
      await page.waitForState('done', 150_000);
      expect(Number(await page.attribute('status', 'data-frames'))).toBeGreaterThanOrEqual(10);
      expect(await page.text('accuracy')).toMatch(/ of 1 000 000\)$/);
      expect(page.errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 240_000);
});
