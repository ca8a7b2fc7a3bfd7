import { describe, expect, it } from 'vitest';
import { openPage } from '../helpers/page.ts';
import { useBuiltPage } from './built_page.ts';

// TensorFlow Playground's views on the page, in headless Chromium on SwiftShader
const pageUrl = useBuiltPage();

describe("the Playground's views", () => {
  it('draws the network with a live edge per weight, and a hidden unit’s own heatmap on hover and on focus', async () => {
    const page = await openPage(
      pageUrl(),
      '?dataset=make-circles&samples=200&noise=0.05&hidden=4,3&features=x2,y2&optimizer=adam&lr=0.03&batch=10&epochs=30&speed=max',
    );
    try {
      // inputs x0, x1, x0², x1² → 4 → 3 → 1
      expect(await page.attribute('network', 'data-edges')).toBe(String(4 * 4 + 4 * 3 + 3));
      await page.page.click('[data-testid=train]');
      await page.waitForState('done');
      const widths = await page.page.$$eval('[data-testid=network] line', (lines) =>
        lines.map((line) => Number(line.getAttribute('stroke-width'))),
      );
      expect(widths).toHaveLength(31);
      expect(new Set(widths).size).toBeGreaterThan(5);
      await page.page.hover('[data-testid=unit-1-2]');
      const popover = page.page.locator('[data-testid=unit-popover]');
      await popover.waitFor({ state: 'visible' });
      await page.page.waitForFunction(
        () => (document.querySelector('#unit-caption')?.textContent ?? '') !== '',
      );
      expect(await page.page.textContent('#unit-caption')).toBe(
        'hidden layer 1, unit 2: its activation over the plane',
      );
      expect(Number(await page.attribute('unit-heatmap', 'width'))).toBeGreaterThan(10);
      await page.page.mouse.move(0, 0);
      await popover.waitFor({ state: 'hidden' });
      await page.page.focus('[data-testid=unit-2-3]');
      await popover.waitFor({ state: 'visible' });
      await page.page.waitForFunction(() =>
        /layer 2, unit 3/.test(document.querySelector('#unit-caption')?.textContent ?? ''),
      );
    } finally {
      await page.close();
    }
  });

  it('shows the training or the test points, as the toggle says, with their count', async () => {
    const page = await openPage(pageUrl(), '?dataset=make-moons&samples=400&split=0.5,0,0.5');
    try {
      await page.waitForText('plot-count', /^400 points/);
      for (const [view, count] of [
        ['test', '200'],
        ['train', '200'],
        ['all', '400'],
      ] as const) {
        await page.page.selectOption('[data-testid=points]', view);
        await page.page.waitForFunction(
          (n) =>
            document
              .querySelector('[data-testid=data-chart]')
              ?.getAttribute('data-points-shown') === n,
          count,
        );
        expect(await page.text('plot-count')).toBe(`${count} points`);
      }
      await page.page.selectOption('[data-testid=points]', 'test');
      expect(page.page.url()).toMatch(/points=test/);
    } finally {
      await page.close();
    }
  });

  it('says steps per second and the time left while running, and how long a long run would take before it runs', async () => {
    const page = await openPage(
      pageUrl(),
      '?dataset=make-moons&samples=20000&epochs=100000&speed=max',
    );
    try {
      await page.waitForText('warm-status', /^kernels ready/, 60_000);
      // the warm-up measured the rate: a run of ten million steps is hours, said before it runs
      await page.setField('steps', '10000000');
      await page.page.waitForFunction(
        () =>
          document.querySelector('[data-testid=estimate]')?.getAttribute('data-long') === 'true',
      );
      expect(await page.text('estimate')).toMatch(
        /^10 000 000 steps: about [\d.]+ (min|h) on webgpu at the rate measured here — lower Epochs or Samples, or raise Batch size, to see it sooner$/,
      );
      await page.setField('steps', '100000');
      await page.page.click('[data-testid=train]');
      await page.waitForText('status', / steps\/s · .* left…$/, 60_000);
      expect(await page.text('status')).toMatch(
        /^training on webgpu: step [\d ]+ of 100 000 · [\d ]+ steps\/s · (under 1 s|\d+ s|\d+ min) left…$/,
      );
      await page.page.click('[data-testid=stop]');
      await page.waitForState('stopped');
    } finally {
      await page.close();
    }
  });

  it('warns before a run of settings likely to diverge: Adam at the tutorial’s rate, features at wild scales', async () => {
    const page = await openPage(pageUrl(), '?dataset=make-moons&hidden=8&optimizer=adam&lr=0.1');
    try {
      const hints = () => page.page.locator('[data-testid=hints] li').allTextContents();
      await page.page.waitForFunction(
        () => (document.querySelector('[data-testid=hints]')?.children.length ?? 0) > 0,
      );
      expect(await hints()).toEqual([
        "Adam at lr 0.1 takes steps of about 0.1 in every weight whatever the gradient, and tends to overshoot and stall: TensorFlow Playground uses 0.03, PyTorch's default is 0.001.",
      ]);
      await page.setField('lr', '0.03');
      expect(await hints()).toEqual([]);
      // a CSV whose features are 10⁴ apart in scale, as raw measurements are
      const rows = Array.from(
        { length: 40 },
        (_, i) => `${1000 + 97 * i},${(i % 7) / 100},${i % 2}`,
      );
      await page.page.setInputFiles('[data-testid=csv-input]', {
        name: 'raw.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`area,smoothness,y\n${rows.join('\n')}\n`),
      });
      await page.page.waitForFunction(
        () => (document.querySelector('[data-testid=hints]')?.children.length ?? 0) > 0,
      );
      const [scale] = await hints();
      expect(scale).toMatch(
        /^The raw features: feature scales differ by [\d.e+]+× .*tick Standardize the features to train on z-scores/,
      );
      await page.page.check('[data-testid=standardize]');
      await page.page.waitForFunction(
        () => (document.querySelector('[data-testid=hints]')?.children.length ?? 1) === 0,
      );
      expect(page.page.url()).toMatch(/standardize=1/);
    } finally {
      await page.close();
    }
  });
});
