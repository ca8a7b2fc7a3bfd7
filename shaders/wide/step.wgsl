// What a wide step's kernels share: the step this dispatch belongs to (from the control words, so nothing is written
// between steps), and which rows the dispatch covers (a training batch, or an evaluation chunk from its `args`).
// The importer binds `control` (u32 words, read), `run` and `args` (generated/wide's Args, a dynamic uniform).
//! import "layered/passes.wgsl"

struct WideStep {
  // PASS_DONE, PASS_STEP or PASS_CLOSING (evaluation dispatches: PASS_STEP unless the run has ended)
  what: u32,
  epoch: u32,
  // the step's batch within its epoch
  k: u32,
  // rows this dispatch covers: the batch's (shorter at an epoch's end) or the chunk's
  count: u32,
}

fn wide_step() -> WideStep {
  let step = control[CONTROL_STEP];
  let firstBad = control[CONTROL_FIRST_BAD];
  let stopped = control[CONTROL_STOPPED];
  if (args.eval != 0u) {
    let halted = firstBad != NO_FAULT || stopped != 0u;
    return WideStep(select(PASS_STEP, PASS_DONE, halted), 0u, 0u, args.count);
  }
  let what = pass_of(step, firstBad, stopped, control[CONTROL_CLOSED]);
  let epoch = min(step / run.stepsPerEpoch, run.totalSteps / run.stepsPerEpoch - 1u);
  let k = select(step % run.stepsPerEpoch, 0u, what == PASS_CLOSING);
  let count = min(run.batchSize, run.trainRows - k * run.batchSize);
  return WideStep(what, epoch, k, count);
}

// the tile a thread takes, counted across a 2-D grid of workgroups (one dimension holds at most 65 535)
fn tile_index(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.x + gid.y * groups.x * WG;
}
