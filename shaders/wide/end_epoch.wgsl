// Closes a wide epoch in one workgroup (common/close_epoch.wgsl) from its rows' losses: thread t adds rows t, t+WG, …
// of the split in order, then a tree; the best params kept are the flat ones, unpadded just before. Bindings: params,
// losses, control, run, rowLoss. CPU twin: ReferenceRun.endEpoch with the evaluation shape { lanes: WG }.
//! import "generated/layout"
//! import "common/close_epoch.wgsl"

override WG: u32 = 64u;

@group(0) @binding(BINDING_PARAMS) var<storage, read_write> params: array<f32>;
@group(0) @binding(BINDING_LOSSES) var<storage, read_write> losses: array<f32>;
@group(0) @binding(BINDING_CONTROL) var<storage, read_write> control: array<u32>;
@group(0) @binding(BINDING_RUN) var<uniform> run: Run;
@group(0) @binding(BINDING_ROW_LOSS) var<storage, read> rowLoss: array<f32>;

// thread t's share of the split's row losses: rows t, t+WG, … from the split's first, in order
fn lane_sum(t: u32, split: u32, rows: u32) -> f32 {
  let first = select(select(0u, run.valFirst, split == 1u), run.testFirst, split == 2u);
  var sum = 0.0;
  for (var p = t; p < rows; p += WG) { sum += rowLoss[first + p]; }
  return sum;
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32) {
  close_epoch(t);
}
