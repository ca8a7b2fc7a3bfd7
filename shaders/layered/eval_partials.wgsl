// One split's loss over one block of its rows, forward only: workgroup g takes the split's positions
// g·evalBlockSize …, thread t adds positions t, t+WG, … in order, then a tree; writes partial SPLIT·evalBlocks + g (in work).
// SPLIT: 0 train (with mini-batches), 1 validation, 2 test.
// Bindings: X chunks, params (read), work (partials), control (read), run. CPU twin: ReferenceRun.evalLoss.
//! import "generated/layout"
//! import "generated/model"
//! import "common/finite.wgsl"
//! import "common/activations.wgsl"
//! import "generated/sample"
//! import "layered/x_chunks.wgsl"

override WG: u32 = 64u;
override SPLIT: u32 = 0u;

@group(0) @binding(BINDING_PARAMS) var<storage, read> params: array<f32>;
@group(0) @binding(BINDING_WORK) var<storage, read_write> work: array<f32>;
@group(0) @binding(BINDING_CONTROL) var<storage, read> control: array<u32>;
@group(0) @binding(BINDING_RUN) var<uniform> run: Run;

var<workgroup> lanes: array<f32, WG>;
var<workgroup> sharedHalt: u32;

fn param(i: u32) -> f32 { return params[i]; }

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  if (t == 0u) {
    sharedHalt = select(0u, 1u, control[CONTROL_FIRST_BAD] != NO_FAULT || control[CONTROL_STOPPED] != 0u);
  }
  if (workgroupUniformLoad(&sharedHalt) != 0u) { return; }
  var firstRow = 0u;
  var rows = run.trainRows;
  if (SPLIT == 1u) { firstRow = run.valFirst; rows = run.valRows; }
  if (SPLIT == 2u) { firstRow = run.testFirst; rows = run.testRows; }
  let first = wg.x * run.evalBlockSize;
  if (first >= rows) { return; }
  let end = min(rows, first + run.evalBlockSize);
  let sum = sum_losses(t, firstRow + first, end - first);
  lanes[t] = sum;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (t < stride) { lanes[t] += lanes[t + stride]; }
    workgroupBarrier();
  }
  if (t == 0u) { work[run.partialOffset + SPLIT * run.evalBlocks + wg.x] = lanes[0]; }
}
