import { Command, CommanderError } from 'commander';
import { dataCommand } from './data_command.ts';
import { trainCommand } from './train_command.ts';
import { benchCommand } from './bench_command.ts';
import { predictCommand } from './predict_command.ts';
import { exportCommand } from './export_command.ts';
import { checkCommand } from './check_command.ts';
import { adapterCommand } from './adapter_command.ts';
import { tuneCommand } from './tune_command.ts';
import { kernelsCommand } from './kernels_command.ts';
import { FixtureError } from '../check/index.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, RunFailedError, UsageError } from './errors.ts';
import { CsvError, ParameterError } from '../data/index.ts';
import { OptionError } from '../core/options.ts';
import { ModelSpecError } from '../core/spec.ts';
import { ModelFileError } from '../model/serialize.ts';
import {
  GpuCapacityError,
  GpuDeviceLostError,
  GpuRunError,
  ShaderCompileError,
  WebGpuUnavailableError,
} from '../gpu/index.ts';

export function buildProgram(): Command {
  const program = new Command('webgpu-train')
    .description(
      'Train a classifier with WebGPU compute shaders (or the CPU reference), from the command line.',
    )
    .exitOverride();
  program.addCommand(dataCommand());
  program.addCommand(trainCommand());
  program.addCommand(benchCommand());
  program.addCommand(predictCommand());
  program.addCommand(exportCommand());
  program.addCommand(checkCommand());
  program.addCommand(adapterCommand());
  program.addCommand(tuneCommand());
  program.addCommand(kernelsCommand());
  // every subcommand reports its own mistakes through the same path
  const override = (command: Command): void => {
    command.exitOverride();
    command.commands.forEach(override);
  };
  override(program);
  return program;
}

/** Errors that mean "what you gave is wrong", as opposed to "something broke". */
function isUsageError(error: unknown): error is Error {
  return (
    error instanceof UsageError ||
    error instanceof CsvError ||
    error instanceof ParameterError ||
    error instanceof OptionError ||
    error instanceof GpuCapacityError ||
    error instanceof ModelSpecError ||
    error instanceof ModelFileError ||
    error instanceof FixtureError
  );
}

/** Failures with a message that says it all: no stack trace for these. */
function isKnownFailure(error: unknown): error is Error {
  return (
    error instanceof RunFailedError ||
    error instanceof WebGpuUnavailableError ||
    error instanceof ShaderCompileError ||
    error instanceof GpuDeviceLostError ||
    error instanceof GpuRunError
  );
}

/** Runs the command line; returns the exit code instead of exiting, so tests can call it. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  const prefixed = (text: string): string => `webgpu-train: ${text}`;
  const configure = (command: Command): void => {
    command.configureOutput({ outputError: (text, write) => write(prefixed(text)) });
    command.commands.forEach(configure);
  };
  configure(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed its message already; help and version are not failures
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (isUsageError(error)) {
      process.stderr.write(`webgpu-train: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (isKnownFailure(error)) {
      const hint =
        error instanceof WebGpuUnavailableError ? ' (--backend cpu trains without it)' : '';
      process.stderr.write(`webgpu-train: ${error.message}${hint}\n`);
      return EXIT_FAILURE;
    }
    process.stderr.write(
      `webgpu-train: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT_FAILURE;
  }
}
