// A K-output head over a pass's rows (multiclass: softmax cross-entropy by log-sum-exp): from each row's OUT logits (the
// first OUT columns of the last activations) and its class index, the loss into rowLoss[args.lossAt + p] and, in a
// training step, the residuals softmax(z) − onehot(y) as the last layer's deltas (unscaled). One thread per row.
// Bindings: acts (logits, labels), deltas, rowLoss, control, run, args, wideRun. CPU twin: HEAD.multiclass (src/core/heads.ts).
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
  let at = args.aIn * 4u + p * args.inW4 * 4u;
  var z: array<f32, OUT>;
  for (var j = 0u; j < OUT; j++) { z[j] = acts[at + j]; }
  rowLoss[args.lossAt + p] = head_loss_residual(&z, acts[wideRun.labelsAt + p]);
  if (args.eval == 0u) {
    let out = args.gOut * 4u + p * args.outW4 * 4u;
    for (var j = 0u; j < OUT; j++) { deltas[out + j] = z[j]; }
  }
}
