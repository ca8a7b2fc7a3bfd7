/**
 * The page as the end-to-end tests drive it: each test in a browser context of its own (no page
 * state shared), the built page served on a free port, and waits on the page's own state
 * (data-state, data-steps on the status line), never on the clock.
 */
import type { Browser as Chromium, Page } from 'playwright-core';
import { openBrowser, openContextPage, type Browser } from './browser.ts';

export interface PageOptions {
  /** WebGPU on (SwiftShader), the default, or off */
  webgpu?: boolean;
  viewport?: { width: number; height: number };
  /** run in the page before any of its own scripts, as on every load after (page.addInitScript) */
  initScript?: () => void;
}

export interface OpenPage {
  readonly page: Page;
  close(): Promise<void>;
  /** uncaught errors on the page, and what the Content-Security-Policy blocked */
  readonly errors: string[];
  text(testId: string): Promise<string>;
  attribute(testId: string, name: string): Promise<string | null>;
  /** fills a control and lets the page read it, as a person tabbing away would */
  setField(testId: string, value: string): Promise<void>;
  /** waits for the status line's state (idle, running, pausing, paused, stopping, done, stopped, failed, loaded) */
  waitForState(state: string | RegExp, timeoutMs?: number): Promise<void>;
  /** waits until an element's text matches `pattern` (a data set read, a summary written) */
  waitForText(testId: string, pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** the step the status line shows */
  stepsShown(): Promise<number>;
  /** long tasks (over 50 ms) since the page loaded, in ms each */
  longTasks(): Promise<{ start: number; duration: number }[]>;
}

/**
 * Opens the page at `query` in a fresh browser of its own and waits for its adapter line; its
 * memoryBytes() is that browser's alone (`npm run bench:page` reads it).
 */
export async function openPage(
  url: string,
  query = '',
  options: PageOptions = {},
): Promise<OpenPage & Pick<Browser, 'memoryBytes'>> {
  const browser = await openBrowser({
    webgpu: options.webgpu ?? true,
    ...(options.viewport === undefined ? {} : { viewport: options.viewport }),
  });
  return {
    ...(await loadPage(browser, url, query, options.initScript)),
    memoryBytes: browser.memoryBytes,
  };
}

/**
 * Opens the page at `query` in a new context of `browser` (its storage, cache and workers its
 * own: test/helpers/browser.ts) and waits for its adapter line. Whether WebGPU is on is the
 * browser's: it is set when Chromium starts.
 */
export async function openPageIn(
  browser: Chromium,
  url: string,
  query = '',
  options: Omit<PageOptions, 'webgpu'> = {},
): Promise<OpenPage> {
  return loadPage(await openContextPage(browser, options.viewport), url, query, options.initScript);
}

/** Loads the page at `query` in `opened`, closing it again if the page never says its adapter. */
async function loadPage(
  opened: { page: Page; close: () => Promise<void> },
  url: string,
  query: string,
  initScript: (() => void) | undefined,
): Promise<OpenPage> {
  try {
    return await drive(opened, url, query, initScript);
  } catch (error) {
    await opened.close();
    throw error;
  }
}

async function drive(
  { page, close }: { page: Page; close: () => Promise<void> },
  url: string,
  query: string,
  initScript: (() => void) | undefined,
): Promise<OpenPage> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  await page.addInitScript(() => {
    const tasks: { start: number; duration: number }[] = [];
    const blocked: string[] = [];
    Object.assign(window, { longTasks: tasks, cspViolations: blocked });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        tasks.push({ start: Math.round(entry.startTime), duration: Math.round(entry.duration) });
    }).observe({ type: 'longtask' });
    document.addEventListener('securitypolicyviolation', (event) =>
      blocked.push(`${event.effectiveDirective} blocked ${event.blockedURI}`),
    );
  });
  if (initScript !== undefined) await page.addInitScript(initScript);
  await page.goto(`${url}${query}`);
  await page.waitForFunction(
    () =>
      !(document.querySelector('[data-testid=adapter]')?.textContent ?? '').startsWith('looking'),
    null,
    { timeout: 60_000 },
  );
  const selector = (testId: string) => `[data-testid="${testId}"]`;
  return {
    page,
    close,
    errors,
    text: async (testId) => (await page.textContent(selector(testId))) ?? '',
    attribute: (testId, name) => page.getAttribute(selector(testId), name),
    setField: async (testId, value) => {
      await page.fill(selector(testId), value);
      await page.dispatchEvent(selector(testId), 'change');
    },
    waitForState: async (state, timeoutMs = 60_000) => {
      const pattern = typeof state === 'string' ? `^${state}$` : state.source;
      await page
        .waitForFunction(
          (source) =>
            new RegExp(source).test(
              document.querySelector('[data-testid=status]')?.getAttribute('data-state') ?? '',
            ),
          pattern,
          { timeout: timeoutMs },
        )
        .catch(async (error: unknown) => {
          const now = await page.getAttribute(selector('status'), 'data-state');
          const line = await page.textContent(selector('status'));
          throw new Error(
            `waited for state ${pattern}; it is ${now}: "${line}" (${String(error)})`,
          );
        });
    },
    waitForText: async (testId, pattern, timeoutMs = 60_000) => {
      await page
        .waitForFunction(
          ([id, source, flags]) =>
            new RegExp(source, flags).test(
              document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '',
            ),
          [testId, pattern.source, pattern.flags] as const,
          { timeout: timeoutMs },
        )
        .catch(async (error: unknown) => {
          const now = await page.textContent(selector(testId));
          throw new Error(
            `waited for ${testId} to match ${pattern}; it says "${now}" (${String(error)})`,
          );
        });
    },
    stepsShown: async () =>
      Number((await page.getAttribute(selector('status'), 'data-steps')) ?? 0),
    longTasks: () =>
      page.evaluate(
        () => (window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks,
      ),
  };
}

/** What the Content-Security-Policy blocked so far. */
export function cspViolations(page: OpenPage): Promise<string[]> {
  return page.page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}
