import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The command line, the fidelity check, the PyTorch export and the package's entries train through
 * the one engine only: none of their files imports the earlier engines, so those can be deleted
 * once the benchmark has moved too. `bench` and `tune` still time and tune the
 * earlier engine (they move with the benchmark), so their two command files are left out.
 */
const ROOT = resolve(new URL('../..', import.meta.url).pathname);

const EARLIER_ENGINES = [
  /^src\/train\//,
  /^src\/cpu\//,
  // src/model keeps the model files (serialize, safetensors, state_dict names)
  /^src\/model\/(?!serialize\.ts$|safetensors\.ts$|state_dict\.ts$)/,
  /^src\/gpu\/legacy_/,
];

const STILL_ON_THE_EARLIER_ENGINE = ['src/cli/bench_command.ts', 'src/cli/tune_command.ts'];

function sources(): string[] {
  const folders = ['src/cli', 'src/check', 'src/export'].flatMap((folder) =>
    readdirSync(join(ROOT, folder))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => `${folder}/${name}`),
  );
  return [...folders, 'src/index.ts', 'src/node_entry.ts'].filter(
    (file) => !STILL_ON_THE_EARLIER_ENGINE.includes(file),
  );
}

/** The files a module names in its import and export … from statements, relative to the root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gms)].map(
    (match) => match[1] as string,
  );
  return specifiers
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => relative(ROOT, resolve(dirname(join(ROOT, file)), specifier)));
}

describe('the one engine', () => {
  it('is all that the command line, the check, the export and the package entries import', () => {
    const files = sources();
    expect(files).toContain('src/cli/train_command.ts');
    expect(importsOf('src/cli/train_command.ts')).toContain('src/train.ts');
    const earlier = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => EARLIER_ENGINES.some((pattern) => pattern.test(target)))
        .map((target) => `${file} imports ${target}`),
    );
    expect(earlier).toEqual([]);
  });
});
