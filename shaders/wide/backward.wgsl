// One layer's backward pass in one dispatch, two kinds of tile: the gradient sums over each block of the batch,
// dW[j, k] = Σ_p δ[p, j] · a[p, k] and db[j] = Σ_p δ[p, j] over positions p of block g (g·blockRows …) in order,
// each tile TILE_UNITS × TILE_UNITS of dW into block g's partials (padded layout); and, past layer 0, the deltas
// passed back, δ_in[p, k] = (Σ_j δ[p, j] · W[j, k]) · f'(a[p, k]), j in order, a TILE_ROWS × TILE_UNITS tile each.
// A tile is an invocation's or a workgroup's (generated/wide_grid). The two read the same δ, a and W and write apart,
// so they need no order between them.
// Bindings: acts, deltas, partials, wparams, control, run, args, wideRun. CPU twins: addSampleTerms (the sums, in the plan's
// reduction shape) and sampleForwardBackward's deltas (src/reference/stages.ts).
//! import "generated/layout"
//! import "generated/wide"
//! import "common/activations.wgsl"
//! import "wide/step.wgsl"
//! import "generated/wide_grid"
//! import "generated/wide_weight_grad"
//! import "generated/wide_input_grad"

override WG: u32 = 64u;

@group(0) @binding(BINDING_ACTS) var<storage, read> acts: array<vec4<f32>>;
@group(0) @binding(BINDING_DELTAS) var<storage, read_write> deltas: array<vec4<f32>>;
@group(0) @binding(BINDING_PARTIALS) var<storage, read_write> partials: array<vec4<f32>>;
@group(0) @binding(BINDING_WPARAMS) var<storage, read> wparams: array<vec4<f32>>;
@group(0) @binding(BINDING_CONTROL) var<storage, read> control: array<u32>;
@group(0) @binding(BINDING_RUN) var<uniform> run: Run;
@group(0) @binding(BINDING_ARGS) var<uniform> args: Args;
@group(0) @binding(BINDING_WIDE_RUN) var<uniform> wideRun: WideRun;

// f'(z) from a = f(z) for each unit of a vec4, 0 past the layer's own units
fn grad4(a: vec4<f32>, unit: u32) -> vec4<f32> {
  let g = vec4<f32>(activation_grad(args.act, a.x), activation_grad(args.act, a.y), activation_grad(args.act, a.z), activation_grad(args.act, a.w));
  let u = vec4<u32>(unit, unit + 1u, unit + 2u, unit + 3u);
  return select(vec4<f32>(0.0), g, u < vec4<u32>(args.inTrue));
}

@compute @workgroup_size(WG)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let s = wide_step();
  // the closing pass needs the loss alone
  if (s.what != PASS_STEP) { return; }
  let tile = product_tile(gid, wid, groups);
  let inTiles = args.inW4 * 4u / TILE_UNITS;
  let perBlock = inTiles * (args.outW4 * 4u / TILE_UNITS);
  let blockRows = wideRun.blockRows;
  let blocks = (s.count + blockRows - 1u) / blockRows;
  // the weight tiles of every block a full batch has (one, where each tile adds every block itself), then
  // args.deltaTiles delta tiles (none for layer 0)
  let weightTiles = perBlock * select((run.batchSize + blockRows - 1u) / blockRows, 1u, FOLD_BLOCKS);
  if (tile < weightTiles) {
    let g = tile / perBlock;
    // blocks past a short batch have nothing to add
    if (g >= blocks) { return; }
    let j0 = ((tile % perBlock) / inTiles) * TILE_UNITS;
    let k0 = (tile % inTiles) * TILE_UNITS;
    if (FOLD_BLOCKS) {
      weight_grad_tile(0u, j0, k0, 0u, s.count, lid);
    } else {
      let first = g * blockRows;
      weight_grad_tile(g, j0, k0, first, min(s.count, first + blockRows), lid);
    }
    return;
  }
  let back = tile - weightTiles;
  if (back >= args.deltaTiles) { return; }
  let r0 = (back / inTiles) * TILE_ROWS;
  let k0 = (back % inTiles) * TILE_UNITS;
  if (r0 >= s.count) { return; }
  input_grad_tile(r0, k0, lid);
}
