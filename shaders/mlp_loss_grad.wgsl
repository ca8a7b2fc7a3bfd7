// The batch's mean BCE from the logits (stable form) and, when training, dZ[i] = (σ(z_i) − y_i) / B for the backward pass.
// Training writes losses[step]; evaluating writes epochLosses[epoch·3 + SPLIT]. logits: B, y: N, dZ: B.
// Bindings: 0 batch, 1 rows, 2 y, 3 logits, 4 dZ, 5 out (losses or epochLosses), 6 control. One workgroup of WG threads
// (override, a power of two): thread t takes samples t, t+WG, …, then a fixed tree — same input, same bits.

override WG: u32 = 64u;
override TRAIN: bool = true;
override SPLIT: u32 = 0u;

@group(0) @binding(0) var<storage, read> batch: array<u32>;
@group(0) @binding(1) var<storage, read> rows: array<u32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<storage, read> logits: array<f32>;
@group(0) @binding(4) var<storage, read_write> dZ: array<f32>;
@group(0) @binding(5) var<storage, read_write> out: array<f32>;
@group(0) @binding(6) var<storage, read> control: array<u32>;

var<workgroup> scratch: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32) {
  let size = batch[1];
  let n = f32(size);
  var sum = 0.0;
  for (var i = t; i < size; i += WG) {
    let terms = loss_and_residual(logits[i], y[rows[batch[0] + i]]);
    sum += terms.x;
    if (TRAIN) { dZ[i] = terms.y / n; }
  }
  scratch[t] = sum;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (t < stride) { scratch[t] += scratch[t + stride]; }
    workgroupBarrier();
  }
  let halted = control[C_STOPPED] != 0u || control[C_BAD_STEP] != NO_FAULT;
  if (t != 0u || size == 0u || halted) { return; }
  if (TRAIN) { out[control[C_STEP]] = scratch[0] / n; } else { out[control[C_EPOCH] * 3u + SPLIT] = scratch[0] / n; }
}
