// Starts a training step: copies this step's (row offset, size) from the schedule into `batch`, or size 0 once the run
// has stopped (early stopping or a non-finite step), which turns every later kernel of the step into a no-op.
// schedule: steps×2 u32; batch: 2 u32; control: see mlp_terms.wgsl. Bindings: 0 control, 1 schedule, 2 batch. One thread.

@group(0) @binding(0) var<storage, read> control: array<u32>;
@group(0) @binding(1) var<storage, read> schedule: array<u32>;
@group(0) @binding(2) var<storage, read_write> batch: array<u32>;

@compute @workgroup_size(1)
fn main() {
  let halted = control[C_STOPPED] != 0u || control[C_BAD_STEP] != NO_FAULT;
  let step = control[C_STEP];
  batch[0] = schedule[2u * step];
  batch[1] = select(schedule[2u * step + 1u], 0u, halted);
}
