// Forward pass, stable BCE from the logit, and gradient partial sums of Linear(D,1)+Sigmoid over one chunk of samples.
// X: count×D row-major f32, y: count f32, params: D+1 (w, then b); writes partials[(chunk.partialBase + workgroup)·(D+2) + q],
// this workgroup's sums of [loss, ∂w_0..∂w_{D-1}, ∂b]. Bindings: 0 X, 1 y, 2 params, 3 partials, 5 control, 6 chunk.
// Workgroup size WG (override, a power of two). Thread t sums its samples in turn, then a fixed tree: same input, same bits.
// Uses loss_and_residual from bce_terms.wgsl.

override WG: u32 = 64u;
override D: u32 = 2u;
override S: u32 = D + 2u;  // floats per partial record

struct Chunk {
  count: u32,        // samples in this chunk
  partialBase: u32,  // first partial record this chunk's workgroups write
  threads: u32,      // workgroups × WG dispatched for this chunk: the grid stride
  _pad: u32,
}

@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read> params: array<f32>;
@group(0) @binding(3) var<storage, read_write> partials: array<f32>;
@group(0) @binding(5) var<storage, read> control: array<u32>;
@group(0) @binding(6) var<uniform> chunk: Chunk;

const NO_FAULT: u32 = 0xffffffffu;
const CONTROL_FIRST_BAD_STEP: u32 = 1u;
// up to this many features a sample and its gradient live in vec4 registers; more go through workgroup memory
const VEC_FEATURES: u32 = 4u;

var<workgroup> scratch: array<f32, WG * S>;

// features row..row+D-1 zero-padded to a vec4 (D ≤ 4); D is a pipeline constant, so the branches fold away
fn load_row4(row: u32) -> vec4<f32> {
  var x = vec4<f32>(X[row], 0.0, 0.0, 0.0);
  if (D > 1u) { x.y = X[row + 1u]; }
  if (D > 2u) { x.z = X[row + 2u]; }
  if (D > 3u) { x.w = X[row + 3u]; }
  return x;
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(global_invocation_id) gid: vec3<u32>) {
  let slot = t * S;
  for (var q = 0u; q < S; q++) { scratch[slot + q] = 0.0; }
  // after a non-finite step the run is over: later dispatches do nothing
  let first = select(chunk.count, gid.x, control[CONTROL_FIRST_BAD_STEP] == NO_FAULT);
  let b = params[D];
  var lossSum = 0.0;
  var residualSum = 0.0;
  if (D <= VEC_FEATURES) {
    var w = vec4<f32>(0.0);
    for (var k = 0u; k < D; k++) { w[k] = params[k]; }
    var grad = vec4<f32>(0.0);
    for (var i = first; i < chunk.count; i += chunk.threads) {
      let x = load_row4(i * D);
      let lr = loss_and_residual(dot(w, x) + b, y[i]);
      lossSum += lr.x;
      grad += lr.y * x;
      residualSum += lr.y;
    }
    for (var k = 0u; k < D; k++) { scratch[slot + 1u + k] = grad[k]; }
  } else {
    for (var i = first; i < chunk.count; i += chunk.threads) {
      let row = i * D;
      var dot = 0.0;
      for (var k = 0u; k < D; k++) { dot += params[k] * X[row + k]; }
      let lr = loss_and_residual(dot + b, y[i]);
      lossSum += lr.x;
      for (var k = 0u; k < D; k++) { scratch[slot + 1u + k] += lr.y * X[row + k]; }
      residualSum += lr.y;
    }
  }
  scratch[slot] = lossSum;
  scratch[slot + D + 1u] = residualSum;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (t < stride) {
      for (var q = 0u; q < S; q++) { scratch[slot + q] += scratch[(t + stride) * S + q]; }
    }
    workgroupBarrier();
  }
  let record = (chunk.partialBase + wg.x) * S;
  for (var q = t; q < S; q += WG) { partials[record + q] = scratch[q]; }
}
