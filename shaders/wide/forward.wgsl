// One layer forward over rows × units: Y = f(A · Wᵀ + b), each tile TILE_ROWS rows × TILE_UNITS units (generated/wide_forward:
// an invocation's registers, or a workgroup's slabs in shared memory), every output adding its inputs k in order from 0,
// then the bias; padded units are 0.
// A: rows × args.inW4 vec4 at args.aIn, W: OUT_PAD × IN_PAD at args.wOff, b at args.bOff (wparams), Y at args.aOut.
// Bindings: acts, wparams, control, run, args. CPU twin: the forward half of sampleForwardBackward (src/reference/stages.ts).
//! import "generated/layout"
//! import "generated/wide"
//! import "common/activations.wgsl"
//! import "wide/step.wgsl"
//! import "generated/wide_grid"
//! import "generated/wide_forward"

override WG: u32 = 64u;

@group(0) @binding(BINDING_ACTS) var<storage, read_write> acts: array<vec4<f32>>;
@group(0) @binding(BINDING_WPARAMS) var<storage, read> wparams: array<vec4<f32>>;
@group(0) @binding(BINDING_CONTROL) var<storage, read> control: array<u32>;
@group(0) @binding(BINDING_RUN) var<uniform> run: Run;
@group(0) @binding(BINDING_ARGS) var<uniform> args: Args;

// f applied to each unit of a vec4, and 0 for the units past the layer's own (the padding stays 0)
fn activate4(z: vec4<f32>, unit: u32) -> vec4<f32> {
  var y = z;
  if (args.act != ACT_LINEAR) {
    y = vec4<f32>(activate(args.act, z.x), activate(args.act, z.y), activate(args.act, z.z), activate(args.act, z.w));
  }
  let u = vec4<u32>(unit, unit + 1u, unit + 2u, unit + 3u);
  return select(vec4<f32>(0.0), y, u < vec4<u32>(args.outTrue));
}

@compute @workgroup_size(WG)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let s = wide_step();
  let tile = product_tile(gid, wid, groups);
  let unitTiles = args.outW4 * 4u / TILE_UNITS;
  let r0 = (tile / unitTiles) * TILE_ROWS;
  let c0 = (tile % unitTiles) * TILE_UNITS;
  if (s.what == PASS_DONE || r0 >= s.count) { return; }
  forward_tile(r0, c0, lid);
}
