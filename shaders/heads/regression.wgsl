// The regression head: one linear output z, the squared error (z − y)² and its derivative 2(z − y). No bindings, no
// imports. CPU twin: HEAD.regression in src/core/heads.ts.

fn head_loss_residual(z: f32, label: f32) -> vec2<f32> {
  let d = z - label;
  return vec2<f32>(d * d, 2.0 * d);
}
