/**
 * A saved model applied to data as a user has it: the model's standardization first, then its
 * extra features, then the network, exactly as train() prepared the rows it trained on.
 */
import { applyStandardization, type Dataset } from '../data/index.ts';
import { modelSpecOf, type SavedModel } from './serialize.ts';
import { withFeatures } from '../core/features.ts';
import { measureModel, predictOutputs, type Metrics } from '../core/metrics.ts';
import { ModelSpecError } from '../core/spec.ts';

/** The data as the network takes it: the model's z-score, then its extra features. */
function networkInputs(model: SavedModel, data: Dataset): Dataset {
  if (data.nFeatures !== model.inputs)
    throw new ModelSpecError(
      'data',
      `the model takes ${model.inputs} features, the data has ${data.nFeatures}`,
    );
  const scaled =
    model.standardization === undefined ? data : applyStandardization(model.standardization, data);
  return withFeatures(scaled, model.features);
}

/**
 * What the model predicts for every row of `data`, which holds the model's raw inputs (before
 * standardization and extra features), in float64: a binary classifier's P(class 1) per row; a
 * K-class classifier's K probabilities per row (row-major, N×K); a regression's value per row, in
 * the target's own units.
 *
 * @example
 *   const result = await train(data, { standardize: true, features: ['x2'] });
 *   predict(result.model, newData); // the probability of label 1, row by row
 */
export function predict(model: SavedModel, data: Dataset): Float64Array {
  return predictOutputs(
    modelSpecOf(model),
    model.params,
    networkInputs(model, data),
    model.target ?? null,
  );
}

/** The model's metrics on labelled data (class indices, or targets in their own units). */
export function scoreModel(model: SavedModel, data: Dataset): Metrics {
  return measureModel(
    modelSpecOf(model),
    model.params,
    networkInputs(model, data),
    model.target ?? null,
  );
}
