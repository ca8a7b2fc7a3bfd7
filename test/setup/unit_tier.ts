// The unit tier starts no process and no browser (`npm run test:unit` stays within seconds and
// needs no build): a test file here that tries fails at once, saying where it belongs.
import { vi } from 'vitest';

const refuse = (what: string) => () => {
  throw new Error(
    `${what} in the unit tier: a test that runs a command (the CLI, Python, npm) belongs in ` +
      'test/cli, test/kit or test/package, one that opens the page in test/e2e (see vite.config.ts)',
  );
};

/** child_process with every function refusing. */
async function refusingChildProcess(
  importOriginal: () => Promise<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(await importOriginal()).map(([name, value]) => [
      name,
      typeof value === 'function' ? refuse(`child_process.${name}()`) : value,
    ]),
  );
}

vi.mock('node:child_process', refusingChildProcess);
vi.mock('child_process', refusingChildProcess);

vi.mock('playwright-core', () => {
  const browser = { launch: refuse('a browser'), launchPersistentContext: refuse('a browser') };
  return { chromium: browser, firefox: browser, webkit: browser };
});
