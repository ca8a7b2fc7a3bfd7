import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseTuning, type Tuning, type TuningStore } from '../gpu/index.ts';

/** ~/.cache/webgpu-train/tuning.json (or under $XDG_CACHE_HOME): one tuning per adapter. */
export function defaultTuningPath(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const cache = env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache');
  return join(cache, 'webgpu-train', 'tuning.json');
}

function readAll(path: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {}; // missing or unreadable: tune again
  }
}

/** A tuning store in a JSON file; a store that cannot be written just forgets (tuning runs again next time). */
export function fileTuningStore(path = defaultTuningPath()): TuningStore {
  return {
    // an entry of another shape (an older version's) is measured again
    load: (key) => parseTuning(readAll(path)[key]),
    save: (key, tuning: Tuning) => {
      try {
        mkdirSync(dirname(path), { recursive: true });
        const temporary = `${path}.${process.pid}.tmp`;
        writeFileSync(temporary, JSON.stringify({ ...readAll(path), [key]: tuning }, null, 2));
        renameSync(temporary, path);
      } catch {
        // a read-only home is no reason to fail a training run
      }
    },
  };
}
