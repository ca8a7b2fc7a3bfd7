// `npm run gpu-kit`: builds dist/gpu-kit/, a folder that runs webgpu-train's fidelity check,
// benchmarks and tuning pass on a machine with a GPU and nothing else (no npm, no network):
//   run.sh                the steps (from tools/gpu_kit_run.sh)
//   payload.tar.gz        bin/node (this Node, stripped), lib/webgpu-train.js (the command line
//                         without TensorFlow.js: `vite build --mode gpu-kit`), lib/node_modules/webgpu
//                         (Dawn's binding and its linux-x64 dawn.node), fixtures/ (PyTorch's runs)
//   libvulkan1_*.deb      the Vulkan loader, for machines without one (when apt can fetch it)
//   kit.json              what went in: versions, commit, sizes and checksums
// gzip (at -9), not xz: every Linux has it. Stripping the two binaries keeps the kit under 40 MB.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const KIT = join(root, 'dist/gpu-kit');
const CLI_BUILD = join(root, 'dist/gpu-kit-cli');
const WEBGPU = join(root, 'node_modules/webgpu');
const MAX_BYTES = 40e6;
/** the fixtures `webgpu-train check` reads (src/check/fixtures.ts) */
const FIXTURE_DIRS = ['shared', 'torch'];

/** What stops the build: reported as one line, exit code 1. */
class KitError extends Error {}

function fail(message) {
  throw new KitError(message);
}

function say(message) {
  console.error(`gpu-kit: ${message}`);
}

/** Runs a command; returns whether it succeeded (its output goes to our stderr). */
function attempt(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  return result.status === 0;
}

/** Copies a binary without its symbol tables and debug sections where `strip` is here. */
function copyStripped(from, to) {
  if (attempt('strip', ['--strip-unneeded', '-o', to, from])) return true;
  say(`strip failed or is missing (binutils): ${from} goes in whole`);
  copyFileSync(from, to);
  return false;
}

/** The Vulkan loader's .deb for amd64: fetched by apt, else from apt's cache; null if neither. */
function vulkanLoaderDeb(into) {
  const scratch = mkdtempSync(join(tmpdir(), 'webgpu-train-deb-'));
  try {
    // as root, apt hands downloads to its _apt user, who cannot write a private folder
    chmodSync(scratch, 0o777);
    const download = () =>
      attempt('apt-get', ['download', 'libvulkan1:amd64'], { cwd: scratch, timeout: 120_000 });
    // a fresh machine may have no package lists yet: as root, fetch them once and try again
    const fetched =
      download() ||
      (process.getuid?.() === 0 &&
        attempt('apt-get', ['update', '-qq'], { timeout: 300_000 }) &&
        download());
    const deb = readdirSync(scratch).find((f) => /^libvulkan1_.*_amd64\.deb$/.test(f));
    if (fetched && deb !== undefined) {
      copyFileSync(join(scratch, deb), join(into, deb));
      return { deb, from: 'apt-get download libvulkan1:amd64' };
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const cache = '/var/cache/apt/archives';
  let cached = [];
  try {
    cached = readdirSync(cache).filter((f) => /^libvulkan1_.*_amd64\.deb$/.test(f));
  } catch {
    // no apt here
  }
  const deb = cached.sort().at(-1);
  if (deb === undefined)
    return { deb: null, from: 'apt-get download failed and apt has none cached' };
  copyFileSync(join(cache, deb), join(into, deb));
  return { deb, from: cache };
}

function gitCommit() {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' });
    return { commit, uncommittedChanges: dirty.trim() !== '' };
  } catch {
    return { commit: null, uncommittedChanges: null };
  }
}

function describeFile(path) {
  const bytes = readFileSync(path);
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

function build() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    fail(
      `the kit carries this machine's Node and Dawn's linux-x64 build: build it on linux-x64, not ${process.platform}-${process.arch}`,
    );
  }

  say('building the command line without TensorFlow.js (vite build --mode gpu-kit)');
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  if (
    !attempt(process.execPath, [vite, 'build', '--mode', 'gpu-kit', '--logLevel', 'warn'], {
      cwd: root,
    })
  )
    fail('vite build --mode gpu-kit failed');

  const stage = mkdtempSync(join(tmpdir(), 'webgpu-train-kit-'));
  try {
    mkdirSync(join(stage, 'bin'));
    const nodeStripped = copyStripped(process.execPath, join(stage, 'bin/node'));
    cpSync(CLI_BUILD, join(stage, 'lib'), { recursive: true });
    const dawnDir = join(stage, 'lib/node_modules/webgpu/dist/linux-x64');
    mkdirSync(dawnDir, { recursive: true });
    for (const file of ['package.json', 'index.js', 'LICENSE.md'])
      copyFileSync(join(WEBGPU, file), join(stage, 'lib/node_modules/webgpu', file));
    const dawnStripped = copyStripped(
      join(WEBGPU, 'dist/linux-x64/dawn.node'),
      join(dawnDir, 'dawn.node'),
    );
    for (const dir of FIXTURE_DIRS)
      cpSync(join(root, 'test/fixtures', dir), join(stage, 'fixtures', dir), { recursive: true });

    rmSync(KIT, { recursive: true, force: true });
    mkdirSync(KIT, { recursive: true });
    say('packing Node, the command line, Dawn and the fixtures (tar, gzip)');
    if (
      !attempt('tar', [
        // gzip's best: 0.24 MB less than its default on this payload, room under the budget
        '--use-compress-program=gzip -9',
        '-cf',
        join(KIT, 'payload.tar.gz'),
        '--owner=0',
        '--group=0',
        '-C',
        stage,
        '.',
      ])
    )
      fail('tar with gzip -9 failed');
    copyFileSync(join(root, 'tools/gpu_kit_run.sh'), join(KIT, 'run.sh'));
    chmodSync(join(KIT, 'run.sh'), 0o755);

    say('fetching the Vulkan loader (apt-get download libvulkan1)');
    const loader = vulkanLoaderDeb(KIT);
    if (loader.deb === null)
      say(`no libvulkan1 .deb (${loader.from}): run.sh will need the system's Vulkan loader`);

    const webgpuVersion = JSON.parse(readFileSync(join(WEBGPU, 'package.json'), 'utf8')).version;
    const files = Object.fromEntries(
      readdirSync(KIT)
        .sort()
        .map((name) => [name, describeFile(join(KIT, name))]),
    );
    const manifest = {
      builtAt: new Date().toISOString(),
      ...gitCommit(),
      node: process.version,
      webgpu: webgpuVersion,
      platform: 'linux-x64',
      stripped: { node: nodeStripped, dawn: dawnStripped },
      vulkanLoader: loader,
      files,
    };
    writeFileSync(join(KIT, 'kit.json'), JSON.stringify(manifest, null, 2) + '\n');

    const total = readdirSync(KIT).reduce((sum, name) => sum + statSync(join(KIT, name)).size, 0);
    say(
      `wrote ${KIT}: ${(total / 1e6).toFixed(1)} MB (${Object.keys(files).join(', ')}, kit.json)`,
    );
    if (total >= MAX_BYTES)
      fail(`the kit is ${(total / 1e6).toFixed(1)} MB, over its ${MAX_BYTES / 1e6} MB budget`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

try {
  build();
} catch (error) {
  if (!(error instanceof KitError)) throw error;
  console.error(`gpu-kit: ${error.message}`);
  process.exitCode = 1;
}
