import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chromium,
  type Browser as Chromium,
  type BrowserContext,
  type Page,
} from 'playwright-core';
import { preview, type PreviewServer } from 'vite';

/** Debian's Chromium, with SwiftShader for WebGPU on a machine without a GPU. */
export const CHROMIUM = '/usr/bin/chromium';

const QUIET = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const WEBGPU_FLAGS = ['--enable-unsafe-webgpu', '--enable-unsafe-swiftshader'];

export interface Browser {
  readonly page: Page;
  /** memory the browser and every process it started hold now (proportional set size), in bytes */
  memoryBytes(): number;
  close(): Promise<void>;
}

/** Parent of each process, from /proc. */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // the command name may hold spaces and parentheses: the fields start after the last ')'
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      map.set(Number(entry), Number(fields[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  return map;
}

/** The browser's own process: the one whose command line names the profile and whose parent does not. */
function browserPid(profile: string, tree: Map<number, number>): number | null {
  for (const [pid, parent] of tree) {
    try {
      const named = (p: number) => readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(profile);
      if (named(pid) && !(tree.has(parent) && named(parent))) return pid;
    } catch {
      // gone
    }
  }
  return null;
}

/** The proportional set size of a process tree: shared pages count once among their sharers. */
function treeMemoryBytes(profile: string): number {
  const tree = parents();
  const root = browserPid(profile, tree);
  if (root === null) throw new Error(`no browser process for the profile ${profile}`);
  const members = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of tree)
      if (members.has(parent) && !members.has(pid)) {
        members.add(pid);
        grew = true;
      }
  }
  let kB = 0;
  for (const pid of members) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      kB += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kB * 1024;
}

/** Serves the built page (dist/page, made by `vite build`) on a free port of 127.0.0.1, a secure context. */
export async function servePage(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: PreviewServer = await preview({
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
    logLevel: 'silent',
  });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('the preview server has no address');
  return { url, close: () => server.close() };
}

const flags = (webgpu: boolean) => [
  ...QUIET,
  ...(webgpu ? WEBGPU_FLAGS : ['--disable-features=WebGPU']),
];

/** The window a page opens in unless asked otherwise: the first view's 1400×1000. */
export const DEFAULT_VIEWPORT = { width: 1400, height: 1000 };

/**
 * Headless Chromium with a fresh profile of its own; WebGPU on (SwiftShader) unless asked
 * otherwise. Its own browser, so memoryBytes() counts this page's processes alone.
 */
export async function openBrowser(
  options: { webgpu: boolean; viewport?: { width: number; height: number } } = { webgpu: true },
): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'webgpu-train-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: flags(options.webgpu),
    viewport: options.viewport ?? DEFAULT_VIEWPORT,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    memoryBytes: () => treeMemoryBytes(profile),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Headless Chromium to open many pages in, each in a context of its own (openContextPage):
 * launched once, it spares every page the second or two a browser takes to start and stop.
 */
export function launchBrowser(webgpu: boolean): Promise<Chromium> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: flags(webgpu) });
}

/**
 * A page in a new context of `browser`: a context has its own storage (the page's kept tuning in
 * IndexedDB among it), cache, cookies and workers, so nothing one page did reaches the next.
 */
export async function openContextPage(
  browser: Chromium,
  viewport: { width: number; height: number } = DEFAULT_VIEWPORT,
): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport });
  try {
    return { page: await context.newPage(), close: () => context.close() };
  } catch (error) {
    await context.close();
    throw error;
  }
}
