// One layer's deltas passed back to its inputs: δ_in[p, k] = (Σ_j δ[p, j] · W[j, k]) · f'(a[p, k]), j added in order,
// each thread a TILE_ROWS × TILE_UNITS tile; the padding stays 0. δ at args.gOut (deltas), W at args.wOff (wparams),
// a at args.aIn (acts), δ_in to args.gIn. Bindings: acts, deltas, wparams, control, run, args. CPU twin: inputGrad.
//! import "generated/layout"
//! import "generated/model"
//! import "generated/wide"
//! import "common/activations.wgsl"
//! import "wide/step.wgsl"
//! import "generated/wide_input_grad"

override WG: u32 = 64u;

@group(0) @binding(BINDING_ACTS) var<storage, read> acts: array<vec4<f32>>;
@group(0) @binding(BINDING_DELTAS) var<storage, read_write> deltas: array<vec4<f32>>;
@group(0) @binding(BINDING_WPARAMS) var<storage, read> wparams: array<vec4<f32>>;
@group(0) @binding(BINDING_CONTROL) var<storage, read> control: array<u32>;
@group(0) @binding(BINDING_RUN) var<uniform> run: Run;
@group(0) @binding(BINDING_ARGS) var<uniform> args: Args;

// f'(z) from a = f(z) for each unit of a vec4, 0 past the layer's own units
fn grad4(a: vec4<f32>, unit: u32) -> vec4<f32> {
  let g = vec4<f32>(activation_grad(args.act, a.x), activation_grad(args.act, a.y), activation_grad(args.act, a.z), activation_grad(args.act, a.w));
  let u = vec4<u32>(unit, unit + 1u, unit + 2u, unit + 3u);
  return select(vec4<f32>(0.0), g, u < vec4<u32>(args.inTrue));
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let s = wide_step();
  let tile = tile_index(gid, groups);
  let inTiles = args.inW4 * 4u / TILE_UNITS;
  let r0 = (tile / inTiles) * TILE_ROWS;
  let k0 = (tile % inTiles) * TILE_UNITS;
  if (s.what != PASS_STEP || r0 >= s.count) { return; }
  input_grad_tile(r0, k0);
}
