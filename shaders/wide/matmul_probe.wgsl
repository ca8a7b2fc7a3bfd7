// The adapter's plain matrix multiply, for the benchmarks' multiply-add rate: C = A · Bᵀ, A: M × K, B: N × K, C: M × N
// (row-major f32, K and N multiples of 4, M of 4), each thread a 4×4 block of C from vec4 loads, no barrier: the shape
// the wide schedule's tiles take. Bindings (its own, group 0): 0 A, 1 B, 2 C, 3 sizes (M, N, K).

override WG: u32 = 64u;

struct Sizes { M: u32, N: u32, K: u32, pad: u32 }

@group(0) @binding(0) var<storage, read> A: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> B: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> C: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> sizes: Sizes;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let block = gid.x + gid.y * groups.x * WG;
  let K4 = sizes.K / 4u;
  let colBlocks = sizes.N / 4u;
  let r0 = (block / colBlocks) * 4u;
  let c0 = (block % colBlocks) * 4u;
  if (r0 >= sizes.M) { return; }
  var c0_ = vec4<f32>(0.0);
  var c1_ = vec4<f32>(0.0);
  var c2_ = vec4<f32>(0.0);
  var c3_ = vec4<f32>(0.0);
  for (var k = 0u; k < K4; k++) {
    let b0 = B[c0 * K4 + k];
    let b1 = B[(c0 + 1u) * K4 + k];
    let b2 = B[(c0 + 2u) * K4 + k];
    let b3 = B[(c0 + 3u) * K4 + k];
    let a0 = A[r0 * K4 + k];
    let a1 = A[(r0 + 1u) * K4 + k];
    let a2 = A[(r0 + 2u) * K4 + k];
    let a3 = A[(r0 + 3u) * K4 + k];
    c0_ += vec4<f32>(dot(a0, b0), dot(a0, b1), dot(a0, b2), dot(a0, b3));
    c1_ += vec4<f32>(dot(a1, b0), dot(a1, b1), dot(a1, b2), dot(a1, b3));
    c2_ += vec4<f32>(dot(a2, b0), dot(a2, b1), dot(a2, b2), dot(a2, b3));
    c3_ += vec4<f32>(dot(a3, b0), dot(a3, b1), dot(a3, b2), dot(a3, b3));
  }
  let N4 = sizes.N / 4u;
  C[r0 * N4 + c0 / 4u] = c0_;
  C[(r0 + 1u) * N4 + c0 / 4u] = c1_;
  C[(r0 + 2u) * N4 + c0 / 4u] = c2_;
  C[(r0 + 3u) * N4 + c0 / 4u] = c3_;
}
