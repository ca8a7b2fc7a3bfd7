// The test tiers, decided by what each test file needs, as its imports say: a browser (the page
// helpers, playwright-core), a child process (the CLI and Python runners, node:child_process), a
// WebGPU adapter (the GPU test wrapper, or the engine's own device), or none of these: unit. A
// file that needs more than one goes to the heaviest. Each tier's setup refuses what its tier
// does not have (test/setup/no_process.ts, test/setup/no_webgpu.ts), so a need that comes through
// another module is named at once, with where the test belongs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export type Tier = 'unit' | 'gpu' | 'commands' | 'browser';

/** Heaviest first: a file is in the first tier whose imports it has. */
const NEEDS: readonly { tier: Tier; imports: RegExp }[] = [
  { tier: 'browser', imports: /helpers\/(page|browser)\.ts|\/built_page\.ts|'playwright-core'/ },
  { tier: 'commands', imports: /helpers\/(cli|python)\.ts|'node:child_process'/ },
  { tier: 'gpu', imports: /helpers\/gpu\.ts|\binstallNodeWebGpu\b|\bacquireGpu\b/ },
];

function testFiles(folder: string): string[] {
  // a copy of the sources without the tests (the page built from it) has no tiers to find
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every test file under `root`/test, relative to `root`, by tier. */
export function testTiers(root: string): Record<Tier, string[]> {
  const tiers: Record<Tier, string[]> = { unit: [], gpu: [], commands: [], browser: [] };
  for (const file of testFiles(join(root, 'test'))) {
    const source = readFileSync(file, 'utf8');
    const tier = NEEDS.find((need) => need.imports.test(source))?.tier ?? 'unit';
    tiers[tier].push(relative(root, file));
  }
  return tiers;
}
