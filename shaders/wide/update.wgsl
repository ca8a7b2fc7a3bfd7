// Closes a wide step: of N = ⌈PP/4 / UPDATE_SPAN⌉ threads, thread i < N takes padded params 4v … 4v+3 (a vec4 of each
// buffer) for v = i, i + N, i + 2N … below PP/4; for each it adds the partial sums over the batch's blocks in order,
// divides by the batch size once and applies the optimizer (the padding's gradient is 0, so it stays 0); thread N adds the
// rows' losses block by block in the same order and records the step's loss (in the closing pass of a full-batch
// run, the last epoch's train loss). Non-finite results raise CONTROL_BAD_PARAMS. wparams, state: [slot][PP].
// Bindings: wparams, state, partials, rowLoss, work (Adam's table), losses, control (atomic), run, wideRun.
// The optimizer is compiled in (generated/optimizer: OPT, STATE_SLOTS); the model's layout is read from wideRun.
// CPU twin: reduceRecords (lanes 1, blocks in order), meanOf, optimizerStepCpu.
//! import "generated/layout"
//! import "generated/wide"
//! import "generated/optimizer"
//! import "common/finite.wgsl"
//! import "common/optimizer.wgsl"
//! import "layered/passes.wgsl"

override WG: u32 = 64u;

@group(0) @binding(BINDING_WPARAMS) var<storage, read_write> wparams: array<vec4<f32>>;
@group(0) @binding(BINDING_STATE) var<storage, read_write> state: array<vec4<f32>>;
@group(0) @binding(BINDING_PARTIALS) var<storage, read> partials: array<vec4<f32>>;
@group(0) @binding(BINDING_ROW_LOSS) var<storage, read> rowLoss: array<f32>;
@group(0) @binding(BINDING_WORK) var<storage, read> work: array<f32>;
@group(0) @binding(BINDING_LOSSES) var<storage, read_write> losses: array<f32>;
@group(0) @binding(BINDING_CONTROL) var<storage, read_write> control: array<atomic<u32>>;
@group(0) @binding(BINDING_RUN) var<uniform> run: Run;
@group(0) @binding(BINDING_WIDE_RUN) var<uniform> wideRun: WideRun;

// Adam's corrections for step t (from 1) from the float64 table; its last entry holds from there on
fn corrections(t: u32) -> vec2<f32> {
  if (run.tableEntries == 0u) { return vec2<f32>(0.0, 1.0); }
  let e = min(t, run.tableEntries) - 1u;
  return vec2<f32>(work[run.tableOffset + 2u * e], work[run.tableOffset + 2u * e + 1u]);
}

// whether padded params 4i … 4i+3 are weights (W of some layer; a vec4 never straddles W and b, both multiples of 4)
fn padded_weights(i: u32) -> bool {
  for (var l = 0u; l < wideRun.layers; l++) {
    let at = wideRun.layer[l].padded;
    if (4u * i >= at.x && 4u * i < at.y) { return true; }
  }
  return false;
}

// the mean gradients with the regularization's penalty added to weights (l1: rate·sign(w); l2: rate·w), as
// common/update.wgsl's regularized_grad; the padding's weights are 0 and stay so. CPU twin: regularizedGradCpu
fn regularized4(i: u32, p: vec4<f32>, g: vec4<f32>) -> vec4<f32> {
  if ((run.l1 == 0.0 && run.l2 == 0.0) || !padded_weights(i)) { return g; }
  var out = g;
  if (run.l1 != 0.0) { out = out + run.l1 * sign(p); }
  if (run.l2 != 0.0) { out = out + run.l2 * p; }
  return out;
}

