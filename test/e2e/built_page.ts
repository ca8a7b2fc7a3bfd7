import { existsSync } from 'node:fs';
import type { Browser as Chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchBrowser, servePage } from '../helpers/browser.ts';
import { openPageIn, type OpenPage, type PageOptions } from '../helpers/page.ts';

const BUILT = new URL('../../dist/page/index.html', import.meta.url).pathname;

/**
 * Serves the built page to one test file's tests and returns how a test opens it: in a new
 * context (storage, cache and workers of its own) of one headless Chromium for the whole file, or
 * of a second one for the pages opened without WebGPU, launched when the first is asked for. A
 * browser's start and stop cost a page two to three seconds on two cores; a context a few tenths
 * of a second. The browser tier's global setup (test/setup/build_once.ts) has built the page from
 * the current source, once for every file.
 */
export function useBuiltPage(): (query?: string, options?: PageOptions) => Promise<OpenPage> {
  let server: { url: string; close: () => Promise<void> } | undefined;
  const browsers = new Map<boolean, Promise<Chromium>>();
  /** The file's browser with WebGPU on or off: launched when first asked for, and again if gone. */
  const browserFor = async (webgpu: boolean): Promise<Chromium> => {
    const launched = browsers.get(webgpu);
    if (launched !== undefined && (await launched).isConnected()) return launched;
    const browser = launchBrowser(webgpu);
    browsers.set(webgpu, browser);
    return browser;
  };
  /** this test's pages: closed after it, whatever became of them */
  const opened: OpenPage[] = [];
  beforeAll(async () => {
    if (!existsSync(BUILT))
      throw new Error(`${BUILT} is missing: run the browser tests through vitest (npm test)`);
    server = await servePage();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((page) => page.close()));
  });
  afterAll(async () => {
    const launched = await Promise.allSettled(browsers.values());
    for (const browser of launched) if (browser.status === 'fulfilled') await browser.value.close();
    await server?.close();
  });
  return async (query = '', options = {}) => {
    if (server === undefined)
      throw new Error('the page is not served: useBuiltPage() set-up failed');
    const { webgpu = true, ...rest } = options;
    const page = await openPageIn(await browserFor(webgpu), server.url, query, rest);
    opened.push(page);
    return page;
  };
}
