import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';

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
