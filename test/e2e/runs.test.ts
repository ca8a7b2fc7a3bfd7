import { describe, expect, it } from 'vitest';
import { openPage } from '../helpers/page.ts';
import { useBuiltPage } from './built_page.ts';

// the built page in headless Chromium on SwiftShader; every test opens a browser of its own
const pageUrl = useBuiltPage();

/** Reads the data card and presses Train in one turn of the page's event loop. */
function pressTrain() {
  const text = (id: string) => document.querySelector(`[data-testid=${id}]`)?.textContent ?? '';
  const summary = text('data-summary');
  const train = document.querySelector<HTMLButtonElement>('[data-testid=train]');
  const disabled = train?.disabled ?? true;
  train?.click();
  const status = document.querySelector<HTMLElement>('[data-testid=status]');
  return { summary, disabled, state: status?.dataset['state'] ?? '', status: text('status') };
}

describe('a press of Train is never lost', () => {
  it('pressed while a million samples are being made, waits for them and trains on them', async () => {
    const page = await openPage(pageUrl(), '?epochs=5&speed=max');
    try {
      await page.waitForText('data-summary', /^100 samples/);
      await page.setField('samples', '1000000');
      // pressed in the same turn as the summary is read: while the data set is on its way
      const pressed = await page.page.evaluate(pressTrain);
      expect(pressed.summary).toBe('making 1 000 000 samples…');
      expect(pressed.disabled).toBe(false);
      expect(pressed.state).toBe('waiting');
      expect(pressed.status).toBe(
        'waiting for the data set (making 1 000 000 samples): training starts as soon as it is ready',
      );
      await page.waitForState('done', 120_000);
      expect(await page.text('status')).toMatch(/^trained 5 steps on webgpu/);
      expect(await page.text('accuracy')).toMatch(/ \(\d+ of 1000000\)/);
      expect(page.errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 180_000);

  it('pressed while a data set is made that then fails, says that it could not start and why', async () => {
    const page = await openPage(pageUrl());
    try {
      await page.waitForText('data-summary', /^100 samples/);
      await page.page.setInputFiles('[data-testid=csv-input]', {
        name: 'bad.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`x0,x1,y\n${'1,2,0\n3,4,1\n'.repeat(20_000)}5,oops,1\n`),
      });
      const pressed = await page.page.evaluate(pressTrain);
      expect(pressed.summary).toBe('reading bad.csv…');
      expect(pressed.state).toBe('waiting');
      await page.waitForState('refused');
      expect(await page.text('status')).toMatch(
        /^could not start: no data set \(bad\.csv:40002:2: "oops" in column 2/,
      );
      // nothing trained on the data set before it
      expect(await page.attribute('data-chart', 'data-points-shown')).toBe('0');
    } finally {
      await page.close();
    }
  }, 120_000);
});
