// Sums the G partial records in a fixed order, records this step's mean loss, and takes one gradient-descent step.
// partials: G×(D+2) [loss, ∂w_0..∂w_{D-1}, ∂b] sums; params: D+1 (w, then b); losses: T; control: [step, firstBadStep, …].
// Bindings: 2 params, 3 partials, 4 losses, 5 control, 7 hyper. One workgroup of WG threads (override, a power of two):
// thread t adds records t, t+WG, … in turn, then a fixed tree, so the same input gives the same bits. Uses bce_terms.wgsl.

override WG: u32 = 64u;
override D: u32 = 2u;
override S: u32 = D + 2u;

struct Hyper {
  n: f32,        // N, the samples a mean is taken over
  lr: f32,       // learning rate
  records: u32,  // G, the partial records to reduce
  _pad: u32,
}

@group(0) @binding(2) var<storage, read_write> params: array<f32>;
@group(0) @binding(3) var<storage, read> partials: array<f32>;
@group(0) @binding(4) var<storage, read_write> losses: array<f32>;
@group(0) @binding(5) var<storage, read_write> control: array<u32>;
@group(0) @binding(7) var<uniform> hyper: Hyper;

const NO_FAULT: u32 = 0xffffffffu;
const CONTROL_STEP: u32 = 0u;
const CONTROL_FIRST_BAD_STEP: u32 = 1u;

var<workgroup> scratch: array<f32, WG * S>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32) {
  let slot = t * S;
  for (var q = 0u; q < S; q++) { scratch[slot + q] = 0.0; }
  for (var g = t; g < hyper.records; g += WG) {
    for (var q = 0u; q < S; q++) { scratch[slot + q] += partials[g * S + q]; }
  }
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (t < stride) {
      for (var q = 0u; q < S; q++) { scratch[slot + q] += scratch[(t + stride) * S + q]; }
    }
    workgroupBarrier();
  }
  if (t != 0u || control[CONTROL_FIRST_BAD_STEP] != NO_FAULT) { return; }
  let step = control[CONTROL_STEP];
  let meanLoss = scratch[0] / hyper.n;
  losses[step] = meanLoss;
  var bad = not_finite(meanLoss);
  for (var k = 0u; k <= D; k++) {
    let updated = params[k] - hyper.lr * (scratch[k + 1u] / hyper.n);
    bad = bad || not_finite(updated);
    params[k] = updated;
  }
  if (bad) { control[CONTROL_FIRST_BAD_STEP] = step; }
  control[CONTROL_STEP] = step + 1u;
}
