import cliProgress from 'cli-progress';

export interface ProgressReporter {
  update(done: number): void;
  stop(): void;
}

const SILENT: ProgressReporter = { update: () => {}, stop: () => {} };

/** A progress bar on stderr when it is a terminal; nothing otherwise (pipes, CI, --json). */
export function progressBar(total: number, label: string, enabled: boolean): ProgressReporter {
  if (!enabled || !process.stderr.isTTY) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total}`,
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}
