// One layer's forward pass over a batch: Z[i,j] = Σₖ in(i,k)·W[j,k] + b[j] (k in order), A[i,j] = act(Z[i,j]) for a hidden
// layer (the output layer keeps the logit). in(i,k) is X[rows[offset+i], k] for the first layer, else Ain[i,k].
// W: OUT×IN row-major at params[W_OFFSET], b at params[B_OFFSET]. Bindings: 0 batch, 1 rows, 2 X, 3 Ain, 4 params, 5 Z, 6 A.
// One thread per (i, j); workgroup size WG (override).

override WG: u32 = 64u;
override IN: u32;
override OUT: u32;
override W_OFFSET: u32;
override B_OFFSET: u32;
override ACT: u32 = 1u;
override HIDDEN: bool = true;
override FIRST: bool = false;

@group(0) @binding(0) var<storage, read> batch: array<u32>;
@group(0) @binding(1) var<storage, read> rows: array<u32>;
@group(0) @binding(2) var<storage, read> X: array<f32>;
@group(0) @binding(3) var<storage, read> Ain: array<f32>;
@group(0) @binding(4) var<storage, read> params: array<f32>;
@group(0) @binding(5) var<storage, read_write> Z: array<f32>;
@group(0) @binding(6) var<storage, read_write> A: array<f32>;

fn input(i: u32, k: u32) -> f32 {
  if (FIRST) { return X[rows[batch[0] + i] * IN + k]; }
  return Ain[i * IN + k];
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let index = gid.x;
  if (index >= batch[1] * OUT) { return; }
  let i = index / OUT;
  let j = index % OUT;
  var sum = 0.0;
  for (var k = 0u; k < IN; k++) { sum += input(i, k) * params[W_OFFSET + j * IN + k]; }
  let z = sum + params[B_OFFSET + j];
  Z[index] = z;
  A[index] = select(z, activate(ACT, z), HIDDEN);
}
