// X over up to four storage bindings of run.rowsPerChunk rows each (one binding is a device's limit, and 10⁷ rows of
// many features pass it), each row its D features then its label; feature(row, k) and label(row) read across them.
// Bindings: X, X1, X2, X3 (all read-only).

// how many of the four bindings hold rows (the plan's chunks): with one, a row is read without finding its chunk,
// which halves the step of a 2-feature model on a software adapter
override X_CHUNKS: u32 = 4u;

@group(0) @binding(BINDING_X) var<storage, read> X: array<f32>;
@group(0) @binding(BINDING_X1) var<storage, read> X1: array<f32>;
@group(0) @binding(BINDING_X2) var<storage, read> X2: array<f32>;
@group(0) @binding(BINDING_X3) var<storage, read> X3: array<f32>;

fn feature(row: u32, k: u32) -> f32 {
  if (X_CHUNKS == 1u) { return X[row * XS + k]; }
  let chunk = row / run.rowsPerChunk;
  let at = (row - chunk * run.rowsPerChunk) * XS + k;
  switch chunk {
    case 0u: { return X[at]; }
    case 1u: { return X1[at]; }
    case 2u: { return X2[at]; }
    default: { return X3[at]; }
  }
}

fn label(row: u32) -> f32 { return feature(row, D); }
