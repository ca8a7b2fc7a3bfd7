// One sample through the network and its deltas back (the model's shape comes from generated/model):
// x: D inputs; act: the hidden layers' outputs (layer l at ACT_OFFSET[l]); delta: ∂loss/∂z of every layer
// (layer l at DELTA_OFFSET[l]), before the 1/B of the mean. CPU twin: sampleForwardBackward in
// src/reference/stages.ts. The importer defines feature(row, k) and param(i). Imports common/bce.wgsl and
// common/activations.wgsl.

struct Sample {
  x: array<f32, D>,
  act: array<f32, ACT_FLOATS>,
  delta: array<f32, DELTA_FLOATS>,
  loss: f32,
  logit: f32,
}

// layer l's k-th input: a feature for the first layer, else the previous layer's output
fn layer_input(s: ptr<function, Sample>, l: u32, k: u32) -> f32 {
  if (l == 0u) { return (*s).x[k]; }
  return (*s).act[ACT_OFFSET[l - 1u] + k];
}

// forward through every layer; the loss and the output layer's delta r = σ(z) − y
fn sample_forward(s: ptr<function, Sample>, row: u32, label: f32) {
  for (var k = 0u; k < D; k++) { (*s).x[k] = feature(row, k); }
  for (var l = 0u; l < L; l++) {
    let IN = LAYER_IN[l];
    for (var j = 0u; j < LAYER_OUT[l]; j++) {
      let w = W_OFFSET[l] + j * IN;
      var acc = 0.0;
      for (var k = 0u; k < IN; k++) { acc += layer_input(s, l, k) * param(w + k); }
      let z = acc + param(B_OFFSET[l] + j);
      if (l + 1u < L) { (*s).act[ACT_OFFSET[l] + j] = activate(ACT, z); } else { (*s).logit = z; }
    }
  }
  let lr = loss_and_residual((*s).logit, label);
  (*s).loss = lr.x;
  (*s).delta[DELTA_OFFSET[L - 1u]] = lr.y;
}

// the deltas of the hidden layers, from the output layer back: δ_in[k] = (Σ_j δ_out[j]·W[j,k]) · f'(a[k])
fn sample_backward(s: ptr<function, Sample>) {
  for (var l = L - 1u; l > 0u; l--) {
    let IN = LAYER_IN[l];
    for (var k = 0u; k < IN; k++) {
      var acc = 0.0;
      for (var j = 0u; j < LAYER_OUT[l]; j++) {
        acc += (*s).delta[DELTA_OFFSET[l] + j] * param(W_OFFSET[l] + j * IN + k);
      }
      let a = (*s).act[ACT_OFFSET[l - 1u] + k];
      (*s).delta[DELTA_OFFSET[l - 1u] + k] = acc * activation_grad(ACT, a);
    }
  }
}

// adds the sample's S terms into a record: [loss, then per layer W[j,k] += δ_j·in_k and b[j] += δ_j]
fn add_sample_terms(record: ptr<function, array<f32, S>>, s: ptr<function, Sample>) {
  (*record)[0] += (*s).loss;
  for (var l = 0u; l < L; l++) {
    let IN = LAYER_IN[l];
    for (var j = 0u; j < LAYER_OUT[l]; j++) {
      let d = (*s).delta[DELTA_OFFSET[l] + j];
      let w = 1u + W_OFFSET[l] + j * IN;
      for (var k = 0u; k < IN; k++) { (*record)[w + k] += d * layer_input(s, l, k); }
      (*record)[1u + B_OFFSET[l] + j] += d;
    }
  }
}
