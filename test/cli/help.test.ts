import type { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram, runCli } from '../../src/cli/index.ts';

// The help is written for users: it says what a command does, never how the project tracks its
// own work. In-process through runCli (the same path the bundled `webgpu-train` takes), so it
// needs neither a build nor a child process.

/** Every command's words from the top: [], ['data'], ['data', 'make-classification'], … */
function commandPaths(command: Command, path: readonly string[] = []): string[][] {
  return [[...path], ...command.commands.flatMap((c) => commandPaths(c, [...path, c.name()]))];
}

async function helpOf(path: readonly string[]): Promise<{ code: number; text: string }> {
  let text = '';
  const capture = (chunk: string | Uint8Array): boolean => {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    const code = await runCli([...path, '--help']);
    return { code, text };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

const paths = commandPaths(buildProgram());

describe('webgpu-train --help', () => {
  it('reaches every subcommand, nested ones included', () => {
    const names = paths.map((p) => p.join(' '));
    for (const name of ['train', 'bench', 'data', 'check', 'export', 'predict', 'adapter', 'tune'])
      expect(names).toContain(name);
    // data's generators are commands of their own
    expect(names.some((n) => n.startsWith('data '))).toBe(true);
  });

  for (const path of paths) {
    const name = ['webgpu-train', ...path].join(' ');
    it(`${name} --help speaks of the command, not of the project's work tracking`, async () => {
      const { code, text } = await helpOf(path);
      expect(code).toBe(0);
      // the help of this very command, not an error or another command's
      expect(text).toMatch(new RegExp(`^Usage: ${name.replace(/-/g, '\\-')}\\b`, 'm'));
      expect(text).not.toMatch(/\bissues?\b/i);
    });
  }
});
