// A whole training run, or one segment of it, in one workgroup of WG threads: for run.segmentSteps steps from
// control[STEP], gather the batch, forward and deltas per sample, sum the loss and every gradient in a fixed
// order, divide by B once, update every param; at each epoch's end the loss on each split and early stopping;
// once a full-batch run is over, a closing pass (a step without the update) gives the last epoch's train loss.
// X: rows×(D+1) f32, each row its features then its label (train, validation, test rows), order: run.orderEpochs × trainRows, params: [P | best P],
// work: [state | Adam table | scratch], losses: [steps | 3 per epoch], control: u32 words. CPU twin: ReferenceRun.
//! import "generated/layout"
//! import "generated/model"
//! import "common/finite.wgsl"
//! import "common/activations.wgsl"
//! import "generated/sample"
//! import "generated/step"
//! import "common/optimizer.wgsl"
//! import "common/batch.wgsl"
//! import "common/update.wgsl"
//! import "common/early_stopping.wgsl"

override WG: u32 = 64u;

@group(0) @binding(BINDING_X) var<storage, read> X: array<f32>;
@group(0) @binding(BINDING_ORDER) var<storage, read> order: array<u32>;
@group(0) @binding(BINDING_PARAMS) var<storage, read_write> params: array<f32>;
@group(0) @binding(BINDING_WORK) var<storage, read_write> work: array<f32>;
@group(0) @binding(BINDING_LOSSES) var<storage, read_write> losses: array<f32>;
@group(0) @binding(BINDING_CONTROL) var<storage, read_write> control: array<u32>;
@group(0) @binding(BINDING_RUN) var<uniform> run: Run;

// what one pass of the main loop does
const PASS_DONE: u32 = 0u;
const PASS_STEP: u32 = 1u;
const PASS_CLOSING: u32 = 2u;

// the params, in workgroup memory for the whole dispatch when they fit (PARAMS_SHARED)
var<workgroup> w: array<f32, P_SHARED>;
// per-lane sums: S floats a lane in MODE_RECORD, one in MODE_PARAM (the evaluation passes' losses)
var<workgroup> lanes: array<f32, WG * LANE_STRIDE>;
var<workgroup> bad: atomic<u32>;
// the run's state as thread 0 keeps it, read by all through workgroupUniformLoad (uniform control flow)
var<workgroup> firstStep: u32;
var<workgroup> nextPass: u32;
var<workgroup> faulted: u32;
var<workgroup> stopped: u32;
var<workgroup> closed: u32;
var<workgroup> improved: u32;

fn feature(row: u32, k: u32) -> f32 { return X[row * XS + k]; }
fn label(row: u32) -> f32 { return X[row * XS + D]; }
fn param(i: u32) -> f32 {
  if (PARAMS_SHARED) { return w[i]; }
  return params[i];
}
fn set_param(i: u32, value: f32) {
  if (PARAMS_SHARED) { w[i] = value; } else { params[i] = value; }
}

fn epoch_loss_at(epoch: u32, split: u32) -> u32 { return run.epochLossOffset + 3u * epoch + split; }

