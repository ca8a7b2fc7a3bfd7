#!/usr/bin/env node
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/webgpu-train.js', import.meta.url);
if (!existsSync(entry)) {
  console.error(
    'webgpu-train: the command line is not built; run `npm install` (or `npm run build:cli`) in the repo.',
  );
  process.exit(1);
}
await import(entry.href);
