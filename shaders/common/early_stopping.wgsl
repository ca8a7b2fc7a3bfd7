// Early stopping on the validation loss, decided by one thread at an epoch's end: returns true when the loss is
// the best so far (the caller keeps the params), sets CONTROL_STOPPED once `run.patience` epochs have passed without
// a better one. The importer binds `control` (u32 words) and `run`. CPU twin: ReferenceRun.endEpoch.
//! import "generated/layout"

fn early_stopping(epoch: u32, validation: f32) -> bool {
  if (run.patience == 0u || run.valRows == 0u) { return false; }
  let bestEpoch = control[CONTROL_BEST_EPOCH];
  if (bestEpoch == NO_FAULT || validation < bitcast<f32>(control[CONTROL_BEST_LOSS])) {
    control[CONTROL_BEST_EPOCH] = epoch;
    control[CONTROL_BEST_LOSS] = bitcast<u32>(validation);
    return true;
  }
  if (epoch - bestEpoch >= run.patience) { control[CONTROL_STOPPED] = 1u; }
  return false;
}
