// The multiclass head: OUT logits z, the softmax cross-entropy through log-sum-exp against class index y, and the
// residuals softmax(z) − onehot(y). Needs generated/model (OUT). CPU twin: HEAD.multiclass in src/core/heads.ts.

// with m = max z and s = Σ e^(z_j − m) (j in order): returns log s − (z_y − m), and leaves e^(z_j − m)/s − [j = y] in z
fn head_loss_residual(z: ptr<function, array<f32, OUT>>, label: f32) -> f32 {
  let y = u32(label);
  var m = (*z)[0];
  for (var j = 1u; j < OUT; j++) { m = max(m, (*z)[j]); }
  let zy = (*z)[y] - m;
  var s = 0.0;
  for (var j = 0u; j < OUT; j++) {
    let e = exp((*z)[j] - m);
    (*z)[j] = e;
    s += e;
  }
  for (var j = 0u; j < OUT; j++) { (*z)[j] = (*z)[j] / s - select(0.0, 1.0, j == y); }
  return log(s) - zy;
}
