import { Command, Option } from 'commander';
import {
  formatClassPredictions,
  formatPredictions,
  formatValuePredictions,
  predictTableOptions,
  type LabelMapping,
  type Passthrough,
} from '../data/index.ts';
import type { Metrics } from '../core/metrics.ts';
import { predict, scoreModel } from '../model/predict.ts';
import type { SavedModel } from '../model/serialize.ts';
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

/** The rows' predictions as CSV, in the head's columns. */
function predictionsCsv(
  model: SavedModel,
  outputs: Float64Array,
  passthrough: Passthrough | null,
  labels: LabelMapping | undefined,
  classes: readonly string[] | undefined,
): string {
  switch (model.head) {
    case 'binary':
      return formatPredictions(outputs, passthrough, labels ?? { negative: '0', positive: '1' });
    case 'multiclass':
      return formatClassPredictions(outputs, passthrough, classes ?? []);
    case 'regression':
      return formatValuePredictions(outputs, passthrough);
  }
}

/** The metrics' lines, per head. */
function metricsLines(metrics: Metrics): string[] {
  switch (metrics.head) {
    case 'binary': {
      const [[tn, fp], [fn, tp]] = metrics.confusion;
      return [
        `accuracy ${(metrics.accuracy * 100).toFixed(1)} %, precision ${metrics.precision.toFixed(4)}, recall ${metrics.recall.toFixed(4)}, F1 ${metrics.f1.toFixed(4)}, ROC AUC ${metrics.rocAuc.toFixed(4)}`,
        `confusion [[${tn}, ${fp}], [${fn}, ${tp}]] (rows: label 0, 1; columns: predicted 0, 1)`,
      ];
    }
    case 'multiclass':
      return [
        `accuracy ${(metrics.accuracy * 100).toFixed(1)} %, macro F1 ${metrics.macro.f1.toFixed(4)}, weighted F1 ${metrics.weighted.f1.toFixed(4)}, log loss ${metrics.logLoss.toFixed(4)}`,
        `confusion [${metrics.confusion.map((row) => `[${row.join(', ')}]`).join(', ')}] (rows: labels; columns: predicted classes, in class order)`,
      ];
    case 'regression':
      return [
        `MSE ${metrics.mse.toPrecision(6)}, RMSE ${metrics.rmse.toPrecision(6)}, MAE ${metrics.mae.toPrecision(6)}, R² ${metrics.r2.toFixed(4)}`,
      ];
  }
}

async function runPredict(flags: PredictFlags): Promise<void> {
  const model = await readModel({ flag: '--model', path: flags.model }, flags.activation);
  const columnOptions = predictTableOptions(
    model.columns,
    model.inputs,
    {
      ...(flags.label === undefined ? {} : { label: flags.label }),
      ...(flags.ignore === undefined ? {} : { ignore: flags.ignore }),
      ...(flags.positive === undefined ? {} : { positive: flags.positive }),
    },
    model,
  );
  const table = await readDataTable(flags.data, {
    ...columnOptions,
    // the rows' ids and labels go back out with the predictions (not needed for --json alone)
    keepPassthrough: flags.out !== undefined || flags.json !== true,
  });
  const data = table.dataset;
  const outputs = predict(model, data);
  const labelled = table.description.label !== null;
  const metrics = labelled ? scoreModel(model, data) : null;
  const predictions = () =>
    predictionsCsv(model, outputs, table.passthrough, columnOptions.labels, columnOptions.classes);
  if (flags.out !== undefined) {
    const out = flags.out;
    await writeFileAtomically(out, predictions()).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`--out ${out}: cannot write the file (${error.code ?? error.message})`);
    });
  }
  const what = model.head === 'regression' ? 'values' : 'probabilities';
  if (flags.json === true) {
    process.stdout.write(
      JSON.stringify({
        samples: data.nSamples,
        labelled,
        metrics,
        // binary: P(class 1) per row; multiclass: K per row (row-major); regression: the values
        [what]: flags.out === undefined ? Array.from(outputs) : undefined,
      }) + '\n',
    );
    return;
  }
  if (metrics === null) {
    // nothing to score: the predictions are the result, to the file or to stdout
    if (flags.out === undefined) process.stdout.write(predictions());
    else
      process.stdout.write(
        `${data.nSamples} samples, no label column; ${what} written to ${flags.out}\n`,
      );
    return;
  }
  process.stdout.write(
    [
      ...describeTable(table.description),
      `${data.nSamples} samples${flags.out === undefined ? '' : `; predictions written to ${flags.out}`}`,
      ...metricsLines(metrics),
    ].join('\n') + '\n',
  );
}

export function predictCommand(): Command {
  const command = new Command('predict')
    .description(
      "apply a saved model (.json or .safetensors) to a CSV file: metrics when it has the label column, and predictions (with --out, or on stdout when there is no label to score): a classifier's probabilities and predicted class, a regression's values",
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
      "write the passed-through columns (id, label), then per row: two classes, the probability of class 1 and the predicted label; more, each class's probability and the predicted class; a regression, the predicted value (written whole or not at all)",
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
