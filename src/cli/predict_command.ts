import { Command, Option } from 'commander';
import { ACTIVATIONS, metricsOf, predict, type Activation } from '../model/index.ts';
import { writeFileAtomically } from '../node/index.ts';
import { UsageError } from './errors.ts';
import { readModel } from './read_model.ts';
import { readData } from './train_command.ts';

interface PredictFlags {
  model: string;
  data: string;
  out?: string;
  activation?: Activation;
  json?: boolean;
}

/** CSV of the probability of class 1 and the predicted class for every row. */
function predictionsCsv(probabilities: Float64Array): string {
  return (
    'probability,predicted\n' +
    Array.from(probabilities, (p) => `${p},${p >= 0.5 ? 1 : 0}`).join('\n') +
    '\n'
  );
}

async function runPredict(flags: PredictFlags): Promise<void> {
  const model = await readModel({ flag: '--model', path: flags.model }, flags.activation);
  const data = await readData(flags.data);
  const probabilities = predict(model, data);
  const metrics = metricsOf(probabilities, data.y);
  if (flags.out !== undefined) {
    const out = flags.out;
    await writeFileAtomically(out, predictionsCsv(probabilities)).catch(
      (error: NodeJS.ErrnoException) => {
        throw new UsageError(
          `--out ${out}: cannot write the file (${error.code ?? error.message})`,
        );
      },
    );
  }
  if (flags.json === true) {
    process.stdout.write(
      JSON.stringify({
        samples: data.nSamples,
        metrics,
        probabilities: flags.out === undefined ? Array.from(probabilities) : undefined,
      }) + '\n',
    );
    return;
  }
  const [[tn, fp], [fn, tp]] = metrics.confusion;
  process.stdout.write(
    [
      `${data.nSamples} samples${flags.out === undefined ? '' : `; predictions written to ${flags.out}`}`,
      `accuracy ${(metrics.accuracy * 100).toFixed(1)} %, precision ${metrics.precision.toFixed(4)}, recall ${metrics.recall.toFixed(4)}, F1 ${metrics.f1.toFixed(4)}, ROC AUC ${metrics.rocAuc.toFixed(4)}`,
      `confusion [[${tn}, ${fp}], [${fn}, ${tp}]] (rows: label 0, 1; columns: predicted 0, 1)`,
    ].join('\n') + '\n',
  );
}

export function predictCommand(): Command {
  return new Command('predict')
    .description(
      'apply a saved model (.json or .safetensors) to a CSV data set: metrics, and predictions with --out',
    )
    .requiredOption(
      '--model <file>',
      "a model saved by train --save-model, or a PyTorch nn.Sequential's state_dict as safetensors",
    )
    .requiredOption(
      '--data <file>',
      'CSV with the same features (x0,…,y); its labels score the model',
    )
    .option('--out <file>', 'write probability,predicted per row (written whole or not at all)')
    .addOption(
      new Option(
        '--activation <f>',
        "the hidden layers' activation, for a PyTorch state_dict that does not name it",
      ).choices([...ACTIVATIONS]),
    )
    .option('--json', 'print one JSON object')
    .action((flags: PredictFlags) => runPredict(flags));
}
