// A param's update inside a run: the regularization's gradient added to a weight's, Adam's corrections for the step from the table in `work`, the optimizer state in
// workgroup memory or `work`, the rule from common/optimizer.wgsl. The importer binds `work` and `run` and sets WG.
// CPU twin: optimizerStepCpu.
//! import "common/optimizer.wgsl"

// Adam's corrections for step t (from 1); the table's last entry holds from there on
fn corrections(t: u32) -> vec2<f32> {
  if (run.tableEntries == 0u) { return vec2<f32>(0.0, 1.0); }
  let e = min(t, run.tableEntries) - 1u;
  return vec2<f32>(work[run.tableOffset + 2u * e], work[run.tableOffset + 2u * e + 1u]);
}


// the optimizer's state, STATE_SLOTS floats a param ([slot][param]): in workgroup memory for the dispatch where the
// plan keeps it there (STATE_SHARED, fused), else in work from run.stateOffset
var<workgroup> sharedState: array<f32, STATE_SHARED_FLOATS>;

fn state_at(at: u32) -> f32 {
  if (STATE_SHARED) { return sharedState[at]; }
  return work[run.stateOffset + at];
}

fn set_state(at: u32, value: f32) {
  if (STATE_SHARED) { sharedState[at] = value; } else { work[run.stateOffset + at] = value; }
}

// thread t of WG moves the shared state in from work at a dispatch's start, and back at its end
fn load_shared_state(t: u32) {
  if (!STATE_SHARED) { return; }
  for (var at = t; at < STATE_SLOTS * P; at += WG) { sharedState[at] = work[run.stateOffset + at]; }
}

fn store_shared_state(t: u32) {
  if (!STATE_SHARED) { return; }
  for (var at = t; at < STATE_SLOTS * P; at += WG) { work[run.stateOffset + at] = sharedState[at]; }
}

// whether param i is a weight (W of some layer) rather than a bias: the regularization penalizes weights only
fn is_weight(i: u32) -> bool {
  for (var l = 0u; l < L; l++) {
    if (i >= W_OFFSET[l] && i < B_OFFSET[l]) { return true; }
  }
  return false;
}

// a weight's mean gradient with the penalty's added (l1: rate·sign(w), 0 at w = 0; l2: rate·w). CPU twin: regularizedGradCpu
fn regularized_grad(i: u32, p: f32, g: f32) -> f32 {
  if ((run.l1 == 0.0 && run.l2 == 0.0) || !is_weight(i)) { return g; }
  var out = g;
  if (run.l1 != 0.0) { out = out + run.l1 * sign(p); }
  if (run.l2 != 0.0) { out = out + run.l2 * p; }
  return out;
}

// param i's new value from its value p and mean gradient g_data (before the penalty) at 1-based step t
fn updated_param(i: u32, p: f32, g_data: f32, t: u32) -> f32 {
  let g = regularized_grad(i, p, g_data);
  var s0 = 0.0;
  var s1 = 0.0;
  if (STATE_SLOTS > 0u) { s0 = state_at(i); }
  if (STATE_SLOTS > 1u) { s1 = state_at(P + i); }
  var c = vec2<f32>(0.0, 1.0);
  if (OPT == OPT_ADAM || OPT == OPT_ADAMW) { c = corrections(t); }
  let u = optimizer_update(p, g, s0, s1, t, c);
  if (STATE_SLOTS > 0u) { set_state(i, u.s0); }
  if (STATE_SLOTS > 1u) { set_state(P + i, u.s1); }
  return u.p;
}
