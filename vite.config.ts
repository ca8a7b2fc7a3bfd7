import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/setup/longest_first.ts';
import { testTiers } from './test/setup/tiers.ts';

/** TensorFlow.js, which only `bench --tfjs` loads: bundled into the CLI, left out of the GPU kit. */
const TFJS = [
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-webgpu',
];

/** Builds dist/page and dist/cli once per run when their sources changed (test/setup/build_once.ts). */
const BUILD_ONCE = 'test/setup/build_once.ts';

// One config, four builds: the page (default); the command line (`vite build --mode cli`), which
// bundles src/cli with the WGSL kernels inlined so `npx webgpu-train` runs plain Node; the same
// command line for the GPU kit (`--mode gpu-kit`, see tools/gpu_kit.mjs): every package bundled
// but Dawn's (a native addon the kit carries beside the bundle) and TensorFlow.js (left out); and
// the package's library (`vite build --mode lib`): the browser and Node entries as ES modules with
// the kernels inlined, the dependencies left for npm to install.
export default defineConfig(({ mode }) => {
  if (mode === 'lib') {
    return {
      build: {
        // tsc writes the type declarations into dist/lib/types afterwards
        outDir: 'dist/lib',
        // the Node entry installs WebGPU with a top-level await
        target: 'es2022',
        emptyOutDir: true,
        // readable code for whoever steps into it; no source maps to ship
        minify: false,
        lib: {
          entry: { index: 'src/index.ts', node: 'src/node_entry.ts' },
          formats: ['es'],
        },
        rolldownOptions: {
          external: ['webgpu', /^node:/],
          output: { chunkFileNames: 'shared-[hash].js' },
        },
      },
    };
  }
  if (mode === 'cli' || mode === 'gpu-kit') {
    const kit = mode === 'gpu-kit';
    return {
      // TensorFlow.js's ES modules import without file extensions, which Node refuses: bundle them
      ssr: kit
        ? { noExternal: true, external: ['webgpu', ...TFJS] }
        : { noExternal: [/^@tensorflow\//] },
      build: {
        ssr: 'src/cli/main.ts',
        outDir: kit ? 'dist/gpu-kit-cli' : 'dist/cli',
        target: 'node20',
        emptyOutDir: true,
        sourcemap: !kit,
        rolldownOptions: {
          output: {
            entryFileNames: 'webgpu-train.js',
            // TensorFlow.js's wasm backend (Emscripten) expects CommonJS's __dirname and require
            banner: [
              "import { createRequire as __createRequire } from 'node:module';",
              "import { fileURLToPath as __fileURLToPath } from 'node:url';",
              'const require = __createRequire(import.meta.url);',
              'const __filename = __fileURLToPath(import.meta.url);',
              "const __dirname = __fileURLToPath(new URL('.', import.meta.url));",
            ].join('\n'),
          },
        },
      },
    };
  }
  const tiers = testTiers(new URL('.', import.meta.url).pathname);
  const NO_PROCESS = 'test/setup/no_process.ts';
  return {
    base: './',
    build: { outDir: 'dist/page', target: 'es2022', emptyOutDir: true },
    // the page's workers are module workers ({ type: 'module' }), and the benchmark's load the
    // other libraries on demand: ES modules split into chunks, which the default iife cannot
    worker: { format: 'es' },
    preview: { host: '127.0.0.1', port: 4173 },
    server: { host: '127.0.0.1' },
    test: {
      // an empty cache folder per test file: no test reads a tuning an earlier run kept
      setupFiles: ['test/setup/private_cache.ts', 'test/setup/paced_dawn.ts'],
      pool: 'forks',
      // the longest files first in their tier, so that none of them is left to run alone at the end
      sequence: { sequencer: LongestFirst },
      // Vitest keeps a core for itself (cores − 1): on two cores that is one test file at a
      // time, while the file's own process waits on its children, Chromium or the software
      // adapter's threads half the time; two files at a time use both cores
      maxWorkers: Math.max(2, availableParallelism() - 1),
      testTimeout: 60_000,
      hookTimeout: 120_000,
      // Tiers by what a test needs, read from its imports (test/setup/tiers.ts): `vitest run
      // --project <name>`; `npm test` runs all four.
      projects: [
        {
          extends: true,
          // the logic, the data, the CPU reference, the planner, the page's state: no GPU
          test: {
            name: 'unit',
            include: tiers.unit,
            setupFiles: [NO_PROCESS, 'test/setup/no_webgpu.ts'],
            // plain logic with no state of its own: a worker keeps the modules it has imported
            // for its next file instead of importing them again (half the tier's CPU time); the
            // setup files still run before each file, so each gets its own cache folder and mocks
            isolate: false,
          },
        },
        {
          extends: true,
          // the engine on WebGPU in the test's own process (Dawn on SwiftShader)
          test: { name: 'gpu', include: tiers.gpu, setupFiles: [NO_PROCESS] },
        },
        {
          extends: true,
          // the command line as users run it, the PyTorch bridge, the GPU kit
          test: { name: 'commands', include: tiers.commands, globalSetup: [BUILD_ONCE] },
        },
        {
          extends: true,
          // the built page in headless Chromium, and the package installed and run there
          test: { name: 'browser', include: tiers.browser, globalSetup: [BUILD_ONCE] },
        },
      ],
    },
  };
});
