import { Command } from 'commander';
import { csvLayoutOf, planPytorchRun, pytorchScript } from '../export/index.ts';
import { torchArchitecture } from '../model/serialize.ts';
import { writeFileAtomically } from '../node/index.ts';
import { UsageError } from './errors.ts';
import { prepareRun } from './prepare_run.ts';
import { addRunFlags, type RunFlags } from './run_flags.ts';
import { namedByFlags } from './train_errors.ts';
import { savedColumnsOf } from '../data/index.ts';

interface ExportFlags extends RunFlags {
  readonly pytorch: string;
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
  const run = await prepareRun(flags);
  const planned = await namedByFlags(flags, () => planPytorchRun(run.table.dataset, run.options));
  const plan = {
    ...planned,
    description: { ...planned.description, columns: savedColumnsOf(run.table.description) },
  };
  const script = pytorchScript(plan, {
    command: trainInvocation(command.parent?.args ?? []),
    dataPath: flags.data,
    csv: csvLayoutOf(run.table.description),
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
  return addRunFlags(
    new Command('export')
      .description(
        'write a PyTorch script that repeats a train run (same flags as train): the same nn.Sequential, CSV columns, split, standardization, initial params, optimizer, batch order and early stopping; it runs under torchrun too',
      )
      .requiredOption('--pytorch <file>', 'the script to write, e.g. run.py'),
  ).action((flags: ExportFlags, command: Command) => runExport(flags, command));
}
