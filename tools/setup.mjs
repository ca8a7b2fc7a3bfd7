// Makes a fresh clone ready to run: installs the npm packages when they are missing or older
// than package-lock.json, and with --test also the Vulkan driver that lets Dawn and Chromium
// run WebGPU without a GPU (SwiftShader, from Debian's chromium package) and binutils' strip,
// which the GPU kit's build uses.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const forTests = process.argv.includes('--test');

function run(command, args) {
  console.error(`setup: ${command} ${args.join(' ')}`);
  execFileSync(command, args, { stdio: 'inherit', cwd: root });
}

function npmPackagesCurrent() {
  const installed = `${root}node_modules/.package-lock.json`;
  return (
    existsSync(installed) &&
    statSync(installed).mtimeMs >= statSync(`${root}package-lock.json`).mtimeMs
  );
}

function hasVulkanLoader() {
  try {
    return execFileSync('ldconfig', ['-p'], { encoding: 'utf8' }).includes('libvulkan.so.1');
  } catch {
    return false;
  }
}

if (!npmPackagesCurrent()) run('npm', ['ci']);

if (forTests) {
  const missing = [];
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
  if (!hasVulkanLoader()) missing.push('libvulkan1');
  // the GPU kit's test strips Node and Dawn to fit the kit's 40 MB
  if (!existsSync('/usr/bin/strip')) missing.push('binutils');
  if (missing.length > 0) {
    const isRoot = process.getuid?.() === 0;
    if (isRoot && existsSync('/usr/bin/apt-get')) {
      run('apt-get', ['update']);
      run('apt-get', ['install', '-y', ...missing]);
    } else {
      console.error(
        `setup: the tests need ${missing.join(' and ')} (WebGPU on the CPU through SwiftShader, headless Chromium, and strip for the GPU kit).\n` +
          `       Install them with: sudo apt-get install -y ${missing.join(' ')}`,
      );
      process.exit(1);
    }
  }
}
