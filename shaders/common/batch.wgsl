// Batches and per-sample scratch, shared by both schedules: which row a batch position takes, where a position's
// stored terms live (MODE_PARAM), and each quantity's term. The importer binds `order`, `work` and `run` and defines
// feature(row, k). CPU twins: BatchOrder (src/core/batches.ts), addSampleTerms (src/reference/stages.ts).

// the training row at batch position p of step k of an epoch
fn row_of(epoch: u32, k: u32, p: u32) -> u32 {
  let position = k * run.batchSize + p;
  if (run.fullBatch != 0u) { return position; }
  return order[(epoch % run.orderEpochs) * run.trainRows + position];
}

// the scratch row of batch position p (MODE_PARAM): [loss, act…, delta…]
fn scratch_at(p: u32) -> u32 { return run.scratchOffset + p * ROW; }

// quantity q's term for batch position p, read back from the scratch (MODE_PARAM)
fn term(q: u32, p: u32, row: u32) -> f32 {
  let at = scratch_at(p);
  if (q == 0u) { return work[at]; }
  let i = q - 1u;
  var l = 0u;
  while (l + 1u < L && i >= W_OFFSET[l + 1u]) { l++; }
  let IN = LAYER_IN[l];
  if (i >= B_OFFSET[l]) { return work[at + 1u + ACT_FLOATS + DELTA_OFFSET[l] + (i - B_OFFSET[l])]; }
  let j = (i - W_OFFSET[l]) / IN;
  let k = (i - W_OFFSET[l]) % IN;
  let d = work[at + 1u + ACT_FLOATS + DELTA_OFFSET[l] + j];
  if (l == 0u) { return d * feature(row, k); }
  return d * work[at + 1u + ACT_OFFSET[l - 1u] + k];
}
