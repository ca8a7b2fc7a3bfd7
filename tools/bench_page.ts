// The page's responsiveness at scale, measured in headless Chromium on SwiftShader (software
// adapter): how far the estimate said before Train is from the run's time, how long Stop takes
// to stop a run, the memory the browser's processes hold during a long run, and how many long tasks (over 50 ms) the page's own thread had while training, while
// reading a CSV file of a million rows and while the Benchmark tab's sweep ran. Each figure
// is printed beside the bound the page aims for; a figure past its bound is marked, not thrown:
// these depend on the machine and its load, so they are measured here, never asserted in a test.
//
//   npm run bench:page
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCsv, makeClassification } from '../src/data/index.ts';
import { servePage } from '../test/helpers/browser.ts';
import { openPage } from '../test/helpers/page.ts';
import { ensureBuilt } from '../test/setup/build_once.ts';

const GB = 1024 ** 3;

interface Figure {
  readonly name: string;
  readonly value: string;
  readonly bound: string;
  readonly met: boolean;
}
const figures: Figure[] = [];
const report = (name: string, value: string, bound: string, met: boolean) => {
  figures.push({ name, value, bound, met });
  console.log(`${met ? ' ' : '!'} ${name}: ${value} (aim: ${bound})`);
};

/** Steps past `steps` on the status line. */
const pastStep = (page: Awaited<ReturnType<typeof openPage>>, steps: number, timeoutMs = 60_000) =>
  page.page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid=status]')?.getAttribute('data-steps')) > n,
    steps,
    { timeout: timeoutMs },
  );

/** The case that grew the tab to 4.4 GB and crashed it: the spiral of 100 000, one sample a step. */
async function spiral(url: string): Promise<void> {
  const page = await openPage(
    url,
    '?dataset=spiral&samples=100000&noise=0&hidden=8&batch=1&epochs=10&lr=0.03',
  );
  try {
    await page.waitForText('data-summary', /^100 000 samples/);
    const tasksBefore = (await page.longTasks()).length;
    const started = Date.now();
    await page.page.click('[data-testid=train]');
    await pastStep(page, 20_000);
    const memory = page.memoryBytes();
    const clicked = Date.now();
    await page.page.click('[data-testid=stop]');
    await page.waitForState('stopped', 10_000);
    const stopMs = Date.now() - clicked;
    const seconds = (Date.now() - started) / 1000;
    const tasks = (await page.longTasks()).slice(tasksBefore);
    const name = 'spiral 100 000, batch 1';
    report(
      `${name}, memory past step 20 000`,
      `${(memory / GB).toFixed(2)} GB`,
      'under 1 GB',
      memory < GB,
    );
    report(`${name}, Stop`, `${stopMs} ms`, 'under 1 000 ms', stopMs < 1000);
    report(
      `${name}, long tasks`,
      `${tasks.length} in ${seconds.toFixed(1)} s (${tasks.map((t) => t.duration).join(', ')} ms)`,
      'at most one a second',
      tasks.length <= Math.ceil(seconds),
    );
  } finally {
    await page.close();
  }
}

/** A million samples, 100 full-batch steps on WebGPU, 4000 of the points drawn. */
async function million(url: string): Promise<void> {
  const page = await openPage(url, '?samples=1000000&epochs=100');
  try {
    await page.waitForText('data-summary', /^1 000 000 samples/, 60_000);
    const tasksBefore = (await page.longTasks()).length;
    const started = Date.now();
    await page.page.click('[data-testid=train]');
    await page.waitForState('done', 150_000);
    const seconds = (Date.now() - started) / 1000;
    const tasks = (await page.longTasks()).slice(tasksBefore);
    report(
      'a million samples, 100 steps, long tasks',
      `${tasks.length} in ${seconds.toFixed(1)} s (${tasks.map((t) => t.duration).join(', ')} ms)`,
      'at most one a second',
      tasks.length <= Math.ceil(seconds),
    );
  } finally {
    await page.close();
  }
}

/** Stop on a run at full speed: the moons of 20 000, the tutorial's model. */
async function stopAtFullSpeed(url: string): Promise<void> {
  const page = await openPage(url, '?dataset=make-moons&samples=20000&epochs=100000&speed=max');
  try {
    await page.page.click('[data-testid=train]');
    await pastStep(page, 100);
    const clicked = Date.now();
    await page.page.click('[data-testid=stop]');
    await page.waitForState('stopped');
    const stopMs = Date.now() - clicked;
    report('moons 20 000 at full speed, Stop', `${stopMs} ms`, 'under 1 000 ms', stopMs < 1000);
  } finally {
    await page.close();
  }
}

