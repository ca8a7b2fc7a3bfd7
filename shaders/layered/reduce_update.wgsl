// Adds the blocks' partial sums of WG / R2 quantities a workgroup and applies them: R2 lanes a quantity, lane r adds
// the partials (in work) of blocks r, r+R2, … in order, then a tree over the lanes; divides by the batch size once; for q = 0
// records the step's loss, else updates param q − 1 with its optimizer. Non-finite results raise CONTROL_BAD_PARAMS.
// Bindings: params, work (state, Adam table, partials), losses, control (atomic words), run. CPU twin: reduceRecords'
// second level, meanOf, optimizerStepCpu.
//! import "generated/layout"
//! import "generated/model"
//! import "common/finite.wgsl"
//! import "common/update.wgsl"
//! import "layered/passes.wgsl"

override WG: u32 = 64u;
// lanes a quantity (a power of two dividing WG): 1 where there are few blocks, up to WG where there are many
override R2: u32 = 1u;

@group(0) @binding(BINDING_PARAMS) var<storage, read_write> params: array<f32>;
@group(0) @binding(BINDING_WORK) var<storage, read_write> work: array<f32>;
@group(0) @binding(BINDING_LOSSES) var<storage, read_write> losses: array<f32>;
@group(0) @binding(BINDING_CONTROL) var<storage, read_write> control: array<atomic<u32>>;
@group(0) @binding(BINDING_RUN) var<uniform> run: Run;

var<workgroup> lanes: array<f32, WG>;
var<workgroup> sharedStep: u32;
var<workgroup> sharedPass: u32;

fn control_words() -> vec3<u32> {
  return vec3<u32>(atomicLoad(&control[CONTROL_FIRST_BAD]), atomicLoad(&control[CONTROL_STOPPED]), atomicLoad(&control[CONTROL_CLOSED]));
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  if (t == 0u) {
    sharedStep = atomicLoad(&control[CONTROL_STEP]);
    let c = control_words();
    sharedPass = pass_of(sharedStep, c.x, c.y, c.z);
  }
  let step = workgroupUniformLoad(&sharedStep);
  let what = workgroupUniformLoad(&sharedPass);
  let lane = t % R2;
  let q = wg.x * (WG / R2) + t / R2;
  // the closing pass only needs the loss
  if (what == PASS_DONE || (what == PASS_CLOSING && wg.x != 0u)) { return; }
  let epoch = min(step / run.stepsPerEpoch, run.totalSteps / run.stepsPerEpoch - 1u);
  let k = select(step % run.stepsPerEpoch, 0u, what == PASS_CLOSING);
  let count = min(run.batchSize, run.trainRows - k * run.batchSize);
  let blocks = (count + run.blockSize - 1u) / run.blockSize;
  var sum = 0.0;
  if (q < S) {
    for (var g = lane; g < blocks; g += R2) { sum += work[run.partialOffset + g * S + q]; }
  }
  lanes[t] = sum;
  workgroupBarrier();
  for (var stride = R2 / 2u; stride > 0u; stride /= 2u) {
    if (lane < stride) { lanes[t] += lanes[t + stride]; }
    workgroupBarrier();
  }
  if (lane != 0u || q >= S || (what == PASS_CLOSING && q != 0u)) { return; }
  // lane 0 of this quantity holds its total
  let mean = lanes[t] / f32(count);
  if (what == PASS_CLOSING) {
    // the train loss after the last epoch run
    losses[run.epochLossOffset + 3u * ((step - 1u) / run.stepsPerEpoch)] = mean;
    return;
  }
  if (q == 0u) {
    losses[step] = mean;
    // with full batch, the loss before this step is the train loss after the last epoch
    if (FULL_BATCH && epoch > 0u) { losses[run.epochLossOffset + 3u * (epoch - 1u)] = mean; }
    if (not_finite(mean)) { atomicOr(&control[CONTROL_BAD_PARAMS], 1u); }
    return;
  }
  let p = updated_param(q - 1u, params[q - 1u], mean, step + 1u);
  params[q - 1u] = p;
  if (not_finite(p)) { atomicOr(&control[CONTROL_BAD_PARAMS], 1u); }
}
