import { accuracyOf } from '../../src/api/result.ts';
import { describe, expect, it } from 'vitest';
import { makeMoons } from '../../src/data/index.ts';
import { train } from '../../src/train.ts';
import { useBuiltPage } from './built_page.ts';

// the built page in headless Chromium on SwiftShader; every test opens it in a browser context of
// its own (test/e2e/built_page.ts)
const openPage = useBuiltPage();

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
    const page = await openPage('?epochs=5&speed=max');
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
      expect(await page.text('accuracy')).toMatch(/ \([\d ]+ of 1 000 000\)/);
      expect(page.errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 180_000);

  it('pressed while a data set is made that then fails, says that it could not start and why', async () => {
    const page = await openPage();
    try {
      await page.waitForText('data-summary', /^100 samples/);
      // the file chosen and Train pressed in one turn of the page's event loop, so the press lands
      // while the file is being read however fast the read goes
      const csv = `x0,x1,y\n${'1,2,0\n3,4,1\n'.repeat(20_000)}5,oops,1\n`;
      const pressed = (await page.page.evaluate(`(() => {
        const input = document.querySelector('[data-testid=csv-input]');
        const chosen = new DataTransfer();
        chosen.items.add(new File([${JSON.stringify(csv)}], 'bad.csv', { type: 'text/csv' }));
        input.files = chosen.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
        return (${pressTrain.toString()})();
      })()`)) as ReturnType<typeof pressTrain>;
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
  it('pressed while a million samples are being made, then a field made wrong: refuses, and says the settings changed', async () => {
    const page = await openPage('?epochs=5&speed=max');
    try {
      await page.waitForText('data-summary', /^100 samples/);
      await page.setField('samples', '1000000');
      // in the same turn: Train pressed while the data set is on its way, then the learning
      // rate typed wrong, so the run waiting for the data cannot start when it comes
      const pressed = await page.page.evaluate(() => {
        document.querySelector<HTMLButtonElement>('[data-testid=train]')?.click();
        const waited = document.querySelector('[data-testid=status]')?.getAttribute('data-state');
        const lr = document.querySelector<HTMLInputElement>('[data-testid=lr]');
        if (lr === null) throw new Error('no lr field');
        lr.value = 'abc';
        lr.dispatchEvent(new Event('input', { bubbles: true }));
        lr.dispatchEvent(new Event('change', { bubbles: true }));
        return waited;
      });
      expect(pressed).toBe('waiting');
      await page.waitForState('refused', 120_000);
      expect(await page.text('status')).toBe(
        'could not start: the settings changed while the data set was made; check the fields marked',
      );
      expect(await page.page.isVisible('[data-testid=field-error-lr]')).toBe(true);
      await page.waitForText('data-summary', /^1 000 000 samples/);
      // nothing trained
      expect(await page.attribute('status', 'data-steps')).toBe('0');
      expect(await page.text('final-loss')).toBe('—');
      expect(page.errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 180_000);
});

describe('Play with Epochs left empty', () => {
  it('runs until Pause, the epoch counting and the live loss and accuracy changing as it goes', async () => {
    const page = await openPage('?epochs=');
    try {
      await page.waitForText('data-summary', /^100 samples/);
      expect(await page.page.inputValue('[data-testid=steps]')).toBe('');
      expect(await page.attribute('steps', 'placeholder')).toBe('until paused');
      // every change of the two figures' text (a write of the same words is no change), and
      // the loss figures themselves, so the epoch in the words cannot pass for a new loss
      await page.page.evaluate(() => {
        const changes = { loss: 0, accuracy: 0 };
        const losses = new Set<string>();
        Object.assign(window, { liveChanges: changes, liveLosses: losses });
        for (const name of ['loss', 'accuracy'] as const) {
          const target = document.querySelector(`[data-testid=live-${name}]`);
          if (target === null) throw new Error(`no live-${name}`);
          let last = target.textContent;
          new MutationObserver(() => {
            const now = target.textContent;
            if (now === last) return;
            last = now;
            changes[name]++;
            if (name === 'loss') losses.add(/^[\d.]+/.exec(now ?? '')?.[0] ?? '');
          }).observe(target, { childList: true, characterData: true, subtree: true });
        }
      });
      await page.page.click('[data-testid=play]');
      await page.page.waitForFunction(
        () => {
          const seen = window as unknown as {
            liveChanges: { loss: number; accuracy: number };
            liveLosses: Set<string>;
          };
          return (
            seen.liveChanges.loss >= 10 &&
            seen.liveChanges.accuracy >= 10 &&
            [...seen.liveLosses].filter((loss) => loss !== '').length >= 10
          );
        },
        null,
        { timeout: 60_000 },
      );
      // still going: an open-ended run has no end of its own
      expect(await page.attribute('status', 'data-state')).toBe('running');
      expect(await page.text('status')).toMatch(
        /^training on webgpu: step [\d ]+ · epoch [\d ]+.* — until paused…$/,
      );
      await page.page.click('[data-testid=pause]');
      await page.waitForState('paused');
      const epochs = Number((await page.text('epoch')).replace(/ /g, ''));
      expect(epochs).toBeGreaterThanOrEqual(10);
      // full batch: an epoch is a step
      expect(await page.stepsShown()).toBe(epochs);
      expect(await page.text('live-loss')).toMatch(/^\d\.\d+ train, epoch [\d ]+$/);
      expect(await page.text('live-accuracy')).toMatch(/^\d+\.\d % train, epoch [\d ]+$/);
      expect(await page.text('live-rows')).toBe('The model shown, on all 100 training rows.');
      expect(page.errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});

describe('the live figures', () => {
  it("say the trained model's loss and accuracy on the training and test rows, as train() measures them", async () => {
    const query =
      'dataset=make-moons&samples=200&hidden=6&split=0.8,0,0.2&batch=10&epochs=20&lr=0.3';
    const page = await openPage(`?${query}&speed=max`);
    try {
      await page.waitForText('data-summary', /^200 samples/);
      await page.page.click('[data-testid=train]');
      await page.waitForState('done');
      const reference = await train(makeMoons({ nSamples: 200, noise: 0.1, randomState: 0 }), {
        backend: 'cpu',
        hidden: [6],
        lr: 0.3,
        batchSize: 10,
        epochs: 20,
        split: { train: 0.8, validation: 0, test: 0.2, stratify: true, seed: 0 },
      });
      const [trainLoss, testLoss] = (await page.text('live-loss'))
        .match(/^(\S+) train · (\S+) test, epoch 20$/)
        ?.slice(1)
        .map(Number) ?? [NaN, NaN];
      // four significant digits shown, of the WebGPU run's params against the f32 reference's
      // epoch losses (a few ulp apart): within the rounding of the text
      expect(
        Math.abs((trainLoss as number) / (reference.epochLosses.train[19] as number) - 1),
      ).toBeLessThan(1e-3);
      expect(
        Math.abs((testLoss as number) / (reference.epochLosses.test[19] as number) - 1),
      ).toBeLessThan(1e-3);
      const percent = (x: number) => `${(x * 100).toFixed(1)} %`;
      expect(await page.text('live-accuracy')).toBe(
        `${percent(accuracyOf(reference.metrics.train))} train · ${percent(reference.metrics.test === null ? NaN : accuracyOf(reference.metrics.test))} test, epoch 20`,
      );
      expect(await page.text('live-rows')).toBe(
        'The model shown, on all 160 training rows and all 40 test rows.',
      );
    } finally {
      await page.close();
    }
  });
});

describe('after a run', () => {
  it('says in plain words that a run at lr 1000 went badly and why, and nothing after a good run; the dispatches only in a details line', async () => {
    const page = await openPage('?lr=1000&speed=max');
    try {
      await page.waitForText('data-summary', /^100 samples/);
      await page.page.click('[data-testid=train]');
      await page.waitForState('done');
      expect(await page.text('verdict')).toMatch(
        /^The loss (ended above where it started|never settled).*the learning rate \(1000\) is likely too large for this model and data: try 100/,
      );
      expect(await page.text('status')).toMatch(
        /^trained 1 000 steps on webgpu in [\d.]+ ms — done$/,
      );
      expect(await page.text('run-details')).toMatch(
        /^How it ran: the (fused|layered) schedule .* dispatch(es)? \(GPU programs launched\)\.$/,
      );
      await page.setField('lr', '0.1');
      await page.page.click('[data-testid=train]');
      await page.waitForState('done');
      expect(await page.text('verdict')).toBe('');
    } finally {
      await page.close();
    }
  });
});
