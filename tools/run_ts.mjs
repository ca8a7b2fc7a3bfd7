// Runs one of the TypeScript scripts in tools/ (`node tools/run_ts.mjs tools/pictures.ts [args]`):
// Node 20 runs no TypeScript, so Vite's module runner, which the tests use too, loads it.
import { resolve } from 'node:path';
import { runnerImport } from 'vite';

const [script] = process.argv.slice(2);
if (script === undefined) {
  console.error('usage: node tools/run_ts.mjs <script.ts> [arguments]');
  process.exit(2);
}
// the script reads its own arguments after its name
process.argv.splice(2, 1);
await runnerImport(resolve(script));
