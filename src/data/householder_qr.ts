/**
 * The Q of a thin QR factorization as LAPACK computes it (dgeqr2, then dorg2r): Householder
 * reflectors chosen by dlarfg's sign rule, so Q is the one scipy.linalg.qr(mode='economic')
 * returns, column signs included, up to rounding.
 */

/** sqrt(x² + y²) without overflow in the squares (LAPACK's dlapy2). */
function hypot2(x: number, y: number): number {
  const w = Math.max(Math.abs(x), Math.abs(y));
  const z = Math.min(Math.abs(x), Math.abs(y));
  return z === 0 ? w : w * Math.sqrt(1 + (z / w) * (z / w));
}

/** Euclidean norm of a[from … to-1]; the Gaussian matrices here are far from overflow. */
function norm(a: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let r = from; r < to; r++) sum += (a[r] as number) * (a[r] as number);
  return Math.sqrt(sum);
}

/**
 * Applies H = I - tau·v·vᵀ from the left to columns first … n-1 of the column-major m-row
 * matrix `a`, rows i … m-1, where v is column i's rows i … m-1 with v[0] taken as 1 (dlarf).
 */
function reflect(a: Float64Array, m: number, n: number, i: number, tau: number, first: number) {
  if (tau === 0) return;
  const v = i * m;
  for (let j = first; j < n; j++) {
    const c = j * m;
    let w = a[c + i] as number; // v[0] = 1
    for (let r = i + 1; r < m; r++) w += (a[c + r] as number) * (a[v + r] as number);
    const scaled = -tau * w;
    a[c + i] = (a[c + i] as number) + scaled;
    for (let r = i + 1; r < m; r++) a[c + r] = (a[c + r] as number) + (a[v + r] as number) * scaled;
  }
}

/**
 * Q (m × n, row-major) of the m × n matrix A (row-major, m >= n): orthonormal columns with
 * A = Q·R, R upper triangular with the signs dlarfg gives its diagonal.
 *
 * @example
 * thinQ(new Float64Array([3, 4]), 2, 1); // [-0.6, -0.8]: dlarfg makes R's diagonal -5
 */
export function thinQ(A: Float64Array, m: number, n: number): Float64Array {
  if (n > m) throw new RangeError(`thinQ needs at least as many rows as columns, got ${m} × ${n}`);
  // column-major, as LAPACK works
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[j * m + i] = A[i * n + j] as number;
  const taus = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = i * m + i;
    const alpha = a[d] as number;
    const xnorm = norm(a, d + 1, (i + 1) * m);
    // no entries below the diagonal, or all zero: H is the identity (tau 0)
    if (xnorm === 0) continue;
    // dlarfg's beta = -sign(alpha)·‖(alpha, x)‖ (its rescaling of a tiny beta is left out: the
    // Gaussian columns here are nowhere near the underflow threshold)
    const length = hypot2(alpha, xnorm);
    const beta = alpha < 0 || Object.is(alpha, -0) ? length : -length;
    taus[i] = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let r = d + 1; r < (i + 1) * m; r++) a[r] = (a[r] as number) * scale;
    a[d] = beta;
    reflect(a, m, n, i, taus[i] as number, i + 1);
  }
  // dorg2r: Q = H(0)·H(1)·…·H(n-1) applied to the first n columns of the identity, last first
  for (let i = n - 1; i >= 0; i--) {
    const tau = taus[i] as number;
    const d = i * m + i;
    a[d] = 1;
    reflect(a, m, n, i, tau, i + 1);
    for (let r = d + 1; r < (i + 1) * m; r++) a[r] = -tau * (a[r] as number);
    a[d] = 1 - tau;
    a.fill(0, i * m, d);
  }
  const Q = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) Q[i * n + j] = a[j * m + i] as number;
  return Q;
}
