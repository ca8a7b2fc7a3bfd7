import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, lowest first (docs/engine.md draws them): each folder imports its own files
 * and those of the folders it lists, never one above it. `api` includes src/train.ts, the one entry.
 */
const below = (...folders) => folders;
export const LAYERS = {
  core: below(),
  data: below('core'),
  reference: below('core'),
  gpu: below('core', 'data'),
  model: below('core', 'data'),
  api: below('core', 'data', 'reference', 'gpu', 'model'),
  export: below('core', 'data', 'model', 'api'),
  check: below('core', 'data', 'reference', 'gpu', 'model', 'api'),
  bench: below('core', 'data', 'reference', 'gpu', 'model', 'api'),
  node: below('core', 'data', 'gpu'),
  cli: below(
    'core',
    'data',
    'reference',
    'gpu',
    'model',
    'api',
    'export',
    'check',
    'bench',
    'node',
  ),
  page: below('core', 'data', 'reference', 'gpu', 'model', 'api', 'bench'),
};
const FOLDERS = Object.keys(LAYERS);
const ABOVE_API = new Set(['export', 'check', 'bench', 'cli', 'page']);

/** no-restricted-imports for one folder: every other folder it does not list, and train.ts below api. */
function layerRule(folder) {
  const forbidden = FOLDERS.filter((f) => f !== folder && !LAYERS[folder].includes(f));
  const patterns = [
    {
      regex: `^(\\.\\./)+(${forbidden.join('|')})/`,
      message: `src/${folder} may import only from ${LAYERS[folder].map((f) => `src/${f}`).join(', ') || 'itself'} (the layers in eslint.config.js, drawn in docs/engine.md)`,
    },
  ];
  if (folder !== 'api' && !ABOVE_API.has(folder))
    patterns.push({
      regex: '^(\\.\\./)+train\\.ts$',
      message: `src/${folder} sits below src/train.ts (the api layer) and may not import it`,
    });
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'docs/api/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', navigator: 'readonly' },
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
    },
  },
  ...FOLDERS.map(layerRule),
  {
    files: ['test/**/*.ts', 'dev/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.mjs', 'bin/*.js'],
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly' },
    },
  },
);
