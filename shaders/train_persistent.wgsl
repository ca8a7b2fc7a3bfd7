// The whole training run in one workgroup: for hyper.steps steps from control[0], the forward pass, stable BCE and gradient
// over all N samples, a fixed-tree reduction, losses[step] = mean loss, and w -= lr·∂w, b -= lr·∂b, with barriers between.
// X: N×D row-major f32, y: N f32, params: D+1 (w, then b), losses: T. Bindings: 0 X, 1 y, 2 params, 4 losses, 5 control, 7 hyper.
// One workgroup of WG threads (override, a power of two); thread t owns samples t, t+WG, …: same input, same bits. Uses bce_terms.wgsl.

override WG: u32 = 64u;
override D: u32 = 2u;
override S: u32 = D + 2u;  // floats per partial record: [loss, ∂w_0..∂w_{D-1}, ∂b]

struct Hyper {
  n: f32,       // N as a float, the samples a mean is taken over
  lr: f32,      // learning rate
  count: u32,   // N
  steps: u32,   // steps this dispatch takes
}

@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read_write> params: array<f32>;
@group(0) @binding(4) var<storage, read_write> losses: array<f32>;
@group(0) @binding(5) var<storage, read_write> control: array<u32>;
@group(0) @binding(7) var<uniform> hyper: Hyper;

const NO_FAULT: u32 = 0xffffffffu;
const CONTROL_STEP: u32 = 0u;
const CONTROL_FIRST_BAD_STEP: u32 = 1u;
// up to this many features a sample and its gradient live in vec4 registers; more go through workgroup memory
const VEC_FEATURES: u32 = 4u;

var<workgroup> scratch: array<f32, WG * S>;
var<workgroup> w: array<f32, D + 1u>;   // the params, in workgroup memory for the whole run
var<workgroup> faulted: u32;

// features row..row+D-1 zero-padded to a vec4 (D ≤ 4); D is a pipeline constant, so the branches fold away
fn load_row4(row: u32) -> vec4<f32> {
  var x = vec4<f32>(X[row], 0.0, 0.0, 0.0);
  if (D > 1u) { x.y = X[row + 1u]; }
  if (D > 2u) { x.z = X[row + 2u]; }
  if (D > 3u) { x.w = X[row + 3u]; }
  return x;
}

// this thread's share of one step: its samples' loss, gradient and residual sums, left in its scratch slot
fn accumulate(t: u32) {
  let slot = t * S;
  let b = w[D];
  var lossSum = 0.0;
  var residualSum = 0.0;
  if (D <= VEC_FEATURES) {
    var wv = vec4<f32>(0.0);
    for (var k = 0u; k < D; k++) { wv[k] = w[k]; }
    var grad = vec4<f32>(0.0);
    for (var i = t; i < hyper.count; i += WG) {
      let x = load_row4(i * D);
      let lr = loss_and_residual(dot(wv, x) + b, y[i]);
      lossSum += lr.x;
      grad += lr.y * x;
      residualSum += lr.y;
    }
    for (var k = 0u; k < D; k++) { scratch[slot + 1u + k] = grad[k]; }
  } else {
    for (var q = 1u; q <= D; q++) { scratch[slot + q] = 0.0; }
    for (var i = t; i < hyper.count; i += WG) {
      let row = i * D;
      var dot = 0.0;
      for (var k = 0u; k < D; k++) { dot += w[k] * X[row + k]; }
      let lr = loss_and_residual(dot + b, y[i]);
      lossSum += lr.x;
      for (var k = 0u; k < D; k++) { scratch[slot + 1u + k] += lr.y * X[row + k]; }
      residualSum += lr.y;
    }
  }
  scratch[slot] = lossSum;
  scratch[slot + D + 1u] = residualSum;
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32) {
  let first = control[CONTROL_STEP];
  if (t == 0u) {
    for (var k = 0u; k <= D; k++) { w[k] = params[k]; }
    faulted = select(0u, 1u, control[CONTROL_FIRST_BAD_STEP] != NO_FAULT);
  }
  let slot = t * S;
  var done = 0u;
  for (var s = 0u; s < hyper.steps; s++) {
    // the barrier inside makes the last update visible and frees the scratch
    if (workgroupUniformLoad(&faulted) != 0u) { break; }
    accumulate(t);
    workgroupBarrier();
    for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
      if (t < stride) {
        for (var q = 0u; q < S; q++) { scratch[slot + q] += scratch[(t + stride) * S + q]; }
      }
      workgroupBarrier();
    }
    if (t == 0u) {
      let step = first + s;
      let meanLoss = scratch[0] / hyper.n;
      losses[step] = meanLoss;
      var bad = not_finite(meanLoss);
      for (var k = 0u; k <= D; k++) {
        w[k] = w[k] - hyper.lr * (scratch[k + 1u] / hyper.n);
        bad = bad || not_finite(w[k]);
      }
      if (bad) {
        faulted = 1u;
        control[CONTROL_FIRST_BAD_STEP] = step;
      }
      done = s + 1u;
    }
  }
  if (t == 0u) {
    for (var k = 0u; k <= D; k++) { params[k] = w[k]; }
    control[CONTROL_STEP] = first + done;
  }
}
