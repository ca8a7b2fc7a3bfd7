// Ends an epoch: with early stopping, keeps a copy of the params when the validation loss improves and stops the run
// after PATIENCE epochs without improvement; then advances the epoch counter. epochLosses: epochs×3 (train, validation, test).
// Bindings: 0 control, 1 epochLosses, 2 params, 3 bestParams. One workgroup of WG threads; P params.

override WG: u32 = 64u;
override P: u32;
override PATIENCE: u32 = 0u;  // 0: no early stopping

@group(0) @binding(0) var<storage, read_write> control: array<u32>;
@group(0) @binding(1) var<storage, read> epochLosses: array<f32>;
@group(0) @binding(2) var<storage, read> params: array<f32>;
@group(0) @binding(3) var<storage, read_write> bestParams: array<f32>;

var<workgroup> decision: u32;  // 0 nothing, 1 improved, 2 stop, 3 halted

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32) {
  if (t == 0u) {
    let epoch = control[C_EPOCH];
    if (control[C_STOPPED] != 0u || control[C_BAD_STEP] != NO_FAULT) {
      decision = 3u;
    } else if (PATIENCE == 0u) {
      decision = 0u;
    } else {
      let loss = epochLosses[epoch * 3u + 1u];
      let improved = control[C_BEST_EPOCH] == NO_FAULT || loss < bitcast<f32>(control[C_BEST_LOSS]);
      decision = select(select(0u, 2u, epoch - control[C_BEST_EPOCH] >= PATIENCE), 1u, improved);
      if (improved) {
        control[C_BEST_LOSS] = bitcast<u32>(loss);
        control[C_BEST_EPOCH] = epoch;
      }
    }
  }
  let chosen = workgroupUniformLoad(&decision);
  if (chosen == 1u) {
    for (var k = t; k < P; k += WG) { bestParams[k] = params[k]; }
  }
  if (t == 0u && chosen != 3u) {
    if (chosen == 2u) { control[C_STOPPED] = 1u; }
    control[C_EPOCH] = control[C_EPOCH] + 1u;
  }
}
