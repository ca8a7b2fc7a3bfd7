// One layer's gradient sums over one block of the batch: dW[j, k] = Σ_p δ[p, j] · a[p, k] and db[j] = Σ_p δ[p, j]
// over positions p of block g (g·BLOCK_ROWS …), added in order; each thread a TILE_UNITS × TILE_UNITS tile of dW (the
// tiles of column 0 add db as well). Writes block g's partial sums, in the padded params' layout, to partials.
// Bindings: acts, deltas, partials, control, run, args. CPU twin: weightGradBlock (src/reference/wide.ts).
//! import "generated/layout"
//! import "generated/model"
//! import "generated/wide"
//! import "wide/step.wgsl"
//! import "generated/wide_weight_grad"

override WG: u32 = 64u;

@group(0) @binding(BINDING_ACTS) var<storage, read> acts: array<vec4<f32>>;
@group(0) @binding(BINDING_DELTAS) var<storage, read> deltas: array<vec4<f32>>;
@group(0) @binding(BINDING_PARTIALS) var<storage, read_write> partials: array<vec4<f32>>;
@group(0) @binding(BINDING_CONTROL) var<storage, read> control: array<u32>;
@group(0) @binding(BINDING_RUN) var<uniform> run: Run;
@group(0) @binding(BINDING_ARGS) var<uniform> args: Args;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let s = wide_step();
  let tile = tile_index(gid, groups);
  let inTiles = args.inW4 * 4u / TILE_UNITS;
  let perBlock = inTiles * (args.outW4 * 4u / TILE_UNITS);
  let g = tile / perBlock;
  let j0 = ((tile % perBlock) / inTiles) * TILE_UNITS;
  let k0 = (tile % inTiles) * TILE_UNITS;
  let first = g * BLOCK_ROWS;
  // the closing pass needs the loss alone; blocks past a short batch have nothing to add
  if (s.what != PASS_STEP || first >= s.count) { return; }
  weight_grad_tile(g, j0, k0, first, min(s.count, first + BLOCK_ROWS));
}
