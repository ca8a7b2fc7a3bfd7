// Ends a training step: marks it if its loss was not finite, and advances the step counter (unless the step did nothing).
// Bindings: 0 batch, 1 control, 2 losses. One thread.

@group(0) @binding(0) var<storage, read> batch: array<u32>;
@group(0) @binding(1) var<storage, read_write> control: array<u32>;
@group(0) @binding(2) var<storage, read> losses: array<f32>;

@compute @workgroup_size(1)
fn main() {
  if (batch[1] == 0u) { return; }
  let step = control[C_STEP];
  if (not_finite(losses[step]) && control[C_BAD_STEP] == NO_FAULT) { control[C_BAD_STEP] = step; }
  control[C_STEP] = step + 1u;
}
