import { describe, expect, it } from 'vitest';
import type { OpenPage } from '../helpers/page.ts';
import { useBuiltPage } from './built_page.ts';

// the page for people with screen readers and keyboards, in headless Chromium on SwiftShader
const openPage = useBuiltPage();

/** Records when the live region's text and the canvases' names change, from the first script on. */
function watchSpeech(): void {
  const changes: { what: string; at: number }[] = [];
  Object.assign(window, { speech: changes });
  addEventListener('DOMContentLoaded', () => {
    const said = new Map<string, string>();
    const watch = (
      id: string,
      read: (element: Element) => string,
      options: MutationObserverInit,
    ) => {
      const element = document.getElementById(id);
      if (element === null) return;
      said.set(id, read(element));
      // a change is a new text: the same words written again are not spoken again
      new MutationObserver(() => {
        const now = read(element);
        if (now === said.get(id)) return;
        said.set(id, now);
        changes.push({ what: id, at: performance.now() });
      }).observe(element, options);
    };
    watch('announcer', (e) => e.textContent ?? '', {
      childList: true,
      characterData: true,
      subtree: true,
    });
    for (const id of ['data-chart', 'loss-chart', 'network'])
      watch(id, (e) => e.getAttribute('aria-label') ?? '', {
        attributes: true,
        attributeFilter: ['aria-label'],
      });
  });
}

/** The shortest time between two changes of the same thing, in ms. */
function shortestGaps(changes: { what: string; at: number }[]): Map<string, number> {
  const last = new Map<string, number>();
  const gaps = new Map<string, number>();
  for (const { what, at } of changes) {
    const before = last.get(what);
    if (before !== undefined) gaps.set(what, Math.min(gaps.get(what) ?? Infinity, at - before));
    last.set(what, at);
  }
  return gaps;
}

