import { describe, expect, it } from 'vitest';
import { useBuiltPage } from './built_page.ts';

// TensorFlow Playground's views on the page, in headless Chromium on SwiftShader
const openPage = useBuiltPage();

describe("the Playground's views", () => {
  it('draws the network with a live edge per weight, and a hidden unit’s own heatmap on hover and on focus', async () => {
    const page = await openPage(
      '?dataset=make-circles&samples=200&noise=0.05&hidden=4,3&features=x2,y2&optimizer=adam&lr=0.03&batch=10&epochs=30&speed=max',
    );
    try {
      // the network is drawn once the data set is made (read before, it once had no edges yet)
      await page.waitForText('data-summary', /^200 samples/);
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
    const page = await openPage('?dataset=make-moons&samples=400&split=0.5,0,0.5');
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
    const page = await openPage('?dataset=make-moons&samples=20000&epochs=100000&speed=max');
    try {
      await page.waitForText('warm-status', /^kernels ready/, 60_000);
      // the planner predicts the run: ten million steps are hours, said before it runs
      await page.setField('steps', '10000000');
      await page.waitForText(
        'estimate',
        /^10 000 000 steps: about [\d.]+ (min|h) on webgpu as predicted for this adapter — lower Epochs or Samples, or raise Batch size, to see it sooner$/,
      );
      expect(await page.page.getAttribute('[data-testid=estimate]', 'data-long')).toBe('true');
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
    const page = await openPage('?dataset=make-moons&hidden=8&optimizer=adam&lr=0.1');
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

describe('the network, as TensorFlow Playground draws it', () => {
  it('shows every input, hidden unit and output as a heatmap without hovering, and lets an edge be read and changed', async () => {
    const page = await openPage(
      '?dataset=make-circles&samples=200&noise=0.05&hidden=4,3&features=x2,y2&optimizer=adam&lr=0.03&batch=10&epochs=20&speed=max',
    );
    try {
      await page.waitForText('data-summary', /^200 samples/);
      const ids = [
        ...[1, 2, 3, 4].map((k) => `input-heatmap-${k}`),
        ...[1, 2, 3, 4].map((u) => `unit-heatmap-1-${u}`),
        ...[1, 2, 3].map((u) => `unit-heatmap-2-${u}`),
        'output-heatmap-1',
      ];
      // painted from the seed's network before any run, and visible with nothing hovered
      await page.page.waitForFunction(
        (all) =>
          all.every(
            (id) =>
              Number(document.querySelector(`[data-testid=${id}]`)?.getAttribute('width')) > 1,
          ),
        ids,
      );
      for (const id of ids) expect(await page.page.isVisible(`[data-testid=${id}]`), id).toBe(true);
      // a heatmap a hidden unit, each named for its place: none for a unit the model lacks
      expect(
        await page.page
          .locator('[data-testid^="unit-heatmap-"]')
          .evaluateAll((all) => all.map((canvas) => canvas.getAttribute('data-testid')).sort()),
      ).toEqual(ids.filter((id) => id.startsWith('unit-heatmap-')).sort());
      expect(await page.page.isVisible('[data-testid=unit-popover]')).toBe(false);
      const pixels = (id: string) =>
        page.page.evaluate((testId) => {
          const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid=${testId}]`);
          const context = canvas?.getContext('2d');
          if (!canvas || !context) return '';
          return Array.from(context.getImageData(0, 0, canvas.width, canvas.height).data).join();
        }, id);
      const before = await pixels('unit-heatmap-2-1');
      await page.page.click('[data-testid=train]');
      await page.waitForState('done');
      // the run moved the unit: its heatmap was painted again from the trained params
      await page.page.waitForFunction(
        ([id, old]) => {
          const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid=${id}]`);
          const context = canvas?.getContext('2d');
          if (!canvas || !context) return false;
          return (
            Array.from(context.getImageData(0, 0, canvas.width, canvas.height).data).join() !== old
          );
        },
        ['unit-heatmap-2-1', before] as const,
      );
      // the edge from hidden layer 2's first unit to the output: its middle, on the screen
      const middle = await page.page.evaluate(() => {
        const svg = document.querySelector<SVGSVGElement>('[data-testid=network]');
        const lines = svg?.querySelectorAll('line') ?? [];
        const line = lines[lines.length - 3];
        if (!svg || !line) throw new Error('no edges');
        const box = svg.getBoundingClientRect();
        const scale = box.width / svg.viewBox.baseVal.width;
        const at = (name: string) => Number(line.getAttribute(name));
        return {
          x: box.left + ((at('x1') + at('x2')) / 2) * scale,
          y: box.top + ((at('y1') + at('y2')) / 2) * scale,
        };
      });
      await page.page.mouse.move(middle.x, middle.y);
      await page.waitForText(
        'edge-tip',
        /^weight -?\d[\d.e-]*, from hidden layer 2, unit 1 to the output: click to change it$/,
      );
      await page.page.mouse.click(middle.x, middle.y);
      await page.page.locator('[data-testid=edge-weight]').waitFor({ state: 'visible' });
      await page.page.fill('[data-testid=edge-weight]', '2.5');
      await page.page.press('[data-testid=edge-weight]', 'Enter');
      await page.waitForState('edited');
      expect(await page.text('status')).toBe(
        'the weight from hidden layer 2, unit 1 to the output is now 2.5: Play trains on from here, Train starts again from the seed',
      );
      // the page draws the edited weight on its next animation frame, not as it says 'edited':
      // two frames on, it is drawn (read at once, the line once still had the trained 4.27)
      await page.page.evaluate(
        () => new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(drawn))),
      );
      expect(
        await page.page.$$eval('[data-testid=network] line', (lines) =>
          lines[lines.length - 3]?.getAttribute('stroke-width'),
        ),
      ).toBe('4.35');
      expect(page.errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('the plot, as TensorFlow Playground draws it', () => {
  it('outlines the test points while every point shows, and paints the decided class alone with Discretize output', async () => {
    const page = await openPage(
      '?dataset=make-moons&samples=400&split=0.5,0,0.5&hidden=6&epochs=20&batch=20&speed=max',
    );
    try {
      await page.waitForText('plot-count', /^400 points/);
      expect(await page.attribute('data-chart', 'data-points-outlined')).toBe('200');
      await page.page.selectOption('[data-testid=points]', 'train');
      await page.page.waitForFunction(
        () =>
          document.querySelector('[data-testid=data-chart]')?.getAttribute('data-points-shown') ===
          '200',
      );
      expect(await page.attribute('data-chart', 'data-points-outlined')).toBe('0');
      await page.page.click('[data-testid=train]');
      await page.waitForState('done');
      const colours = () =>
        page.page.evaluate(() => {
          const canvas = document.querySelector<HTMLCanvasElement>(
            '[data-testid=output-heatmap-1]',
          );
          const context = canvas?.getContext('2d');
          if (!canvas || !context) return 0;
          const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
          const seen = new Set<string>();
          for (let i = 0; i < data.length; i += 4)
            seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
          return seen.size;
        });
      expect(await colours()).toBeGreaterThan(10);
      await page.page.check('[data-testid=discretize]');
      expect(page.page.url()).toMatch(/discretize=1/);
      await page.page.waitForFunction(() => {
        const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=output-heatmap-1]');
        const context = canvas?.getContext('2d');
        if (!canvas || !context) return false;
        const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
        const seen = new Set<string>();
        for (let i = 0; i < data.length; i += 4)
          seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
        return seen.size <= 2;
      });
      expect(await page.attribute('data-chart', 'data-discretized')).toBe('true');
    } finally {
      await page.close();
    }
  });
});
