import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** The built command line, as `npx webgpu-train` runs it (npm test builds it first). */
export const BIN = new URL('../../bin/webgpu-train.js', import.meta.url).pathname;

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `webgpu-train …` in a child process and reports its exit code and output, failing or not. */
export async function cli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliOutcome> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      ...options,
      maxBuffer: 64 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Command-line words from lines of text: words('train --data d.csv', '--lr 0.1'). */
export const words = (...lines: string[]): string[] => lines.flatMap((line) => line.split(' '));
