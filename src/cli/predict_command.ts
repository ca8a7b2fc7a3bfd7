import { Command, Option } from 'commander';
import { formatPredictions, predictTableOptions } from '../data/index.ts';
import { metricsOf } from '../core/metrics.ts';
import { predict } from '../model/predict.ts';
import { ACTIVATIONS, type Activation } from '../core/spec.ts';
import { writeFileAtomically } from '../node/index.ts';
import { UsageError } from './errors.ts';
import { readModel } from './read_model.ts';
import { addTableFlags, describeTable, readDataTable, type TableFlags } from './table_flags.ts';

interface PredictFlags extends TableFlags {
  model: string;
  data: string;
  out?: string;
  activation?: Activation;
  json?: boolean;
}

async function runPredict(flags: PredictFlags): Promise<void> {
  const model = await readModel({ flag: '--model', path: flags.model }, flags.activation);
  const columnOptions = predictTableOptions(model.columns, model.inputs, {
    ...(flags.label === undefined ? {} : { label: flags.label }),
    ...(flags.ignore === undefined ? {} : { ignore: flags.ignore }),
    ...(flags.positive === undefined ? {} : { positive: flags.positive }),
  });
  const table = await readDataTable(flags.data, {
    ...columnOptions,
    // the rows' ids and labels go back out with the predictions (not needed for --json alone)
    keepPassthrough: flags.out !== undefined || flags.json !== true,
  });
  const data = table.dataset;
  const probabilities = predict(model, data);
  const labelled = table.description.label !== null;
  const metrics = labelled ? metricsOf(probabilities, data.y) : null;
  const mapping = columnOptions.labels ?? { negative: '0', positive: '1' };
  const predictions = () => formatPredictions(probabilities, table.passthrough, mapping);
  if (flags.out !== undefined) {
    const out = flags.out;
    await writeFileAtomically(out, predictions()).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`--out ${out}: cannot write the file (${error.code ?? error.message})`);
    });
  }
  if (flags.json === true) {
    process.stdout.write(
      JSON.stringify({
        samples: data.nSamples,
        labelled,
        metrics,
        probabilities: flags.out === undefined ? Array.from(probabilities) : undefined,
      }) + '\n',
    );
    return;
  }
  if (metrics === null) {
    // nothing to score: the probabilities are the result, to the file or to stdout
    if (flags.out === undefined) process.stdout.write(predictions());
    else
      process.stdout.write(
        `${data.nSamples} samples, no label column; probabilities written to ${flags.out}\n`,
      );
    return;
  }
  const [[tn, fp], [fn, tp]] = metrics.confusion;
  process.stdout.write(
    [
      ...describeTable(table.description),
      `${data.nSamples} samples${flags.out === undefined ? '' : `; predictions written to ${flags.out}`}`,
      `accuracy ${(metrics.accuracy * 100).toFixed(1)} %, precision ${metrics.precision.toFixed(4)}, recall ${metrics.recall.toFixed(4)}, F1 ${metrics.f1.toFixed(4)}, ROC AUC ${metrics.rocAuc.toFixed(4)}`,
      `confusion [[${tn}, ${fp}], [${fn}, ${tp}]] (rows: label 0, 1; columns: predicted 0, 1)`,
    ].join('\n') + '\n',
  );
}

export function predictCommand(): Command {
  const command = new Command('predict')
    .description(
      'apply a saved model (.json or .safetensors) to a CSV file: metrics when it has the label column, and probabilities (with --out, or on stdout when there is no label to score)',
    )
    .requiredOption(
      '--model <file>',
      "a model saved by train --save-model, or a PyTorch nn.Sequential's state_dict as safetensors",
    )
    .requiredOption(
      '--data <file>',
      "CSV with the model's feature columns (by name when both files have a header); with the label column, the model is scored",
    )
    .option(
      '--out <file>',
      'write the passed-through columns (id, label), probability and predicted label per row (written whole or not at all)',
    )
    .addOption(
      new Option(
        '--activation <f>',
        "the hidden layers' activation, for a PyTorch state_dict that does not name it",
      ).choices([...ACTIVATIONS]),
    )
    .option('--json', 'print one JSON object');
  return addTableFlags(command, true).action((flags: PredictFlags) => runPredict(flags));
}
