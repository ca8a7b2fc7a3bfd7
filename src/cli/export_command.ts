import { Command } from 'commander';
import { planPytorchRun, pytorchScript } from '../export/index.ts';
import { torchArchitecture } from '../model/index.ts';
import { writeFileAtomically } from '../node/index.ts';
import { UsageError } from './errors.ts';
import { readInitModel } from './init_model.ts';
import { modelTrainOptions } from './model_train.ts';
import { readDataTable } from './table_flags.ts';
import { addTrainFlags, checkBackendFlags, initFrom, type TrainFlags } from './train_command.ts';

interface ExportFlags extends TrainFlags {
  pytorch: string;
}

/** The train command these flags stand for: the export's own words, with `train` and without --pytorch. */
function trainInvocation(exportArgs: readonly string[]): string {
  const args = exportArgs[0] === 'export' ? exportArgs.slice(1) : exportArgs;
  const kept = args.filter((arg, i) => !arg.startsWith('--pytorch') && args[i - 1] !== '--pytorch');
  const words = kept.map((arg) => (/^[\w./,:=+-]+$/.test(arg) ? arg : JSON.stringify(arg)));
  return ['webgpu-train', 'train', ...words].join(' ');
}

async function runExport(flags: ExportFlags, command: Command): Promise<void> {
  if (!flags.pytorch.endsWith('.py'))
    throw new UsageError(`--pytorch ${flags.pytorch}: the script's name should end in .py`);
  const saveModel = flags.saveModel ?? 'model.safetensors';
  if (!saveModel.endsWith('.safetensors'))
    throw new UsageError(
      `--save-model ${saveModel}: the PyTorch script saves safetensors; name the file .safetensors`,
    );
  if (flags.initWeight !== undefined || flags.initBias !== undefined) initFrom(flags);
  checkBackendFlags(flags);
  // the script reads x0,…,y files as np.loadtxt does; the CSV options are not in it yet
  for (const [flag, value] of [
    ['--label', flags.label],
    ['--ignore', flags.ignore],
    ['--positive', flags.positive],
    ['--standardize', flags.standardize],
  ] as const)
    if (value !== undefined)
      throw new UsageError(`${flag}: export --pytorch does not repeat it in the script yet`);
  const data = (await readDataTable(flags.data, {})).dataset;
  const start = await readInitModel(flags, data);
  const plan = planPytorchRun(data, modelTrainOptions(flags, start));
  const script = pytorchScript(plan, {
    command: trainInvocation(command.parent?.args ?? []),
    dataPath: flags.data,
    modelPath: saveModel,
  });
  await writeFileAtomically(flags.pytorch, script).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(
      `--pytorch ${flags.pytorch}: cannot write the file (${error.code ?? error.message})`,
    );
  });
  process.stdout.write(
    [
      `wrote ${flags.pytorch}: ${torchArchitecture(plan.description)}, ${plan.optimizer.name}, ${plan.epochs} epochs, ${plan.precision === 'f64' ? 'float64' : 'float32'}`,
      `run it with: python3 ${flags.pytorch}   or   torchrun --nproc_per_node=N ${flags.pytorch}`,
    ].join('\n') + '\n',
  );
}

export function exportCommand(): Command {
  return addTrainFlags(
    new Command('export')
      .description(
        'write a PyTorch script that repeats a train run (same flags as train): the same nn.Sequential, data, split, initial params, optimizer, batch order and early stopping; it runs under torchrun too',
      )
      .requiredOption('--pytorch <file>', 'the script to write, e.g. run.py'),
  ).action((flags: ExportFlags, command: Command) => runExport(flags, command));
}
