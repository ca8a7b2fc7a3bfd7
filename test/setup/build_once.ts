// Builds the page (dist/page) and the command line (dist/cli) once per run, before any test file
// starts, and only when what they are built from has changed since the last build made here: the
// tests that run `webgpu-train` or open the page always meet the current source, and the seven
// browser files no longer each build the page beside one another.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Everything either build reads from the checkout (the packages through package-lock.json). */
const SOURCES = [
  'index.html',
  'public',
  'src',
  'shaders',
  'vite.config.ts',
  'tsconfig.json',
  'package-lock.json',
];

/** The builds, each with its `vite build --mode` and the folder it empties and fills. */
const BUILDS = [
  { name: 'page', mode: 'production', outDir: 'dist/page', entry: 'index.html' },
  { name: 'command line', mode: 'cli', outDir: 'dist/cli', entry: 'webgpu-train.js' },
] as const;
type BuildName = (typeof BUILDS)[number]['name'];

/**
 * Written into each output folder after its build: the hash of the sources it was built from. A
 * build made any other way (`npm run build:cli`) empties the folder and so drops it, and that
 * build is made again here, not trusted: it may be of other sources.
 */
const STAMP = '.built-from';

function addFiles(hash: ReturnType<typeof createHash>, path: string): void {
  const full = join(ROOT, path);
  if (!existsSync(full)) return;
  if (statSync(full).isDirectory()) {
    for (const entry of readdirSync(full).sort()) addFiles(hash, join(path, entry));
    return;
  }
  // the name too, so a file moved or removed changes the hash
  hash.update(`${path}\0`);
  hash.update(readFileSync(full));
  hash.update('\0');
}

export function sourcesHash(): string {
  const hash = createHash('sha256');
  for (const path of SOURCES) addFiles(hash, path);
  return hash.digest('hex');
}

/** `vite build --mode <mode>`, as the command makes it: Vitest's NODE_ENV=test would make a development build. */
async function buildAsCommand(mode: string): Promise<void> {
  const nodeEnv = process.env['NODE_ENV'];
  delete process.env['NODE_ENV'];
  try {
    await build({ root: ROOT, mode, logLevel: 'warn' });
  } finally {
    if (nodeEnv !== undefined) process.env['NODE_ENV'] = nodeEnv;
  }
}

/** Builds each of `names` whose folder was not built here from the sources as they are now. */
export async function ensureBuilt(...names: BuildName[]): Promise<void> {
  const sources = sourcesHash();
  for (const { name, mode, outDir, entry } of BUILDS.filter((b) => names.includes(b.name))) {
    const stamp = join(ROOT, outDir, STAMP);
    const current =
      existsSync(join(ROOT, outDir, entry)) &&
      existsSync(stamp) &&
      readFileSync(stamp, 'utf8') === sources;
    if (current) continue;
    const started = performance.now();
    await buildAsCommand(mode);
    writeFileSync(stamp, sources);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`built the ${name} (${outDir}) from the current source in ${seconds} s`);
  }
}

/** Vitest's global setup: both builds, before the first test file starts. */
export async function setup(): Promise<void> {
  await ensureBuilt('page', 'command line');
}
