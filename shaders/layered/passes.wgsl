// What a layered step's dispatches do, from the control words: a training step, the closing pass of a full-batch
// run that is over (a step without the update, for the last epoch's train loss), or nothing (the run has ended).
// No bindings; needs generated/layout and the importer's `run` (nothing of the model's, so a kernel that needs no
// more is the same for every model).

const PASS_DONE: u32 = 0u;
const PASS_STEP: u32 = 1u;
const PASS_CLOSING: u32 = 2u;

fn pass_of(step: u32, firstBad: u32, stopped: u32, closed: u32) -> u32 {
  if (firstBad != NO_FAULT) { return PASS_DONE; }
  if (step < run.totalSteps && stopped == 0u) { return PASS_STEP; }
  if (run.fullBatch != 0u && closed == 0u) { return PASS_CLOSING; }
  return PASS_DONE;
}
