// A one-output head over a pass's rows (binary: the stable BCE and σ(z) − y; regression: (z − y)² and 2(z − y)): from
// each row's output z (column 0 of the last activations) and its label, the loss into rowLoss[args.lossAt + p] and, in
// a training step, the residual as the last layer's delta (unscaled; the mean's 1/B comes once, in the update). One
// thread per row. Bindings: acts (outputs, labels), deltas, rowLoss, control, run, args, wideRun. CPU twin: the head's
// lossAndResidual (src/core/heads.ts).
//! import "generated/layout"
//! import "generated/wide"
//! import "generated/head"
//! import "wide/step.wgsl"

override WG: u32 = 64u;

@group(0) @binding(BINDING_ACTS) var<storage, read> acts: array<f32>;
@group(0) @binding(BINDING_DELTAS) var<storage, read_write> deltas: array<f32>;
@group(0) @binding(BINDING_ROW_LOSS) var<storage, read_write> rowLoss: array<f32>;
@group(0) @binding(BINDING_CONTROL) var<storage, read> control: array<u32>;
@group(0) @binding(BINDING_RUN) var<uniform> run: Run;
@group(0) @binding(BINDING_ARGS) var<uniform> args: Args;
@group(0) @binding(BINDING_WIDE_RUN) var<uniform> wideRun: WideRun;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let s = wide_step();
  let p = tile_index(gid, groups);
  if (s.what == PASS_DONE || p >= s.count) { return; }
  let z = acts[args.aIn * 4u + p * args.inW4 * 4u];
  let lr = head_loss_residual(z, acts[wideRun.labelsAt + p]);
  rowLoss[args.lossAt + p] = lr.x;
  if (args.eval == 0u) { deltas[args.gOut * 4u + p * args.outW4 * 4u] = lr.y; }
}
