// The unit and gpu tiers start no process and no browser: a test file there that tries fails at
// once, saying where it belongs (tiers are decided in test/setup/tiers.ts).
import { vi } from 'vitest';

const refuse = (what: string) => () => {
  throw new Error(
    `${what} in the unit or gpu tier: a test that starts a ` +
      'command imports test/helpers/cli.ts or test/helpers/python.ts, one that opens the page ' +
      'test/helpers/page.ts, and so runs in the commands or the browser tier (test/setup/tiers.ts)',
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