describe('the page for screen readers and keyboards', () => {
  it('names its canvases as images, and rewrites their names and the live region at most once a second during a run', async () => {
    const page = await openPage('?epochs=2000&speed=10', { initScript: watchSpeech });
    try {
      for (const id of ['data-chart', 'loss-chart', 'unit-heatmap'])
        expect(await page.attribute(id, 'role'), id).toBe('img');
      const announcer = page.page.locator('#announcer');
      expect(await announcer.getAttribute('role')).toBe('status');
      expect(await announcer.getAttribute('aria-live')).toBe('polite');
      // the status line, rewritten every frame, is no live region
      expect(await page.attribute('status', 'role')).toBeNull();
      expect(await page.attribute('status', 'aria-live')).toBeNull();
      await page.waitForText('data-summary', /^100 samples/);
      await page.page.click('[data-testid=train]');
      await page.waitForState('done', 120_000);
      const changes = await page.page.evaluate(
        () => (window as unknown as { speech: { what: string; at: number }[] }).speech,
      );
      const counts = new Map<string, number>();
      for (const { what } of changes) counts.set(what, (counts.get(what) ?? 0) + 1);
      // a run of 200 frames of 10 steps, over three seconds at 60 a second: each spoke, none every
      // frame
      expect(counts.get('data-chart') ?? 0).toBeGreaterThan(1);
      expect(counts.get('loss-chart') ?? 0).toBeGreaterThan(1);
      expect(counts.get('announcer') ?? 0).toBeGreaterThan(0);
      for (const [what, gap] of shortestGaps(changes)) {
        // timers fire a little early or late; a frame-rate rewrite would be 16 ms apart
        expect(gap, what).toBeGreaterThan(900);
      }
      // the last word always lands, at most a second late
      await page.page.waitForFunction(() =>
        / after step 2000$/.test(
          document.querySelector('[data-testid=data-chart]')?.getAttribute('aria-label') ?? '',
        ),
      );
      expect(await page.attribute('data-chart', 'aria-label')).toBe(
        '100 samples × 2 features, 50 of class 1, with what the model predicts behind the points after step 2000',
      );
      await page.page.waitForFunction(() =>
        /^trained 2 000 steps on webgpu/.test(
          document.querySelector('#announcer')?.textContent ?? '',
        ),
      );
    } finally {
      await page.close();
    }
  });

  it('has tabs as the ARIA pattern has them: selected, controlling their panels, moved by the arrow keys', async () => {
    const page = await openPage();
    try {
      const tabs = page.page.locator('[role=tablist] [role=tab]');
      expect(await tabs.count()).toBe(2);
      expect(await page.attribute('tab-train', 'aria-selected')).toBe('true');
      expect(await page.attribute('tab-bench', 'aria-selected')).toBe('false');
      expect(await page.attribute('tab-train', 'aria-controls')).toBe('panel-train');
      expect(await page.page.getAttribute('#panel-train', 'role')).toBe('tabpanel');
      // only the selected tab is in the tab order
      expect(await page.attribute('tab-bench', 'tabindex')).toBe('-1');
      await page.page.focus('[data-testid=tab-train]');
      await page.page.keyboard.press('ArrowRight');
      expect(await page.attribute('tab-bench', 'aria-selected')).toBe('true');
      expect(await page.page.isVisible('#panel-bench')).toBe(true);
      expect(await page.page.isVisible('#panel-train')).toBe(false);
      expect(await page.page.evaluate(() => document.activeElement?.id)).toBe('tab-bench');
      expect(page.page.url()).toMatch(/tab=bench/);
      await page.page.keyboard.press('Home');
      expect(await page.attribute('tab-train', 'aria-selected')).toBe('true');
    } finally {
      await page.close();
    }
  });

  it('reaches every control by keyboard, each with a visible focus ring', async () => {
    const page = await openPage('?dataset=make-moons&hidden=3');
    try {
      await page.waitForText('data-summary', /^100 samples/);
      const { reached, unfocused } = await tabThrough(page, 80);
      for (const id of [
        'tab-train',
        'train',
        'play',
        'step',
        'reset',
        'speed',
        'dataset',
        'samples',
        'noise',
        'hidden',
        'activation',
        'optimizer',
        'lr',
        'batch',
        'steps',
        'log-scale',
        'points',
        'unit-1-2',
        'model-input',
      ])
        expect(reached.has(id), id).toBe(true);
      expect(unfocused).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("reaches a CSV file's column controls and the plot's axes by keyboard, each with a visible focus ring", async () => {
    const page = await openPage();
    try {
      const rows = Array.from(
        { length: 12 },
        (_, i) => `${i},${i % 3},${i % 5},${i % 2 ? 'yes' : 'no'}`,
      );
      await page.page.setInputFiles('[data-testid=csv-input]', {
        name: 'four.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`id,a,b,answer\n${rows.join('\n')}\n`),
      });
      await page.waitForText('data-summary', /^12 samples × 3 features/);
      const { reached, unfocused } = await tabThrough(page, 60);
      for (const id of [
        'csv-input',
        'csv-label',
        'csv-ignore-1',
        'csv-ignore-3',
        'csv-positive',
        'standardize',
        'data-seed',
        'plot-x',
        'plot-y',
      ])
        expect(reached.has(id), id).toBe(true);
      expect(unfocused).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

/** Presses Tab `presses` times from the top: the controls focus reached, and those that showed no focus ring. */
async function tabThrough(
  page: OpenPage,
  presses: number,
): Promise<{ reached: Set<string>; unfocused: string[] }> {
  const reached = new Set<string>();
  const unfocused: string[] = [];
  await page.page.locator('body').focus();
  for (let press = 0; press < presses; press++) {
    await page.page.keyboard.press('Tab');
    const focus = await page.page.evaluate(() => {
      const element = document.activeElement;
      if (element === null || element === document.body) return null;
      const style = getComputedStyle(element);
      return {
        id: element.getAttribute('data-testid') ?? element.id,
        // an SVG shape has no outline: the network's units show focus with a thick stroke
        ring:
          (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) ||
          (element instanceof SVGElement && parseFloat(style.strokeWidth) >= 3),
      };
    });
    if (focus === null) continue;
    reached.add(focus.id);
    if (!focus.ring) unfocused.push(focus.id);
  }
  return { reached, unfocused };
}
