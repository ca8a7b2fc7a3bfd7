// A param's update inside a run: Adam's corrections for the step from the table in `work`, the optimizer state in
// `work`, the rule from common/optimizer.wgsl. The importer binds `work` and `run`. CPU twin: optimizerStepCpu.
//! import "common/optimizer.wgsl"

// Adam's corrections for step t (from 1); the table's last entry holds from there on
fn corrections(t: u32) -> vec2<f32> {
  if (run.tableEntries == 0u) { return vec2<f32>(0.0, 1.0); }
  let e = min(t, run.tableEntries) - 1u;
  return vec2<f32>(work[run.tableOffset + 2u * e], work[run.tableOffset + 2u * e + 1u]);
}


// param i's new value from its value p and mean gradient g at 1-based step t; its optimizer state lives in work
fn updated_param(i: u32, p: f32, g: f32, t: u32) -> f32 {
  var s0 = 0.0;
  var s1 = 0.0;
  if (STATE_SLOTS > 0u) { s0 = work[run.stateOffset + i]; }
  if (STATE_SLOTS > 1u) { s1 = work[run.stateOffset + P + i]; }
  var c = vec2<f32>(0.0, 1.0);
  if (OPT == OPT_ADAM || OPT == OPT_ADAMW) { c = corrections(t); }
  let u = optimizer_update(p, g, s0, s1, t, c);
  if (STATE_SLOTS > 0u) { work[run.stateOffset + i] = u.s0; }
  if (STATE_SLOTS > 1u) { work[run.stateOffset + P + i] = u.s1; }
  return u.p;
}
