// The hidden layers' activations f(z) and their derivatives from the output a = f(z), finite wherever the
// math is: WGSL's tanh may return NaN past |z| ≈ 89 (it only promises sinh/cosh's accuracy), so tanh gives the
// sign from |z| ≥ 9, where tanh rounds to ±1 in f32 anyway. CPU twins: activate and activationGrad in
// src/core/activations.ts. Imports generated/layout (the ACT_ codes).

const TANH_SATURATES_AT: f32 = 9.0;

fn activate(act: u32, z: f32) -> f32 {
  switch act {
    case ACT_RELU: { return max(z, 0.0); }
    case ACT_TANH: { return select(tanh(z), sign(z), abs(z) >= TANH_SATURATES_AT); }
    case ACT_SIGMOID: {
      let e = exp(-abs(z));
      return select(e, 1.0, z >= 0.0) / (1.0 + e);
    }
    default: { return z; }
  }
}

// f'(z) from a = f(z), in the forms autograd uses: 1 − a², a(1 − a); relu's a > 0 exactly when z > 0
fn activation_grad(act: u32, a: f32) -> f32 {
  switch act {
    case ACT_RELU: { return select(0.0, 1.0, a > 0.0); }
    case ACT_TANH: { return 1.0 - a * a; }
    case ACT_SIGMOID: { return a * (1.0 - a); }
    default: { return 1.0; }
  }
}
