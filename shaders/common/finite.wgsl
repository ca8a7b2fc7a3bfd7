// A finiteness test on the bits, for the kernels' first-bad-step check. No bindings, no imports.

// true for ±Inf and NaN, read from the bits, since WGSL lets compilers assume floats are finite
fn not_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) == 0x7f800000u;
}
