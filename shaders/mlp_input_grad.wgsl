// Carries the gradient back through one layer: dZin[i,k] = (Σⱼ dZ[i,j]·W[j,k]) · act'(Zin[i,k]), j in order.
// dZ: B×OUT, W: OUT×IN at params[W_OFFSET], Zin and Ain (the previous layer's pre-activations and outputs): B×IN.
// Bindings: 0 batch, 1 dZ, 2 params, 3 Zin, 4 Ain, 5 dZin. One thread per (i, k); workgroup size WG.

override WG: u32 = 64u;
override IN: u32;
override OUT: u32;
override W_OFFSET: u32;
override ACT: u32 = 1u;

@group(0) @binding(0) var<storage, read> batch: array<u32>;
@group(0) @binding(1) var<storage, read> dZ: array<f32>;
@group(0) @binding(2) var<storage, read> params: array<f32>;
@group(0) @binding(3) var<storage, read> Zin: array<f32>;
@group(0) @binding(4) var<storage, read> Ain: array<f32>;
@group(0) @binding(5) var<storage, read_write> dZin: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let index = gid.x;
  if (index >= batch[1] * IN) { return; }
  let i = index / IN;
  let k = index % IN;
  var sum = 0.0;
  for (var j = 0u; j < OUT; j++) { sum += dZ[i * OUT + j] * params[W_OFFSET + j * IN + k]; }
  dZin[index] = sum * activation_grad(ACT, Zin[index], Ain[index]);
}
