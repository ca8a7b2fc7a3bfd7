/**
 * resolveOptions and the split name a bad option as the API spells it (`epochs`, `initialParams`,
 * `train`); the command line names the flag the user typed: `webgpu-train: --steps: …`.
 */
import { OptionError } from '../core/options.ts';
import { ModelSpecError } from '../core/spec.ts';
import { ParameterError } from '../data/index.ts';
import { UsageError } from './errors.ts';
import type { RunFlags } from './run_flags.ts';

/** The flag behind an API parameter, for this run's flags. */
function flagFor(parameter: string, flags: RunFlags): string {
  switch (parameter) {
    case 'epochs':
      return flags.steps === undefined ? '--epochs' : '--steps';
    case 'initialParams':
      return flags.initModel === undefined ? '--init-weight' : '--init-model';
    case 'split':
      return '--split';
    default:
      return `--${parameter.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  }
}

/** The message without the `parameter: ` the API errors begin with. */
const bare = (error: Error & { parameter: string }) =>
  error.message.startsWith(`${error.parameter}: `)
    ? error.message.slice(error.parameter.length + 2)
    : error.message;

/** Runs `run`, turning an option the API refuses into a usage error that names the flag. */
export async function namedByFlags<T>(flags: RunFlags, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof OptionError || error instanceof ModelSpecError) {
      const flag =
        error instanceof OptionError && error.flag !== null && error.parameter !== 'epochs'
          ? error.flag
          : flagFor(error.parameter, flags);
      throw new UsageError(`${flag}: ${bare(error)}`);
    }
    // splitDataset names the fraction or the seed that is wrong
    if (error instanceof ParameterError && flags.split !== undefined)
      throw new UsageError(
        `${error.parameter === 'seed' ? '--split-seed' : '--split'}: ${error.message}`,
      );
    throw error;
  }
}
