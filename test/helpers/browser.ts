import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
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
  close(): Promise<void>;
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

/** Headless Chromium with a fresh profile; WebGPU on (SwiftShader) unless asked otherwise. */
export async function openBrowser(
  options: { webgpu: boolean } = { webgpu: true },
): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'webgpu-train-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...QUIET, ...(options.webgpu ? WEBGPU_FLAGS : ['--disable-features=WebGPU'])],
    viewport: { width: 1280, height: 1000 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
