// One step's sums over one block of the batch: workgroup g takes batch positions g·blockSize … (g+1)·blockSize − 1,
// runs each sample forward and back, and writes partial g·S + q (in work), the block's sum of quantity q (the loss, then
// every param's gradient term) in the fixed order: MODE_RECORD, thread t adds positions t, t+WG, … then a tree;
// MODE_PARAM, one thread per quantity adds the block's stored terms in order. CPU twin: reduceRecords' blocks.
// Bindings: X chunks, order, params (read), work (scratch, partials), control (read), run.
//! import "generated/layout"
//! import "generated/model"
//! import "common/finite.wgsl"
//! import "common/activations.wgsl"
//! import "generated/step"
//! import "common/batch.wgsl"
//! import "layered/x_chunks.wgsl"
//! import "layered/passes.wgsl"

override WG: u32 = 64u;

@group(0) @binding(BINDING_ORDER) var<storage, read> order: array<u32>;
@group(0) @binding(BINDING_PARAMS) var<storage, read> params: array<f32>;
@group(0) @binding(BINDING_WORK) var<storage, read_write> work: array<f32>;
@group(0) @binding(BINDING_CONTROL) var<storage, read> control: array<u32>;
@group(0) @binding(BINDING_RUN) var<uniform> run: Run;

var<workgroup> lanes: array<f32, WG * LANE_STRIDE>;
var<workgroup> sharedStep: u32;
var<workgroup> sharedPass: u32;

fn param(i: u32) -> f32 { return params[i]; }

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  if (t == 0u) {
    sharedStep = control[CONTROL_STEP];
    sharedPass = pass_of(sharedStep, control[CONTROL_FIRST_BAD], control[CONTROL_STOPPED], control[CONTROL_CLOSED]);
  }
  let step = workgroupUniformLoad(&sharedStep);
  let what = workgroupUniformLoad(&sharedPass);
  if (what == PASS_DONE) { return; }
  let epoch = min(step / run.stepsPerEpoch, run.totalSteps / run.stepsPerEpoch - 1u);
  let k = select(step % run.stepsPerEpoch, 0u, what == PASS_CLOSING);
  let count = min(run.batchSize, run.trainRows - k * run.batchSize);
  let g = wg.x;
  let first = g * run.blockSize;
  // the last batch of an epoch may be shorter: its blocks past the end have nothing to add
  if (first >= count) { return; }
  let end = min(count, first + run.blockSize);
  if (MODE == MODE_RECORD) {
    accumulate_positions(t, epoch, k, first, end);
    workgroupBarrier();
    for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
      if (t < stride) {
        for (var q = 0u; q < S; q++) { lanes[t * S + q] += lanes[(t + stride) * S + q]; }
      }
      workgroupBarrier();
    }
    for (var q = t; q < S; q += WG) { work[run.partialOffset + g * S + q] = lanes[q]; }
  } else {
    for (var p = first + t; p < end; p += WG) {
      sample_store(row_of(epoch, k, p), scratch_at(p));
    }
    storageBarrier();
    for (var q = t; q < S; q += WG) {
      work[run.partialOffset + g * S + q] = quantity_sum(q, epoch, k, first, end);
    }
  }
}
