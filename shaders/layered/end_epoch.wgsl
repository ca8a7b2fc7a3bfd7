// Closes an epoch in one workgroup (common/close_epoch.wgsl) from each split's eval partials: thread t adds blocks t,
// t+WG, … in order, then a tree. Bindings: params, losses, control, run, work (partials). Nothing of the model is
// compiled in (its P and full batch come from `run`), so every model shares it. CPU twin: ReferenceRun.endEpoch.
//! import "generated/layout"
//! import "common/close_epoch.wgsl"

override WG: u32 = 64u;

@group(0) @binding(BINDING_PARAMS) var<storage, read_write> params: array<f32>;
@group(0) @binding(BINDING_LOSSES) var<storage, read_write> losses: array<f32>;
@group(0) @binding(BINDING_CONTROL) var<storage, read_write> control: array<u32>;
@group(0) @binding(BINDING_RUN) var<uniform> run: Run;
@group(0) @binding(BINDING_WORK) var<storage, read> work: array<f32>;

// thread t's share of the split's eval partials: blocks t, t+WG, … in order
fn lane_sum(t: u32, split: u32, rows: u32) -> f32 {
  let blocks = (rows + run.evalBlockSize - 1u) / run.evalBlockSize;
  var sum = 0.0;
  for (var g = t; g < blocks; g += WG) { sum += work[run.partialOffset + split * run.evalBlocks + g]; }
  return sum;
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32) {
  close_epoch(t);
}
