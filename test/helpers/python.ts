import { execFile, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

/** Debian's Python, with python3-torch (1.13) and numpy; where the PyTorch references come from. */
export const PYTHON = '/usr/bin/python3';

/** test/python: the scripts the PyTorch tests run, and the torch_io module they share. */
export const PYTHON_DIR = new URL('../python/', import.meta.url).pathname;

// whether both are installed, found without importing them: importing torch takes a second of
// CPU, and every file that runs PyTorch asks at its start; a torch that is found but will not
// import fails that file's first script, with Python's own message
export const HAS_TORCH =
  spawnSync(
    PYTHON,
    [
      '-c',
      "import importlib.util, sys; sys.exit(0 if all(importlib.util.find_spec(m) for m in ('torch', 'numpy')) else 1)",
    ],
    { stdio: 'ignore' },
  ).status === 0;

/**
 * For a beforeAll: PyTorch must be there in CI (.ci/run installs it), so its absence fails the run
 * there; elsewhere the tests that need it are skipped (see `describeWithTorch`).
 */
export function requireTorch(): void {
  if (!HAS_TORCH)
    throw new Error(
      `${PYTHON} has no torch or no numpy: install Debian's python3-torch (.ci/run does)`,
    );
}

/** describe where PyTorch is installed or in CI (where it must be); describe.skip elsewhere. */
export const withTorch = HAS_TORCH || process.env['CI'] === 'true';

export interface PythonOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command (python3, torchrun) with test/python on PYTHONPATH; reports failure instead of throwing. */
export async function runPython(
  command: string,
  args: string[],
  cwd: string,
  timeoutMs = 100_000,
): Promise<PythonOutcome> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      cwd,
      maxBuffer: 64 << 20,
      // a hung run fails the test, and is ended rather than left behind
      timeout: timeoutMs,
      env: { ...process.env, PYTHONPATH: PYTHON_DIR, OMP_NUM_THREADS: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A TCP port free on 127.0.0.1 now, for torchrun's rendezvous (the default 29500 may be taken by another run). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
