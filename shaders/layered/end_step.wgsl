// Closes a step, in one thread: records it as the first bad step if its loss or any new param was not finite
// (the run then stops), and advances the step counter the other kernels read; after a closing pass, marks the run
// closed. Bindings: control, run.
//! import "generated/layout"
//! import "layered/passes.wgsl"

@group(0) @binding(BINDING_CONTROL) var<storage, read_write> control: array<u32>;
@group(0) @binding(BINDING_RUN) var<uniform> run: Run;

@compute @workgroup_size(1)
fn main() {
  let step = control[CONTROL_STEP];
  let what = pass_of(step, control[CONTROL_FIRST_BAD], control[CONTROL_STOPPED], control[CONTROL_CLOSED]);
  if (what == PASS_CLOSING) { control[CONTROL_CLOSED] = 1u; }
  if (what != PASS_STEP) { return; }
  if (control[CONTROL_BAD_PARAMS] != 0u) { control[CONTROL_FIRST_BAD] = step; }
  control[CONTROL_STEP] = step + 1u;
}
