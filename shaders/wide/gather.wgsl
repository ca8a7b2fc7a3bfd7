// Gathers the rows a wide pass works on into the first activation matrix: A0[p, k] = feature(row, k) for k < D, 0 in
// the padding; and each row's label beside the activations (labels[p]). A training step takes its batch's rows in the
// epoch's order; an evaluation chunk takes args.count rows from args.firstRow. One thread per row.
// A0: rows × IN_PAD f32 in `acts`; X: rows × (D + 1), each row its features then its label, in one binding.
// Bindings: X, order, acts, control, run, args, wideRun. CPU twin: gatherRows.
//! import "generated/layout"
//! import "generated/wide"
//! import "wide/step.wgsl"

override WG: u32 = 64u;

@group(0) @binding(BINDING_X) var<storage, read> X: array<f32>;
@group(0) @binding(BINDING_ORDER) var<storage, read> order: array<u32>;
@group(0) @binding(BINDING_ACTS) var<storage, read_write> acts: array<f32>;
@group(0) @binding(BINDING_CONTROL) var<storage, read> control: array<u32>;
@group(0) @binding(BINDING_RUN) var<uniform> run: Run;
@group(0) @binding(BINDING_ARGS) var<uniform> args: Args;
@group(0) @binding(BINDING_WIDE_RUN) var<uniform> wideRun: WideRun;

// the training row at batch position p of step k (common/batch.wgsl's row_of, without its scratch helpers)
fn batch_row(epoch: u32, k: u32, p: u32) -> u32 {
  let position = k * run.batchSize + p;
  if (run.fullBatch != 0u) { return position; }
  return order[(epoch % run.orderEpochs) * run.trainRows + position];
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let s = wide_step();
  let p = tile_index(gid, groups);
  if (s.what == PASS_DONE || p >= s.count) { return; }
  var row = args.firstRow + p;
  if (args.eval == 0u) { row = batch_row(s.epoch, s.k, p); }
  let at = args.aOut * 4u + p * args.outW4 * 4u;
  let D = wideRun.features;
  let x = row * (D + 1u);
  for (var k = 0u; k < D; k++) { acts[at + k] = X[x + k]; }
  acts[wideRun.labelsAt + p] = X[x + D];
}
