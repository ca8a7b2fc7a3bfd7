// Every test file runs with an empty cache folder of its own, and so does every command it starts
// (they inherit the environment): no test reads a tuning that an earlier run left in the user's
// cache. A test of the tuning store names its own folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env['XDG_CACHE_HOME'] = mkdtempSync(join(tmpdir(), 'webgpu-train-cache-'));
