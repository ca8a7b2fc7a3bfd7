/**
 * The page as the end-to-end tests drive it: a fresh browser per test (no page state shared), the
 * built page served on a free port, and waits on the page's own state (data-state, data-steps on
 * the status line), never on the clock.
 */
import { openBrowser, type Browser } from './browser.ts';

export interface OpenPage extends Browser {
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

/** Opens the page at `query` in a fresh browser and waits for its adapter line. */
export async function openPage(
  url: string,
  query = '',
  options: { webgpu?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<OpenPage> {
  const browser = await openBrowser({
    webgpu: options.webgpu ?? true,
    ...(options.viewport === undefined ? {} : { viewport: options.viewport }),
  });
  const errors: string[] = [];
  const { page } = browser;
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
  await page.goto(`${url}${query}`);
  await page.waitForFunction(
    () =>
      !(document.querySelector('[data-testid=adapter]')?.textContent ?? '').startsWith('looking'),
    null,
    { timeout: 60_000 },
  );
  const selector = (testId: string) => `[data-testid="${testId}"]`;
  return {
    ...browser,
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
