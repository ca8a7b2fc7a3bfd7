// An epoch's close in one workgroup of WG threads, as the layered and wide schedules' end_epoch kernels run it: each
// split's mean loss (thread t adds its share of the split's terms in order, by the importer's `lane_sum`; then a tree
// over the lanes), the epoch's losses recorded, early stopping decided and the best params kept. The importer declares
// WG, binds params, losses, control (u32 words) and run, and defines lane_sum(t, split, rows) for split 0 (train),
// 1 (validation) or 2 (test). CPU twin: ReferenceRun.endEpoch.
//! import "generated/layout"
//! import "common/early_stopping.wgsl"

var<workgroup> lanes: array<f32, WG>;
var<workgroup> sharedEpoch: u32;
var<workgroup> sharedHalt: u32;
var<workgroup> improved: u32;

// the split's mean loss: the threads' sums, then a tree
fn split_loss(t: u32, split: u32, rows: u32) -> f32 {
  let sum = lane_sum(t, split, rows);
  workgroupBarrier();
  lanes[t] = sum;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (t < stride) { lanes[t] += lanes[t + stride]; }
    workgroupBarrier();
  }
  return lanes[0] / f32(rows);
}

fn epoch_loss_at(epoch: u32, split: u32) -> u32 { return run.epochLossOffset + 3u * epoch + split; }

fn close_epoch(t: u32) {
  if (t == 0u) {
    sharedHalt = select(0u, 1u, control[CONTROL_FIRST_BAD] != NO_FAULT || control[CONTROL_STOPPED] != 0u);
    // the epoch the last step closed
    sharedEpoch = control[CONTROL_STEP] / run.stepsPerEpoch - 1u;
  }
  if (workgroupUniformLoad(&sharedHalt) != 0u) { return; }
  let epoch = workgroupUniformLoad(&sharedEpoch);
  if (run.fullBatch == 0u) {
    let train = split_loss(t, 0u, run.trainRows);
    if (t == 0u) { losses[epoch_loss_at(epoch, 0u)] = train; }
  }
  var validation = 0.0;
  if (run.valRows > 0u) {
    validation = split_loss(t, 1u, run.valRows);
    if (t == 0u) { losses[epoch_loss_at(epoch, 1u)] = validation; }
  }
  if (run.testRows > 0u) {
    let test = split_loss(t, 2u, run.testRows);
    if (t == 0u) { losses[epoch_loss_at(epoch, 2u)] = test; }
  }
  if (t == 0u) {
    control[CONTROL_EPOCHS_DONE] = epoch + 1u;
    improved = select(0u, 1u, early_stopping(epoch, validation));
  }
  if (workgroupUniformLoad(&improved) != 0u) {
    let P = run.params;
    for (var i = t; i < P; i += WG) { params[P + i] = params[i]; }
  }
}
