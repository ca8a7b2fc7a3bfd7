import { Command } from 'commander';
import { resultToJson, type TrainResult } from '../api/result.ts';
import { modelToJson, modelToSafetensors, type SavedModel } from '../model/serialize.ts';
import { fileTuningStore, installNodeWebGpu, writeFileAtomically } from '../node/index.ts';
import { train } from '../train.ts';
import { RunFailedError, UsageError } from './errors.ts';
import { prepareRun, savedModelOf, type PreparedRun } from './prepare_run.ts';
import { progressBar, type ProgressReporter } from './progress.ts';
import { addRunFlags, type RunFlags } from './run_flags.ts';
import { summaryLines } from './summary.ts';
import { describeTable, standardizeLine } from './table_flags.ts';
import { namedByFlags } from './train_errors.ts';

async function saveModel(path: string, model: SavedModel): Promise<void> {
  const contents = path.endsWith('.safetensors') ? modelToSafetensors(model) : modelToJson(model);
  await writeFileAtomically(path, contents).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(
      `--save-model ${path}: cannot write the file (${error.code ?? error.message})`,
    );
  });
}

/** How the file was read and standardized, before the run's own lines. */
function dataLines(run: PreparedRun, result: TrainResult, flags: RunFlags): string[] {
  const lines = describeTable(run.table.description);
  if (run.start?.standardization !== undefined)
    lines.push(`standardize z-score of --init-model ${flags.initModel ?? ''}`);
  else if (result.model.standardization !== undefined)
    lines.push(standardizeLine(result.splitSizes.train, flags.split !== undefined));
  return lines;
}

async function runTrain(flags: RunFlags): Promise<void> {
  const run = await prepareRun(flags);
  const backend = run.options.backend ?? 'webgpu';
  if (backend === 'webgpu') await installNodeWebGpu();
  let bar: ProgressReporter | null = null;
  let result: TrainResult;
  try {
    result = await namedByFlags(flags, () =>
      train(run.table.dataset, {
        ...run.options,
        // the tuning `webgpu-train tune` kept for this adapter, else its kind's defaults (--no-tune: the defaults)
        ...(flags.tune ? { tuningStore: fileTuningStore() } : {}),
        ...(flags.json === true || !process.stderr.isTTY
          ? {}
          : {
              onProgress: (p) => {
                bar ??= progressBar(p.totalSteps, 'training', true);
                bar.update(p.stepsDone);
              },
            }),
      }),
    );
  } finally {
    (bar as ProgressReporter | null)?.stop();
  }
  const model = savedModelOf(result, run);
  const diverged = result.firstBadStep !== null;
  if (flags.saveModel !== undefined && !diverged) await saveModel(flags.saveModel, model);
  if (flags.json === true) {
    const json = resultToJson({ ...result, model }, run.table.description);
    process.stdout.write(JSON.stringify(json) + '\n');
  } else {
    const lines = [...dataLines(run, result, flags), ...summaryLines(result, model)];
    process.stdout.write(lines.map((line) => `${line}\n`).join(''));
  }
  if (diverged) {
    const unsaved =
      flags.saveModel === undefined
        ? ''
        : `; --save-model ${flags.saveModel} was not written, since a model whose params are not finite numbers predicts nothing`;
    throw new RunFailedError(
      `the run diverged: the loss or the weights stopped being finite at step ${result.firstBadStep}${unsaved}. A smaller --lr may help`,
    );
  }
}

export function trainCommand(): Command {
  return addRunFlags(
    new Command('train').description(
      'train a classifier on a CSV file: by default the tutorial (Linear(D,1) + Sigmoid, BCE, full-batch gradient descent at lr 0.1 for 1000 steps); any MLP with --hidden, --optimizer, --batch-size, --split …',
    ),
  ).action((flags: RunFlags) => runTrain(flags));
}
