// Shared by the model kernels (appended to them by src/model/gpu/pipelines.ts): the activation codes and
// functions, and the control-buffer words that sequence a run without the host. No bindings.

const ACT_RELU: u32 = 0u;
const ACT_TANH: u32 = 1u;
const ACT_SIGMOID: u32 = 2u;
const ACT_LINEAR: u32 = 3u;

// control words: the step and epoch counters, the first non-finite step, the early-stopping state
const C_STEP: u32 = 0u;
const C_BAD_STEP: u32 = 1u;
const C_EPOCH: u32 = 2u;
const C_STOPPED: u32 = 3u;
const C_BEST_EPOCH: u32 = 4u;
const C_BEST_LOSS: u32 = 5u;
const NO_FAULT: u32 = 0xffffffffu;

fn activate(act: u32, z: f32) -> f32 {
  switch act {
    case 0u: { return max(z, 0.0); }
    case 1u: { return tanh(z); }
    case 2u: { return 1.0 / (1.0 + exp(-z)); }
    default: { return z; }
  }
}

// f'(z) from z and a = f(z), in the forms PyTorch's autograd uses: 1 − a², a(1 − a)
fn activation_grad(act: u32, z: f32, a: f32) -> f32 {
  switch act {
    case 0u: { return select(0.0, 1.0, z > 0.0); }
    case 1u: { return 1.0 - a * a; }
    case 2u: { return a * (1.0 - a); }
    default: { return 1.0; }
  }
}