/** A CSV file of a million rows, read in the page's worker while the page stays live. */
async function csvMillion(url: string): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'webgpu-train-bench-page-'));
  const path = join(folder, 'million.csv');
  const data = makeClassification({
    nSamples: 1_000_000,
    nFeatures: 2,
    nRedundant: 0,
    nClustersPerClass: 1,
    randomState: 5,
  });
  writeFileSync(path, formatCsv(data));
  const page = await openPage(url);
  try {
    const tasksBefore = (await page.longTasks()).length;
    const started = Date.now();
    await page.page.setInputFiles('[data-testid=csv-input]', path);
    await page.waitForText('data-summary', /^1 000 000 samples × 2 features/, 120_000);
    const seconds = (Date.now() - started) / 1000;
    const tasks = (await page.longTasks()).slice(tasksBefore);
    const megabytes = (statSync(path).size / 1e6).toFixed(1);
    report(
      `a ${megabytes} MB CSV of 10⁶ rows read, long tasks`,
      `${tasks.length} in ${seconds.toFixed(1)} s (${tasks.map((t) => t.duration).join(', ')} ms)`,
      'at most one a second',
      tasks.length <= Math.ceil(seconds),
    );
  } finally {
    await page.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The Benchmark tab's sweep, which runs in a worker: the page's own thread stays free. */
async function benchTab(url: string): Promise<void> {
  const page = await openPage(url, '?tab=bench&bsizes=100&bsteps=100&brepeats=1&bbudget=1');
  try {
    const tasksBefore = (await page.longTasks()).length;
    const started = Date.now();
    await page.page.click('[data-testid=bench-run]');
    await page.waitForText('bench-status', /done$|failed|cancelled/, 150_000);
    const seconds = (Date.now() - started) / 1000;
    const tasks = (await page.longTasks()).slice(tasksBefore);
    report(
      'the Benchmark tab, one size, long tasks',
      `${tasks.length} in ${seconds.toFixed(1)} s (${tasks.map((t) => t.duration).join(', ')} ms)`,
      'at most one a second',
      tasks.length <= Math.ceil(seconds),
    );
  } finally {
    await page.close();
  }
}

/**
 * The estimate said before Train against the run it describes: at full speed, once the warm-up
 * has compiled the kernels, from the press of Train to the run's end.
 */
async function estimates(url: string): Promise<void> {
  const runs = [
    ['the tutorial', '?speed=max'],
    [
      'spiral 2-8-8-1, batch 10',
      '?dataset=spiral&samples=500&hidden=8,8&batch=10&epochs=50&speed=max',
    ],
    [
      'moons 20 000, 2-8-1, batch 100',
      '?dataset=make-moons&samples=20000&hidden=8&batch=100&epochs=20&speed=max',
    ],
    [
      'circles 2 000, 2-16-16-1, full batch',
      '?dataset=make-circles&samples=2000&hidden=16,16&epochs=300&speed=max',
    ],
  ] as const;
  for (const [name, query] of runs) {
    const page = await openPage(url, query);
    try {
      await page.waitForText('warm-status', /^kernels ready/, 120_000);
      await page.waitForText('estimate', /as predicted for this adapter/, 60_000);
      const said = Number(await page.attribute('estimate', 'data-seconds'));
      // timed by the page's own clock, from the press (a listener ahead of the page's own) to the
      // status saying done: the harness's round trips to the browser are not the user's wait
      await page.page.evaluate(() => {
        const button = document.querySelector('[data-testid=train]');
        const status = document.querySelector('[data-testid=status]');
        if (button === null || status === null) throw new Error('no Train button or status');
        const clock = globalThis as { pressToDone?: Promise<number> };
        clock.pressToDone = new Promise<number>((resolve) => {
          let pressed = 0;
          button.addEventListener('click', () => (pressed = performance.now()), {
            capture: true,
            once: true,
          });
          new MutationObserver((_, observer) => {
            if (pressed > 0 && status.getAttribute('data-state') === 'done') {
              observer.disconnect();
              resolve(performance.now() - pressed);
            }
          }).observe(status, { attributes: true, attributeFilter: ['data-state'] });
        });
      });
      await page.page.click('[data-testid=train]');
      await page.waitForState('done', 300_000);
      const took =
        (await page.page.evaluate(
          () =>
            (globalThis as { pressToDone?: Promise<number> }).pressToDone ?? Promise.resolve(NaN),
        )) / 1000;
      const ratio = Math.max(took / said, said / took);
      // the run's own account (train() in the worker): the rest of the wait is the page's
      const inWorker = (await page.page.textContent('[data-testid=time]')) ?? '';
      report(
        `${name}: estimate ${said.toFixed(2)} s, run ${took.toFixed(2)} s (train(): ${inWorker})`,
        `off by ${ratio.toFixed(2)}×`,
        'within 2×',
        ratio <= 2,
      );
    } finally {
      await page.close();
    }
  }
}

await ensureBuilt('page');
const server = await servePage();
/** The machine's load, which these figures follow: printed before and after. */
const load = () =>
  `load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')} on ${cpus().length} cores`;
console.log(`$ npm run bench:page  (${new Date().toISOString().slice(0, 10)}, ${load()})`);
// `npm run bench:page -- --estimates`: the estimates' figures alone
const estimatesOnly = process.argv.includes('--estimates');
try {
  await estimates(server.url);
  if (!estimatesOnly) {
    await stopAtFullSpeed(server.url);
    await spiral(server.url);
    await million(server.url);
    await csvMillion(server.url);
    await benchTab(server.url);
  }
} finally {
  await server.close();
}
console.log(load());
const missed = figures.filter((f) => !f.met);
console.log(
  missed.length === 0
    ? `every figure within its bound (${figures.length})`
    : `${missed.length} of ${figures.length} figures past their bound (marked !)`,
);
