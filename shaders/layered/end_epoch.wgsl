// Closes an epoch in one workgroup: adds each split's eval partials (thread t adds blocks t, t+WG, … in order, then a
// tree), records the epoch's losses, decides early stopping and keeps the best params. Bindings: params, losses,
// control, run, work (partials). Nothing of the model is compiled in (its P and full batch come from `run`), so every
// model shares it. CPU twin: ReferenceRun.endEpoch.
//! import "generated/layout"
//! import "common/early_stopping.wgsl"

override WG: u32 = 64u;

@group(0) @binding(BINDING_PARAMS) var<storage, read_write> params: array<f32>;
@group(0) @binding(BINDING_LOSSES) var<storage, read_write> losses: array<f32>;
@group(0) @binding(BINDING_CONTROL) var<storage, read_write> control: array<u32>;
@group(0) @binding(BINDING_RUN) var<uniform> run: Run;
@group(0) @binding(BINDING_WORK) var<storage, read> work: array<f32>;

var<workgroup> lanes: array<f32, WG>;
var<workgroup> sharedEpoch: u32;
var<workgroup> sharedHalt: u32;
var<workgroup> improved: u32;

// the split's mean loss from its eval partials
fn split_loss(t: u32, split: u32, rows: u32) -> f32 {
  let blocks = (rows + run.evalBlockSize - 1u) / run.evalBlockSize;
  var sum = 0.0;
  for (var g = t; g < blocks; g += WG) { sum += work[run.partialOffset + split * run.evalBlocks + g]; }
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

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32) {
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
