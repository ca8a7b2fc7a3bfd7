import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeApng } from '../helpers/apng.ts';
import { openPage, type OpenPage } from '../helpers/page.ts';
import { WDBC_CSV } from '../helpers/wdbc.ts';
import { useBuiltPage } from './built_page.ts';

// The pictures in the README and docs/, made by the page itself in headless Chromium on
// SwiftShader: a still of the tutorial trained, of an MLP with its network, on a phone, and an
// animated PNG of the tutorial learning. They go to test-results/; with WRITE_DOCS=1, to docs/ as well.
const OUT = process.env['WRITE_DOCS'] === '1' ? ['test-results', 'docs'] : ['test-results'];
const pageUrl = useBuiltPage(...OUT);

const save = (name: string, bytes: Buffer) => {
  for (const folder of OUT) writeFileSync(`${folder}/${name}`, bytes);
};
const kernelsReady = (page: OpenPage) => page.waitForText('warm-status', /^kernels ready/, 60_000);

/** The box around the plot and the loss chart, in page pixels. */
async function plotAndLoss(page: OpenPage) {
  return page.page.evaluate(() => {
    const boxes = ['.plot', '.loss'].map((s) => document.querySelector(s)?.getBoundingClientRect());
    const x = Math.min(...boxes.map((b) => b?.left ?? 0));
    const y = Math.min(...boxes.map((b) => b?.top ?? 0));
    const right = Math.max(...boxes.map((b) => b?.right ?? 0));
    const bottom = Math.max(
      ...boxes.map((b) => (b === undefined ? 0 : b.top + Math.min(b.height, 560))),
    );
    return { x, y, width: Math.round(right - x), height: Math.round(bottom - y) };
  });
}

describe("the README's pictures", () => {
  it('captures the tutorial learning, paused at steps along the way, as an animated PNG', async () => {
    const page = await openPage(pageUrl(), '?speed=1');
    try {
      await kernelsReady(page);
      const clip = await plotAndLoss(page);
      const frames: Buffer[] = [await page.page.screenshot({ clip })];
      const steps = [0];
      // slow at first, where the boundary moves most, then faster
      const targets = [
        [3, '1'],
        [8, '1'],
        [16, '1'],
        [30, '1'],
        [60, '10'],
        [120, '10'],
        [200, '10'],
        [350, '10'],
        [550, '10'],
        [750, '10'],
      ] as const;
      for (const [target, speed] of targets) {
        await page.page.selectOption('[data-testid=speed]', speed);
        await page.page.click('[data-testid=play]');
        await page.page.waitForFunction(
          (n) =>
            Number(document.querySelector('[data-testid=status]')?.getAttribute('data-steps')) >= n,
          target,
          { timeout: 60_000 },
        );
        await page.page.click('[data-testid=pause]');
        await page.waitForState(/paused|done/);
        if ((await page.attribute('status', 'data-state')) === 'done') break;
        // the held step drawn: the frame after the last progress
        await page.page.evaluate(
          () =>
            new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
        );
        steps.push(await page.stepsShown());
        frames.push(await page.page.screenshot({ clip }));
      }
      if ((await page.attribute('status', 'data-state')) !== 'done') {
        await page.page.click('[data-testid=play]');
        await page.waitForState('done');
      }
      await page.page.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      );
      steps.push(1000);
      frames.push(await page.page.screenshot({ clip }));
      // each step shown a little later than the last, the end held longer
      expect(steps.every((s, i) => i === 0 || s > (steps[i - 1] ?? 0))).toBe(true);
      const apng = encodeApng(
        frames,
        frames.map((_, i) => (i === frames.length - 1 ? 2500 : 400)),
      );
      save('learning.png', apng);
      // Chromium's own decoder reads it back: every frame, at the size captured
      const decoded = await page.page.evaluate(async (base64) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const decoder = new ImageDecoder({ data: bytes, type: 'image/png' });
        await decoder.tracks.ready;
        const track = decoder.tracks.selectedTrack;
        const last = await decoder.decode({ frameIndex: (track?.frameCount ?? 1) - 1 });
        return {
          frames: track?.frameCount,
          animated: track?.animated,
          width: last.image.displayWidth,
          height: last.image.displayHeight,
        };
      }, apng.toString('base64'));
      expect(decoded).toEqual({
        frames: frames.length,
        animated: true,
        width: clip.width,
        height: clip.height,
      });
      console.log(
        `learning.png: ${frames.length} frames at steps ${steps.join(', ')}, ${(apng.length / 1024).toFixed(0)} kB`,
      );
    } finally {
      await page.close();
    }
  }, 180_000);

  it('captures the tutorial trained, an MLP with its network and a unit’s heatmap, and the phone layout', async () => {
    const desk = await openPage(pageUrl());
    try {
      await kernelsReady(desk);
      await desk.page.click('[data-testid=train]');
      await desk.waitForState('done');
      save('page.png', await desk.page.screenshot());
    } finally {
      await desk.close();
    }
    const mlp = await openPage(
      pageUrl(),
      '?dataset=spiral&samples=500&noise=0&hidden=12,12&features=x2,y2,sinx,siny&optimizer=adam&lr=0.03&batch=10&epochs=300&split=0.5,0,0.5&speed=max',
    );
    try {
      await kernelsReady(mlp);
      await mlp.page.click('[data-testid=train]');
      await mlp.waitForState('done', 120_000);
      await mlp.page.hover('[data-testid=unit-2-5]');
      await mlp.page.locator('[data-testid=unit-popover]').waitFor({ state: 'visible' });
      await mlp.page.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      );
      save('page-mlp.png', await mlp.page.screenshot());
    } finally {
      await mlp.close();
    }
    const phone = await openPage(
      pageUrl(),
      '?dataset=make-moons&samples=300&hidden=8&optimizer=adam&lr=0.03&batch=10&epochs=40',
      {
        viewport: { width: 390, height: 844 },
      },
    );
    try {
      await kernelsReady(phone);
      await phone.page.click('[data-testid=train]');
      await phone.waitForState('done');
      save('page-phone.png', await phone.page.screenshot());
    } finally {
      await phone.close();
    }
  }, 240_000);

  it("captures a user's CSV: its columns picked, two of its 30 features plotted, the model's slice behind them", async () => {
    const page = await openPage(
      pageUrl(),
      '?split=0.7,0,0.3&standardize=1&hidden=8&optimizer=adam&lr=0.03&epochs=200',
    );
    try {
      await page.page.setInputFiles('[data-testid=csv-input]', WDBC_CSV);
      await page.page.locator('[data-testid=csv-columns]').waitFor({ state: 'visible' });
      await page.page.selectOption('[data-testid=csv-label]', { label: '2 · diagnosis' });
      await page.waitForText('data-summary', /31 features/);
      await page.page.check('[data-testid=csv-ignore-1]');
      await page.waitForText('data-summary', /30 features/);
      await page.page.selectOption('[data-testid=plot-y]', { label: 'concave points_worst' });
      await kernelsReady(page);
      await page.page.click('[data-testid=train]');
      await page.waitForState('done', 120_000);
      expect(Number(await page.attribute('data-chart', 'data-field-cells'))).toBeGreaterThan(0);
      save('page-csv.png', await page.page.screenshot());
    } finally {
      await page.close();
    }
  }, 180_000);
});
