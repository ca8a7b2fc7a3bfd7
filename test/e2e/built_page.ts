import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import { servePage } from '../helpers/browser.ts';

/** What the page is built from: when any of it is newer than dist/page, the build is stale. */
const SOURCES = ['index.html', 'src', 'shaders', 'public', 'vite.config.ts', 'package-lock.json'];
const BUILT = 'dist/page/index.html';

function newestMtimeMs(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path))
    newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}

/**
 * Builds the page unless dist/page is newer than everything it is built from (`npm test` has
 * just built it; `npx vitest run test/e2e` after an edit has not).
 */
export async function ensurePageBuilt(): Promise<'reused' | 'built'> {
  const builtAt = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0;
  if (builtAt > Math.max(...SOURCES.map(newestMtimeMs))) return 'reused';
  await build({ logLevel: 'warn' });
  return 'built';
}

/**
 * Serves the built page to one test file's tests (built first when stale), each of which opens a
 * browser of its own; returns the page's address for use inside a test. `folders` are made first
 * (where the tests save screenshots and files).
 */
export function useBuiltPage(...folders: string[]): () => string {
  let server: { url: string; close: () => Promise<void> } | undefined;
  beforeAll(async () => {
    for (const folder of folders) mkdirSync(folder, { recursive: true });
    await ensurePageBuilt();
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
