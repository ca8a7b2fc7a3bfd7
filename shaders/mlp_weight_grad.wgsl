// One layer's param gradients over the batch: dW[j,k] = Σᵢ dZ[i,j]·in(i,k) and db[j] = Σᵢ dZ[i,j], i in batch order.
// in(i,k) as in mlp_forward.wgsl. dZ: B×OUT; grads: P, W at W_OFFSET, b at B_OFFSET.
// Bindings: 0 batch, 1 rows, 2 X, 3 Ain, 4 dZ, 5 grads. One thread per (j, k), k = IN meaning the bias; workgroup size WG.

override WG: u32 = 64u;
override IN: u32;
override OUT: u32;
override W_OFFSET: u32;
override B_OFFSET: u32;
override FIRST: bool = false;

@group(0) @binding(0) var<storage, read> batch: array<u32>;
@group(0) @binding(1) var<storage, read> rows: array<u32>;
@group(0) @binding(2) var<storage, read> X: array<f32>;
@group(0) @binding(3) var<storage, read> Ain: array<f32>;
@group(0) @binding(4) var<storage, read> dZ: array<f32>;
@group(0) @binding(5) var<storage, read_write> grads: array<f32>;

fn input(i: u32, k: u32) -> f32 {
  if (FIRST) { return X[rows[batch[0] + i] * IN + k]; }
  return Ain[i * IN + k];
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let index = gid.x;
  if (index >= OUT * (IN + 1u)) { return; }
  let j = index / (IN + 1u);
  let k = index % (IN + 1u);
  let size = batch[1];
  var sum = 0.0;
  if (k == IN) {
    for (var i = 0u; i < size; i++) { sum += dZ[i * OUT + j]; }
    grads[B_OFFSET + j] = sum;
  } else {
    for (var i = 0u; i < size; i++) { sum += dZ[i * OUT + j] * input(i, k); }
    grads[W_OFFSET + j * IN + k] = sum;
  }
}
