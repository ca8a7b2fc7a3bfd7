/**
 * Checks that span fields, made before a run so that Train is off while they fail: a run's size
 * against the engine's step limit, early stopping without a validation split, extra inputs on data
 * that is not two-dimensional. Each problem is put at the field a person would change.
 */
import { MAX_STEPS } from '../core/options.ts';
import type { Dataset } from '../data/index.ts';
import { plannedSteps, trainRowsOf } from './estimate.ts';
import type { FieldKey, PageState } from './fields.ts';
import { grouped } from './grouped.ts';

export function crossChecks(
  state: PageState,
  data: Dataset | null,
): Partial<Record<FieldKey, string>> {
  const errors: Partial<Record<FieldKey, string>> = {};
  const validation = state.split[1] ?? 0;
  if (state.patience !== null && validation <= 0)
    errors.patience =
      'early stopping needs a validation split: give Split one, e.g. 0.6,0.2,0.2, or clear Patience';
  if (data === null) return errors;
  if (state.features.length > 0 && data.nFeatures !== 2)
    errors.features = `extra inputs need two features (x0, x1); this data set has ${data.nFeatures}`;
  const rows = trainRowsOf(data.nSamples, state.split);
  if (state.epochs === null) return errors;
  const steps = plannedSteps(rows, state.batch, state.epochs);
  if (steps > MAX_STEPS)
    errors.epochs = `${grouped(state.epochs)} epochs of ${grouped(steps / state.epochs)} steps are ${grouped(steps)} steps; a run takes at most ${grouped(MAX_STEPS)}: lower Epochs or raise Batch size`;
  return errors;
}
