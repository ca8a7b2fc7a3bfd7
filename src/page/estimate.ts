/**
 * How long a run should take, said before it runs. A step's work is its batch's rows times the
 * model's params plus one (the loss and every gradient); the page measures the work per second
 * each backend manages (a warm-up run, then every finished run) and divides.
 */

/** Work a run does: steps × batch rows × (P + 1). */
export function runWork(steps: number, batchRows: number, params: number): number {
  return steps * batchRows * (params + 1);
}

/** Steps a run will take: whole epochs of ⌈train rows / batch⌉ steps. */
export function plannedSteps(trainRows: number, batch: number | null, epochs: number): number {
  const rows = Math.max(1, trainRows);
  const perEpoch = Math.ceil(rows / Math.min(batch ?? rows, rows));
  return perEpoch * epochs;
}

/** Rows a split leaves for training (the split rounds by largest remainder; this is within one). */
export function trainRowsOf(samples: number, split: readonly number[]): number {
  const [train = 1, validation = 0, test = 0] = split;
  return Math.max(1, Math.round((samples * train) / (train + validation + test)));
}

/** "about 40 s", "about 3 min", "about 2.5 h". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'an unknown time';
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `about ${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min`;
  return `about ${Number((seconds / 3600).toPrecision(2))} h`;
}

/** Runs longer than this get a warning before they start. */
export const LONG_RUN_SECONDS = 60;
