/** A mistake in what the user asked for: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit codes: 0 done, 1 something broke, 2 the input (flags or data) is wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A run that went wrong after it reported what it has (a diverged run): one line, exit code 1. */
export class RunFailedError extends Error {
  override name = 'RunFailedError';
}
