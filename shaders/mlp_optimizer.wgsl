// One optimizer update of every param, with PyTorch 1.13's rules (see src/model/optimizers.ts, its CPU twin):
// sgd, momentum, nesterov (state: one buffer), adam, adamw (state: m then v). params, grads: P; state: slots×P.
// The step t counts from 1 (control[C_STEP] + 1). Adam's bias corrections come from a table the host computes in float64,
// as PyTorch does: corrections[2s] = lr / (1 − β₁ᵗ), corrections[2s+1] = √(1 − β₂ᵗ). A non-finite param marks the step
// (atomicMin: the same in any order). Bindings: 0 batch, 1 control, 2 params, 3 grads, 4 state, 5 hyper, 6 corrections.
// One thread per param; workgroup size WG.

override WG: u32 = 64u;
override P: u32;
override OPT: u32;  // 0 sgd, 1 momentum, 2 nesterov, 3 adam, 4 adamw

struct Hyper {
  lr: f32,
  momentum: f32,
  weightDecay: f32,
  beta1: f32,
  beta2: f32,
  eps: f32,
  _pad0: f32,
  _pad1: f32,
}

@group(0) @binding(0) var<storage, read> batch: array<u32>;
@group(0) @binding(1) var<storage, read_write> control: array<atomic<u32>>;
@group(0) @binding(2) var<storage, read_write> params: array<f32>;
@group(0) @binding(3) var<storage, read> grads: array<f32>;
@group(0) @binding(4) var<storage, read_write> state: array<f32>;
@group(0) @binding(5) var<uniform> hyper: Hyper;
@group(0) @binding(6) var<storage, read> corrections: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let k = gid.x;
  if (k >= P || batch[1] == 0u) { return; }
  let step = atomicLoad(&control[C_STEP]);
  let lr = hyper.lr;
  let wd = hyper.weightDecay;
  var p = params[k];
  var g = grads[k];
  if (OPT == 4u) { p = p * (1.0 - lr * wd); } else if (wd != 0.0) { g = g + wd * p; }
  if (OPT == 0u) {
    p = p - lr * g;
  } else if (OPT == 1u || OPT == 2u) {
    let b = select(hyper.momentum * state[k] + g, g, step == 0u);
    state[k] = b;
    let d = select(b, g + hyper.momentum * b, OPT == 2u);
    p = p - lr * d;
  } else {
    let m = hyper.beta1 * state[k] + (1.0 - hyper.beta1) * g;
    let v = hyper.beta2 * state[P + k] + ((1.0 - hyper.beta2) * g) * g;
    state[k] = m;
    state[P + k] = v;
    let stepSize = corrections[2u * step];
    let denom = sqrt(v) / corrections[2u * step + 1u] + hyper.eps;
    p = p - stepSize * (m / denom);
  }
  params[k] = p;
  if (not_finite(p)) { atomicMin(&control[C_BAD_STEP], step); }
}
