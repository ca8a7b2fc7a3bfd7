import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { loadFixtures, QUICK_MODEL_CASES, runCheck, UnknownCaseError } from '../check/index.ts';
import { UsageError } from './errors.ts';
import { formatCheck } from './check_report.ts';
import { installNodeWebGpu } from '../node/index.ts';
import { progressBar, type ProgressReporter } from './progress.ts';

interface CheckFlags {
  fixtures: string;
  quick?: boolean;
  cases?: string[];
  json?: boolean;
}

/** test/fixtures of the repo this command line runs from: src/cli/ and dist/cli/ both sit two folders down. */
function repoFixtures(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures');
}

async function runCheckCommand(flags: CheckFlags): Promise<void> {
  const fixtures = loadFixtures(flags.fixtures);
  await installNodeWebGpu();
  let bar: ProgressReporter | null = null;
  const report = await runCheck(fixtures, {
    quick: flags.quick === true,
    ...(flags.cases === undefined ? {} : { cases: flags.cases }),
    onProgress: ({ done, total }) => {
      bar ??= progressBar(total, 'check', flags.json !== true);
      bar.update(done);
    },
  }).catch((error: unknown) => {
    throw error instanceof UnknownCaseError ? new UsageError(`--cases: ${error.message}`) : error;
  });
  (bar as ProgressReporter | null)?.stop();
  process.stdout.write(flags.json === true ? JSON.stringify(report) + '\n' : formatCheck(report));
  if (!report.passed) process.exitCode = 1;
}

export function checkCommand(): Command {
  return new Command('check')
    .description(
      "train PyTorch's fixture runs through train() on WebGPU, on each schedule (fused, layered, wide), and compare every step's loss and the final params at the tests' tolerances; then the same runs twice, bit for bit",
    )
    .option(
      '--fixtures <dir>',
      'the folder holding shared/ and torch/ fixtures (default: test/fixtures of this repo)',
      repoFixtures(),
    )
    .option(
      '--quick',
      `every linear run, and of the models only ${QUICK_MODEL_CASES.join(' and ')}: each model compiles its own kernels, which takes an emulated GPU seconds`,
    )
    .option(
      '--cases <names>',
      'only the fixture runs of these names, comma-separated (with --quick, of the quick set); a name that is not one of them is refused with the list',
      // a tutorial run's name holds its initial params in brackets: commas there are its own
      (value: string) => value.split(/,(?![^[]*\])/).filter((name) => name !== ''),
    )
    .option('--json', 'print one JSON object: {passed, adapter, cases, repeats, …}')
    .action((flags: CheckFlags) => runCheckCommand(flags));
}
