// Batches and per-sample scratch, shared by both schedules: which row a batch position takes, where a position's
// stored terms live (MODE_PARAM), and each quantity's sum over them. The importer binds `order`, `work` and `run` and defines
// feature(row, k). CPU twins: BatchOrder (src/core/batches.ts), addSampleTerms (src/reference/stages.ts).

// the training row at batch position p of step k of an epoch
fn row_of(epoch: u32, k: u32, p: u32) -> u32 {
  let position = k * run.batchSize + p;
  if (FULL_BATCH) { return position; }
  return order[(epoch % run.orderEpochs) * run.trainRows + position];
}

// the scratch row of batch position p (MODE_PARAM): [loss, act…, delta…]
fn scratch_at(p: u32) -> u32 { return run.scratchOffset + p * ROW; }

// quantity q's sum over batch positions first … end − 1, in order, from the stored terms (MODE_PARAM): the loss,
// a bias's delta, or a weight's delta × its input; which of them is decoded once, before the loop
fn quantity_sum(q: u32, epoch: u32, k: u32, first: u32, end: u32) -> f32 {
  var sum = 0.0;
  if (q == 0u) {
    for (var p = first; p < end; p++) { sum += work[scratch_at(p)]; }
    return sum;
  }
  let i = q - 1u;
  var l = 0u;
  while (l + 1u < L && i >= W_OFFSET[l + 1u]) { l++; }
  let deltas = 1u + ACT_FLOATS + DELTA_OFFSET[l];
  if (i >= B_OFFSET[l]) {
    let at = deltas + (i - B_OFFSET[l]);
    for (var p = first; p < end; p++) { sum += work[scratch_at(p) + at]; }
    return sum;
  }
  let IN = LAYER_IN[l];
  let j = (i - W_OFFSET[l]) / IN;
  let input = (i - W_OFFSET[l]) % IN;
  let delta = deltas + j;
  if (l == 0u) {
    for (var p = first; p < end; p++) { sum += work[scratch_at(p) + delta] * feature(row_of(epoch, k, p), input); }
    return sum;
  }
  let output = 1u + ACT_OFFSET[l - 1u] + input;
  for (var p = first; p < end; p++) { sum += work[scratch_at(p) + delta] * work[scratch_at(p) + output]; }
  return sum;
}
