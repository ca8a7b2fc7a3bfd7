import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spread, torchUnavailable, type TorchFigures, type TorchRequest } from '../bench/index.ts';

/** Debian's Python, whose python3-torch the comparison uses (no PyPI). */
const PYTHON = '/usr/bin/python3';

/** tools/bench_torch.py of the repo this command line was built in (dist/cli/ → ../../tools). */
function benchScript(): string {
  return fileURLToPath(new URL('../../tools/bench_torch.py', import.meta.url));
}

/**
 * Runs tools/bench_torch.py --mlp on the request; PyTorch that is not there (no Python, no
 * python3-torch, no script beside this command line, as in the GPU kit) is reported, not an error.
 */
export async function runTorch(request: TorchRequest): Promise<TorchFigures> {
  const script = benchScript();
  if (!existsSync(PYTHON)) return torchUnavailable(`no ${PYTHON} on this machine`);
  if (!existsSync(script))
    return torchUnavailable(`no tools/bench_torch.py beside this command line (${script})`);
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = execFile(
      PYTHON,
      [script, '--mlp'],
      { maxBuffer: 64 << 20 },
      (error, out, err) => {
        // exit 3: PyTorch is not installed, said on stdout as JSON
        if (error !== null && error.code !== 3)
          reject(new Error(`tools/bench_torch.py --mlp failed: ${err.trim() || error.message}`));
        else resolve(out);
      },
    );
    child.stdin?.end(JSON.stringify(request));
  });
  const out = JSON.parse(stdout) as {
    available: boolean;
    reason?: string;
    version?: string;
    threads?: number;
    ms?: number[];
    losses?: number[];
  };
  if (!out.available) return torchUnavailable(out.reason ?? 'PyTorch is not available');
  return {
    available: true,
    reason: null,
    version: out.version ?? null,
    threads: out.threads ?? null,
    trainMs: spread(out.ms ?? []),
    losses: out.losses ?? [],
  };
}
