import { existsSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { servePage } from '../helpers/browser.ts';

const BUILT = new URL('../../dist/page/index.html', import.meta.url).pathname;

/**
 * Serves the built page to one test file's tests, each of which opens a browser of its own;
 * returns the page's address for use inside a test. The browser tier's global setup
 * (test/setup/build_once.ts) has built it from the current source, once for every file.
 */
export function useBuiltPage(): () => string {
  let server: { url: string; close: () => Promise<void> } | undefined;
  beforeAll(async () => {
    if (!existsSync(BUILT))
      throw new Error(`${BUILT} is missing: run the browser tests through vitest (npm test)`);
    server = await servePage();
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (server === undefined)
      throw new Error('the page is not served: useBuiltPage() set-up failed');
    return server.url;
  };
}