// one param's update, from its mean gradient and state (s.x, s.y), as common/optimizer.wgsl applies it
fn update_one(p: f32, grad: f32, s: vec2<f32>, t: u32, c: vec2<f32>) -> vec3<f32> {
  let u = optimizer_update(p, grad, s.x, s.y, t, c);
  return vec3<f32>(u.p, u.s0, u.s1);
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * WG;
  let Q = wideRun.pp4;
  // the threads that take params; thread N takes the step's loss
  let N = (Q + UPDATE_SPAN - 1u) / UPDATE_SPAN;
  if (i > N) { return; }
  let step = atomicLoad(&control[CONTROL_STEP]);
  let what = pass_of(step, atomicLoad(&control[CONTROL_FIRST_BAD]), atomicLoad(&control[CONTROL_STOPPED]), atomicLoad(&control[CONTROL_CLOSED]));
  if (what == PASS_DONE || (what == PASS_CLOSING && i != N)) { return; }
  let epoch = min(step / run.stepsPerEpoch, run.totalSteps / run.stepsPerEpoch - 1u);
  let k = select(step % run.stepsPerEpoch, 0u, what == PASS_CLOSING);
  let count = min(run.batchSize, run.trainRows - k * run.batchSize);
  let blockRows = wideRun.blockRows;
  let blocks = (count + blockRows - 1u) / blockRows;
  if (i == N) {
    var total = 0.0;
    for (var g = 0u; g < blocks; g++) {
      var block = 0.0;
      for (var p = g * blockRows; p < min(count, (g + 1u) * blockRows); p++) { block += rowLoss[wideRun.stepLossAt + p]; }
      total += block;
    }
    let mean = total / f32(count);
    if (what == PASS_CLOSING) {
      losses[run.epochLossOffset + 3u * ((step - 1u) / run.stepsPerEpoch)] = mean;
      return;
    }
    losses[step] = mean;
    // with full batch, the loss before this step is the train loss after the last epoch
    if (run.fullBatch != 0u && epoch > 0u) { losses[run.epochLossOffset + 3u * (epoch - 1u)] = mean; }
    if (not_finite(mean)) { atomicOr(&control[CONTROL_BAD_PARAMS], 1u); }
    return;
  }
  var c = vec2<f32>(0.0, 1.0);
  if (OPT == OPT_ADAM || OPT == OPT_ADAMW) { c = corrections(step + 1u); }
  for (var v = i; v < Q; v += N) { update4(v, Q, blocks, count, step, c); }
}

// padded params 4i … 4i+3: their mean gradient from the blocks' partial sums, then the optimizer
fn update4(i: u32, Q: u32, blocks: u32, count: u32, step: u32, c: vec2<f32>) {
  // the blocks' partial sums in order (one, holding them all added in that order, where the tiles fold them)
  var sum = vec4<f32>(0.0);
  for (var g = 0u; g < select(blocks, 1u, FOLD_BLOCKS); g++) { sum += partials[g * Q + i]; }
  let p = wparams[i];
  let grad = regularized4(i, p, sum / f32(count));
  var s0 = vec4<f32>(0.0);
  var s1 = vec4<f32>(0.0);
  if (STATE_SLOTS > 0u) { s0 = state[i]; }
  if (STATE_SLOTS > 1u) { s1 = state[Q + i]; }
  let t = step + 1u;
  let x = update_one(p.x, grad.x, vec2<f32>(s0.x, s1.x), t, c);
  let y = update_one(p.y, grad.y, vec2<f32>(s0.y, s1.y), t, c);
  let z = update_one(p.z, grad.z, vec2<f32>(s0.z, s1.z), t, c);
  let w = update_one(p.w, grad.w, vec2<f32>(s0.w, s1.w), t, c);
  if (STATE_SLOTS > 0u) { state[i] = vec4<f32>(x.y, y.y, z.y, w.y); }
  if (STATE_SLOTS > 1u) { state[Q + i] = vec4<f32>(x.z, y.z, z.z, w.z); }
  let updated = vec4<f32>(x.x, y.x, z.x, w.x);
  wparams[i] = updated;
  if (not_finite(updated.x) || not_finite(updated.y) || not_finite(updated.z) || not_finite(updated.w)) {
    atomicOr(&control[CONTROL_BAD_PARAMS], 1u);
  }
}