// the epoch's loss on each split (train only with mini-batches), forward only: for each, thread t adds rows t,
// t+WG, … in order, then the tree; then early stopping. One call site: each barrier costs compile time.
fn end_epoch(t: u32, epoch: u32) {
  // the last update must be visible before the passes read the params
  workgroupBarrier();
  var validation = 0.0;
  for (var split = 0u; split < 3u; split++) {
    var first = 0u;
    var rows = select(run.trainRows, 0u, FULL_BATCH);
    if (split == 1u) { first = run.valFirst; rows = run.valRows; }
    if (split == 2u) { first = run.testFirst; rows = run.testRows; }
    if (rows == 0u) { continue; }
    let sum = sum_losses(t, first, rows);
    workgroupBarrier();
    lanes[t * LANE_STRIDE] = sum;
    workgroupBarrier();
    for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
      if (t < stride) { lanes[t * LANE_STRIDE] += lanes[(t + stride) * LANE_STRIDE]; }
      workgroupBarrier();
    }
    let loss = lanes[0] / f32(rows);
    if (t == 0u) { losses[epoch_loss_at(epoch, split)] = loss; }
    if (split == 1u) { validation = loss; }
  }
  if (t == 0u) {
    improved = select(0u, 1u, early_stopping(epoch, validation));
    stopped = control[CONTROL_STOPPED];
  }
  if (workgroupUniformLoad(&improved) != 0u) {
    for (var i = t; i < P; i += WG) { params[P + i] = param(i); }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32) {
  if (t == 0u) {
    firstStep = control[CONTROL_STEP];
    faulted = select(0u, 1u, control[CONTROL_FIRST_BAD] != NO_FAULT);
    stopped = control[CONTROL_STOPPED];
    closed = control[CONTROL_CLOSED];
  }
  let first = workgroupUniformLoad(&firstStep);
  if (PARAMS_SHARED) {
    for (var i = t; i < P; i += WG) { w[i] = params[i]; }
  }
  load_shared_state(t);
  var s = 0u;
  loop {
    if (t == 0u) {
      atomicStore(&bad, 0u);
      let over = first + s >= run.totalSteps || stopped != 0u;
      nextPass = PASS_DONE;
      if (faulted == 0u && !over && s < run.segmentSteps) { nextPass = PASS_STEP; }
      if (faulted == 0u && over && FULL_BATCH && closed == 0u) { nextPass = PASS_CLOSING; }
    }
    // the barrier inside also makes the last update visible to every thread
    let what = workgroupUniformLoad(&nextPass);
    if (what == PASS_DONE) { break; }
    let step = first + s;
    let epoch = min(step / run.stepsPerEpoch, run.totalSteps / run.stepsPerEpoch - 1u);
    let k = select(step % run.stepsPerEpoch, 0u, what == PASS_CLOSING);
    let count = min(run.batchSize, run.trainRows - k * run.batchSize);
    if (MODE == MODE_RECORD) {
      // lanes = WG: each thread sums all S quantities over its positions t, t+WG, …
      accumulate_positions(t, epoch, k, 0u, count);
      workgroupBarrier();
      if (SERIAL_UPDATE) {
        // thread 0, which applies the sums, adds the same pairs as the tree below in the same order
        // (the same bits), without a barrier a level
        if (t == 0u) {
          for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
            for (var i = 0u; i < stride; i++) {
              for (var q = 0u; q < S; q++) { lanes[i * S + q] += lanes[(i + stride) * S + q]; }
            }
          }
        }
      } else {
        for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
          if (t < stride) {
            for (var q = 0u; q < S; q++) { lanes[t * S + q] += lanes[(t + stride) * S + q]; }
          }
          workgroupBarrier();
        }
      }
    } else {
      // lanes = 1: positions store their terms; one thread per quantity then adds them in order
      for (var p = t; p < count; p += WG) {
        sample_store(row_of(epoch, k, p), scratch_at(p));
      }
      storageBarrier();
      workgroupBarrier();
    }
    let closing = what == PASS_CLOSING;
    // SERIAL_UPDATE (few quantities): thread 0 applies them all, so no barrier is needed after the update
    var failed = false;
    let firstQ = select(t, 0u, SERIAL_UPDATE);
    let strideQ = select(WG, 1u, SERIAL_UPDATE);
    let lastQ = select(select(S, 1u, closing), 0u, SERIAL_UPDATE && t != 0u);
    for (var q = firstQ; q < lastQ; q += strideQ) {
      var sum = 0.0;
      if (MODE == MODE_RECORD) {
        sum = lanes[q];
      } else {
        sum = quantity_sum(q, epoch, k, 0u, count);
      }
      let mean = sum / f32(count);
      if (closing) {
        // the train loss after the last epoch run
        losses[epoch_loss_at((step - 1u) / run.stepsPerEpoch, 0u)] = mean;
      } else if (q == 0u) {
        losses[step] = mean;
        // with full batch, the loss before this step is the train loss after the last epoch
        if (FULL_BATCH && epoch > 0u) { losses[epoch_loss_at(epoch - 1u, 0u)] = mean; }
        failed = failed || not_finite(mean);
      } else {
        let p = updated_param(q - 1u, param(q - 1u), mean, step + 1u);
        set_param(q - 1u, p);
        failed = failed || not_finite(p);
      }
    }
    if (!SERIAL_UPDATE) {
      if (failed) { atomicOr(&bad, 1u); }
      workgroupBarrier();
      if (t == 0u) { failed = atomicLoad(&bad) != 0u; }
    }
    // params in storage must be visible to the next step's forward pass (workgroup memory is, after the next barrier)
    if (!PARAMS_SHARED) { storageBarrier(); }
    if (closing) {
      if (t == 0u) { closed = 1u; control[CONTROL_CLOSED] = 1u; }
      continue;
    }
    if (t == 0u && failed) {
      control[CONTROL_FIRST_BAD] = step;
      faulted = 1u;
    }
    s++;
    // the epoch's evaluation passes and early stopping, where there are any (not for a full-batch run without splits)
    if (k + 1u == run.stepsPerEpoch && run.epochWork != 0u && workgroupUniformLoad(&faulted) == 0u) {
      end_epoch(t, epoch);
    }
  }
  if (PARAMS_SHARED) {
    for (var i = t; i < P; i += WG) { params[i] = w[i]; }
  }
  store_shared_state(t);
  if (t == 0u) {
    control[CONTROL_STEP] = first + s;
    let completed = select(first + s, control[CONTROL_FIRST_BAD], faulted != 0u);
    control[CONTROL_EPOCHS_DONE] = completed / run.stepsPerEpoch;
  }
}
