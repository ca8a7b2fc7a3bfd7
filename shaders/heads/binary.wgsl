// The binary head: one logit z, the stable BCE from it and the residual r = σ(z) − y. No bindings, no imports.
// CPU twin: HEAD.binary in src/core/heads.ts.

// log(1 + u) for u in [0, 1], exact to a few ulp for small u; WGSL has no log1p (Goldberg's formula)
fn log1p_small(u: f32) -> f32 {
  let v = 1.0 + u;
  if (v == 1.0) { return u; }
  return log(v) * (u / (v - 1.0));
}

// one sample's BCE, max(z,0) − z·y + log1p(e^−|z|), and r = σ(z) − y, from a single exp(−|z|): finite for any finite z
fn head_loss_residual(z: f32, label: f32) -> vec2<f32> {
  let e = exp(-abs(z));
  let loss = (max(z, 0.0) - z * label) + log1p_small(e);
  let p = select(e, 1.0, z >= 0.0) / (1.0 + e);
  return vec2<f32>(loss, p - label);
}
