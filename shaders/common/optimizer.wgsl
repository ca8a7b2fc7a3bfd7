// One param's update by PyTorch 1.13's rules (src/core/optimizers.ts lists them), from its mean gradient g,
// its state (s0: momentum buffer or Adam's m; s1: Adam's v), step t from 1, and Adam's corrections for t
// (step size lr/(1−β₁ᵗ), √(1−β₂ᵗ), from a float64 table). The hyperparameters come from the importer's `run`
// uniform; imports generated/layout and generated/model (OPT). CPU twin: optimizerStepCpu.

struct Updated {
  p: f32,
  s0: f32,
  s1: f32,
}

fn optimizer_update(p_in: f32, g_in: f32, s0: f32, s1: f32, t: u32, corrections: vec2<f32>) -> Updated {
  var p = p_in;
  var g = g_in;
  if (OPT == OPT_ADAMW) { p = p * run.decay; } else if (run.weightDecay != 0.0) { g = g + run.weightDecay * p; }
  if (OPT == OPT_SGD) { return Updated(p - run.lr * g, s0, s1); }
  if (OPT == OPT_MOMENTUM || OPT == OPT_NESTEROV) {
    let b = select(run.momentum * s0 + g, g, t == 1u);
    let d = select(b, g + run.momentum * b, OPT == OPT_NESTEROV);
    return Updated(p - run.lr * d, b, s1);
  }
  let m = run.beta1 * s0 + run.oneMinusBeta1 * g;
  let v = run.beta2 * s1 + (run.oneMinusBeta2 * g) * g;
  let denom = sqrt(v) / corrections.y + run.eps;
  return Updated(p - corrections.x * (m / denom), m, v);
}
