/**
 * A saved model applied to data as a user has it: the model's standardization first, then its
 * extra features, then the network, exactly as train() prepared the rows it trained on.
 */
import { applyStandardization, type Dataset } from '../data/index.ts';
import { modelSpecOf, type SavedModel } from './serialize.ts';
import { withFeatures } from '../core/features.ts';
import { predictProbabilities } from '../core/metrics.ts';
import { ModelSpecError } from '../core/spec.ts';

/**
 * σ(logit) of every row of `data`, which holds the model's raw inputs (before standardization and
 * extra features), in float64.
 *
 * @example
 *   const result = await train(data, { standardize: true, features: ['x2'] });
 *   predict(result.model, newData); // the probability of label 1, row by row
 */
export function predict(model: SavedModel, data: Dataset): Float64Array {
  if (data.nFeatures !== model.inputs)
    throw new ModelSpecError(
      'data',
      `the model takes ${model.inputs} features, the data has ${data.nFeatures}`,
    );
  const scaled =
    model.standardization === undefined ? data : applyStandardization(model.standardization, data);
  return predictProbabilities(
    modelSpecOf(model),
    model.params,
    withFeatures(scaled, model.features),
  );
}
