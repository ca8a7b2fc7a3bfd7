import { execFile, execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser } from '../helpers/browser.ts';
import { checkClose } from '../helpers/check_close.ts';
import { readFixture, type TorchCase } from '../helpers/fixtures.ts';

/**
 * What a user gets: the tarball `npm pack` makes, installed in an empty project, used the way the
 * docs show. The examples are read from the docs themselves (the Node one from the README, the
 * browser one from docs/library.md), so they cannot drift.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOCS = ['README.md', 'docs/library.md'].map((path) => ({
  path,
  text: readFileSync(join(ROOT, path), 'utf8'),
}));

/** The fenced js block right after `<!-- example: NAME … -->`, in whichever page holds it (one only). */
function docExample(name: string): string {
  const blocks = DOCS.flatMap(({ path, text }) =>
    [
      ...text.matchAll(
        new RegExp(`<!-- example: ${name}\\b[^>]*-->\\s*\`\`\`js\\n([\\s\\S]*?)\`\`\``, 'g'),
      ),
    ].map((match) => ({ path, code: match[1] ?? '' })),
  );
  const where = DOCS.map((d) => d.path).join(' and ');
  if (blocks.length !== 1)
    throw new Error(`expected one "example: ${name}" block in ${where}, found ${blocks.length}`);
  return blocks[0]?.code ?? '';
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(command: string, args: string[], cwd: string): Promise<Outcome> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      cwd,
      maxBuffer: 64 << 20,
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function mustRun(command: string, args: string[], cwd: string): Promise<Outcome> {
  const outcome = await run(command, args, cwd);
  if (outcome.code !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${outcome.code}:\n${outcome.stderr}`);
  return outcome;
}

// PyTorch's float32 run of the same tutorial (Debian's python3-torch 1.13, tools/make_torch_fixtures.py)
const tutorial = readFixture<{ cases: TorchCase[] }>('shared/torch_seed_tutorial.json').cases[0]!;
const torchFinalLoss = tutorial.float32.losses.at(-1)!;

let work = '';
let project = '';
let tarball = '';

beforeAll(async () => {
  expect(tutorial.data.random_state).toBe(0);
  expect(tutorial.init).toEqual({ weight: [0.1, -0.2], bias: 0.05 });
  work = mkdtempSync(join(tmpdir(), 'webgpu-train-pack-'));
  // npm pack runs `prepare`, which builds: in a copy of the checkout, as a fresh clone has it, so
  // the build never replaces dist/ under the other test files running beside this one
  const clone = join(work, 'clone');
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: ROOT,
    },
  )
    .toString()
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(ROOT, file)));
  for (const file of files) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(clone, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
  await mustRun('npm', ['pack', '--pack-destination', work], clone);
  const packed = readdirSync(work).filter((name) => name.endsWith('.tgz'));
  expect(packed).toHaveLength(1);
  tarball = join(work, packed[0]!);
  project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  // the npm cache that installed the repo has every dependency: no download when it is warm
  await mustRun(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball],
    project,
  );
}, 300_000);

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('the package, packed and installed in an empty project', () => {
  it('ships the built entries, types and command line, and no sources, tests or source maps', async () => {
    const listing = (await mustRun('tar', ['tzf', tarball], work)).stdout.trim().split('\n');
    for (const file of [
      'package/package.json',
      'package/bin/webgpu-train.js',
      'package/dist/cli/webgpu-train.js',
      'package/dist/lib/index.js',
      'package/dist/lib/node.js',
      'package/dist/lib/types/index.d.ts',
      'package/dist/lib/types/node_entry.d.ts',
    ])
      expect(listing).toContain(file);
    const stray = listing.filter(
      (file) =>
        !/^package\/(package\.json|README\.md|bin\/[^/]+\.js|dist\/(cli|lib)\/.+)$/.test(file) ||
        file.endsWith('.map'),
    );
    expect(stray).toEqual([]);
    // the kernels are inlined: nothing is left for a ?raw loader
    const lib = join(project, 'node_modules/webgpu-train/dist/lib');
    for (const file of readdirSync(lib).filter((name) => name.endsWith('.js')))
      expect(readFileSync(join(lib, file), 'utf8')).not.toMatch(/from\s+["'][^"']*\?raw["']/);
  });

  it("runs the README's Node example: the tutorial on the CPU reference and on WebGPU, as PyTorch runs it", async () => {
    writeFileSync(join(project, 'example.mjs'), docExample('node'));
    const { stdout } = await mustRun(process.execPath, ['example.mjs'], project);
    const finalLoss = (backend: string): number => {
      const match = new RegExp(`^${backend}: final loss (\\S+), accuracy (\\S+)$`, 'm').exec(
        stdout,
      );
      if (match === null) throw new Error(`no "${backend}: final loss" line in:\n${stdout}`);
      expect(Number(match[2])).toBeCloseTo(tutorial.float32.accuracy, 12);
      return Number(match[1]);
    };
    // the f32 reference works from the logit, PyTorch from σ: 6.5e-7 measured; the GPU adds its own exp and log
    checkClose(finalLoss('cpu'), torchFinalLoss, { rtol: 1e-6, atol: 0, label: 'cpu final loss' });
    checkClose(finalLoss('webgpu'), torchFinalLoss, {
      rtol: 2e-6,
      atol: 0,
      label: 'webgpu final loss',
    });
    expect(stdout).toMatch(/^ {2}adapter: \S/m);
  });

  it('type-checks against its declarations in a strict TypeScript project', async () => {
    writeFileSync(
      join(project, 'types.mts'),
      [
        "import { makeMoons, modelToSafetensors, OPTIONS, resultToJson, RunControl, type TrainResult } from 'webgpu-train';",
        "import { installNodeWebGpu, readTableFile, train } from 'webgpu-train/node';",
        'const gpu: GPU = await installNodeWebGpu();',
        'const data = makeMoons({ nSamples: 20, randomState: 1 });',
        "const result: TrainResult = await train(data, { backend: 'cpu', hidden: [3], epochs: 2, control: new RunControl() });",
        'const loss: number | undefined = result.stepLosses.at(-1);',
        'const bytes: Uint8Array = modelToSafetensors(result.model);',
        'const json: Record<string, unknown> = resultToJson(result);',
        'const flags: string[] = OPTIONS.map((option) => option.flag);',
        'const read: typeof readTableFile = readTableFile;',
        '// @ts-expect-error: there is no such backend, and the declarations know it',
        "await train(data, { backend: 'tpu' });",
        'console.log(gpu, loss, bytes, json, flags, read);',
      ].join('\n'),
    );
    const tsc = join(ROOT, 'node_modules/.bin/tsc');
    // TypeScript's own lib files are not the package's to check: left out (--skipDefaultLibCheck,
    // 2.9 s → 1.5 s here), while the package's declarations are checked as everything else is
    const flags = [
      '--noEmit',
      '--strict',
      '--skipDefaultLibCheck',
      '--target',
      'es2022',
      '--module',
      'nodenext',
    ];
    const outcome = await run(
      tsc,
      [...flags, '--moduleResolution', 'nodenext', 'types.mts'],
      project,
    );
    expect(outcome.code, outcome.stdout + outcome.stderr).toBe(0);
  });

  it('has a working `npx webgpu-train`: --help, data and train', async () => {
    const help = await mustRun('npx', ['--no-install', 'webgpu-train', '--help'], project);
    expect(help.stdout).toMatch(/^Usage: webgpu-train /);
    expect(help.stdout).toMatch(/^ {2}train \[options\]/m);
    await mustRun(
      'npx',
      ['--no-install', 'webgpu-train', 'data', 'make-moons', '--n-samples', '40', '--out', 'm.csv'],
      project,
    );
    const trained = await mustRun(
      'npx',
      ['--no-install', 'webgpu-train', 'train', '--data', 'm.csv', '--steps', '20', '--json'],
      project,
    );
    const json = JSON.parse(trained.stdout) as { backend: string; losses: number[] };
    expect(json.backend).toBe('webgpu');
    expect(json.losses).toHaveLength(20);
  });

  it("builds docs/library.md's browser example with Vite, and it trains the tutorial on WebGPU in Chromium", async () => {
    const site = join(project, 'site');
    mkdirSync(site);
    writeFileSync(
      join(site, 'index.html'),
      '<!doctype html><title>webgpu-train</title><output id="status"></output> <output id="result"></output><script type="module" src="./main.js"></script>\n',
    );
    writeFileSync(join(site, 'main.js'), docExample('browser'));
    await build({ root: site, configFile: false, logLevel: 'warn', build: { outDir: 'dist' } });
    const server = await preview({
      root: site,
      configFile: false,
      logLevel: 'silent',
      build: { outDir: 'dist' },
      preview: { port: 0, host: '127.0.0.1', strictPort: false },
    });
    const browser = await openBrowser();
    try {
      const errors: string[] = [];
      browser.page.on('pageerror', (error) => errors.push(error.message));
      await browser.page.goto(server.resolvedUrls?.local[0] ?? 'no address');
      await browser.page
        .locator('#result', { hasText: 'final loss' })
        .waitFor({ timeout: 60_000 })
        .catch(() => {
          throw new Error(`the page never showed a result; its errors: ${errors.join('; ')}`);
        });
      const text = await browser.page.locator('#result').textContent();
      const loss = Number(/final loss (\S+)/.exec(text ?? '')?.[1]);
      checkClose(loss, torchFinalLoss, { rtol: 2e-6, atol: 0, label: 'browser final loss' });
      expect(await browser.page.locator('#status').textContent()).toMatch(/^on \S/);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
