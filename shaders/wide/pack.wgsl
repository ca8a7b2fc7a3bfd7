// Moves the params between the run's flat layout (params: W_l out × in, then b_l, layer after layer, as nn.Linear) and
// the wide kernels' padded one (wparams: W_l OUT_PAD × IN_PAD, then b_l OUT_PAD, zeros in the padding). TO_PADDED 1: at
// a run's start; 0: where the host or the epoch's end reads the params. One thread per flat param.
// Bindings: params, wparams, wideRun (the two layouts' offsets). The CPU reference keeps one layout and has no twin: packing back gives the same floats.
//! import "generated/layout"
//! import "generated/wide"

override WG: u32 = 64u;
override TO_PADDED: u32 = 1u;

@group(0) @binding(BINDING_PARAMS) var<storage, read_write> params: array<f32>;
@group(0) @binding(BINDING_WPARAMS) var<storage, read_write> wparams: array<f32>;
@group(0) @binding(BINDING_WIDE_RUN) var<uniform> wideRun: WideRun;

// where flat param i sits in the padded layout
fn padded_index(i: u32) -> u32 {
  var l = 0u;
  while (l + 1u < wideRun.layers && i >= wideRun.layer[l + 1u].flat.x) { l++; }
  let flat = wideRun.layer[l].flat;
  let padded = wideRun.layer[l].padded;
  if (i >= flat.y) { return padded.y + (i - flat.y); }
  let IN = flat.z;
  let j = (i - flat.x) / IN;
  return padded.x + j * padded.z + (i - flat.x) % IN;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * WG;
  if (i >= wideRun.params) { return; }
  if (TO_PADDED == 1u) { wparams[padded_index(i)] = params[i]; } else { params[i] = wparams[padded_index(i)]; }
}
