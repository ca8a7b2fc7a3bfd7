// The docs' pictures, made by the page itself in headless Chromium on SwiftShader (software
// adapter): an animated PNG of the tutorial learning, stills of the tutorial trained, of an MLP
// with its network and a unit's heatmap, of the phone layout, and of a user's CSV on the page.
//
//   npm run pictures              writes them into docs/
//   npm run pictures -- <folder>  writes them there instead
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { servePage } from '../test/helpers/browser.ts';
import { encodeApng } from '../test/helpers/apng.ts';
import { openPage, type OpenPage } from '../test/helpers/page.ts';
import { WDBC_CSV } from '../test/helpers/wdbc.ts';
import { ensureBuilt } from '../test/setup/build_once.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const folder = resolve(process.argv[2] ?? join(ROOT, 'docs'));

const save = (name: string, bytes: Buffer, what: string) => {
  writeFileSync(join(folder, name), bytes);
  console.log(`${join(folder, name)}: ${what}, ${(bytes.length / 1024).toFixed(0)} kB`);
};
const kernelsReady = (page: OpenPage) => page.waitForText('warm-status', /^kernels ready/, 60_000);
/** the state just reached, drawn: two animation frames later */
const drawn = (page: OpenPage) =>
  page.page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );

/** The box around the plot and the loss chart, in page pixels. */
function plotAndLoss(page: OpenPage) {
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

/** The tutorial learning, paused at steps along the way, as an animated PNG. */
async function learning(url: string): Promise<void> {
  const page = await openPage(url, '?speed=1');
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
      await drawn(page);
      steps.push(await page.stepsShown());
      frames.push(await page.page.screenshot({ clip }));
    }
    if ((await page.attribute('status', 'data-state')) !== 'done') {
      await page.page.click('[data-testid=play]');
      await page.waitForState('done');
    }
    await drawn(page);
    steps.push(await page.stepsShown());
    frames.push(await page.page.screenshot({ clip }));
    if (!steps.every((s, i) => i === 0 || s > (steps[i - 1] ?? 0)))
      throw new Error(
        `learning.png: the frames are not at later and later steps (${steps.join(', ')})`,
      );
    // each frame held 400 ms, the end 2.5 s
    const apng = encodeApng(
      frames,
      frames.map((_, i) => (i === frames.length - 1 ? 2500 : 400)),
    );
    // Chromium's own decoder reads it back: every frame, at the size captured
    const decoded = await page.page.evaluate(async (base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const decoder = new ImageDecoder({ data: bytes, type: 'image/png' });
      await decoder.tracks.ready;
      const track = decoder.tracks.selectedTrack;
      const last = await decoder.decode({ frameIndex: (track?.frameCount ?? 1) - 1 });
      return `${track?.frameCount} frames, ${track?.animated === true ? 'animated' : 'still'}, ${last.image.displayWidth}×${last.image.displayHeight}`;
    }, apng.toString('base64'));
    const wanted = `${frames.length} frames, animated, ${clip.width}×${clip.height}`;
    if (decoded !== wanted)
      throw new Error(`learning.png: Chromium reads ${decoded}, where it was made of ${wanted}`);
    save('learning.png', apng, `${frames.length} frames at steps ${steps.join(', ')}`);
  } finally {
    await page.close();
  }
}

/** A page at `query` trained to the end, then `before` (a hover), as a screenshot. */
async function trained(
  url: string,
  name: string,
  query: string,
  options: {
    viewport?: { width: number; height: number };
    before?: (page: OpenPage) => Promise<void>;
  } = {},
): Promise<void> {
  const page = await openPage(
    url,
    query,
    options.viewport === undefined ? {} : { viewport: options.viewport },
  );
  try {
    await kernelsReady(page);
    await page.page.click('[data-testid=train]');
    await page.waitForState('done', 120_000);
    await options.before?.(page);
    save(name, await page.page.screenshot(), `${query || 'the tutorial'}, trained`);
  } finally {
    await page.close();
  }
}

/** A user's CSV: its columns picked, two of its 30 features plotted, the model's slice behind them. */
async function csv(url: string): Promise<void> {
  const page = await openPage(
    url,
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
    if (Number(await page.attribute('data-chart', 'data-field-cells')) === 0)
      throw new Error("page-csv.png: the model's slice was not drawn behind the points");
    save('page-csv.png', await page.page.screenshot(), 'the breast-cancer file, trained');
  } finally {
    await page.close();
  }
}

await ensureBuilt('page');
mkdirSync(folder, { recursive: true });
const server = await servePage();
try {
  await learning(server.url);
  await trained(server.url, 'page.png', '');
  await trained(
    server.url,
    'page-mlp.png',
    '?dataset=spiral&samples=500&noise=0&hidden=12,12&features=x2,y2,sinx,siny&optimizer=adam&lr=0.03&batch=10&epochs=300&split=0.5,0,0.5&speed=max',
    {
      before: async (page) => {
        await page.page.hover('[data-testid=unit-2-5]');
        await page.page.locator('[data-testid=unit-popover]').waitFor({ state: 'visible' });
        await drawn(page);
      },
    },
  );
  await trained(
    server.url,
    'page-phone.png',
    '?dataset=make-moons&samples=300&hidden=8&optimizer=adam&lr=0.03&batch=10&epochs=40',
    { viewport: { width: 390, height: 844 } },
  );
  await csv(server.url);
} finally {
  await server.close();
}
