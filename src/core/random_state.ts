/**
 * numpy 1.24's legacy `numpy.random.RandomState` (MT19937), bit for bit, for the draws
 * scikit-learn's generators make: the same seed gives the same stream as numpy.
 * The one known gap: numpy's polar method calls glibc's `log`, V8's `Math.log` may differ
 * in the last bit on rare inputs.
 */

const STATE_WORDS = 624; // N in the MT19937 reference
const SHIFT_WORDS = 397; // M in the MT19937 reference
const MATRIX_A = 0x9908b0df;
const UPPER_BIT = 0x80000000;
const LOWER_BITS = 0x7fffffff;
const MAX_UINT32 = 0xffffffff;
const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

/** Anything indexable and writable in place: number[], Float64Array, Int32Array, … */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

/** Smallest 2**k - 1 that is >= max, for max in [0, 2**32 - 1]. */
function maskCovering(max: number): number {
  let mask = max >>> 0;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  return mask >>> 0;
}

function checkSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(`size must be a non-negative integer, got ${size}`);
  }
}

/**
 * A seeded MT19937 stream with numpy's legacy methods.
 *
 * @example
 * const rng = new RandomState(0);
 * rng.randomSample(); // 0.5488135039273248, as np.random.RandomState(0).random_sample()
 */
export class RandomState {
  private readonly key = new Uint32Array(STATE_WORDS);
  private position = STATE_WORDS;
  private hasGauss = false;
  private cachedGauss = 0;

  /** Seeds as numpy does for an integer seed (MT19937 init_genrand). */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_UINT32) {
      throw new RangeError(`random_state must be an integer from 0 to 2**32 - 1, got ${seed}`);
    }
    this.key[0] = seed;
    for (let i = 1; i < STATE_WORDS; i++) {
      const previous = this.key[i - 1] as number;
      // the Uint32Array store reduces the sum mod 2**32, as the C code's uint32 arithmetic does
      this.key[i] = Math.imul(1812433253, previous ^ (previous >>> 30)) + i;
    }
  }

  /** The next raw 32-bit output, an integer in [0, 2**32). */
  nextUint32(): number {
    if (this.position === STATE_WORDS) this.twist();
    let y = this.key[this.position++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) with 53 random bits, from two 32-bit outputs (numpy's random_sample). */
  randomSample(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * TWO_POW_26 + low) / TWO_POW_53;
  }

  randomSampleArray(size: number): Float64Array {
    checkSize(size);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = this.randomSample();
    return out;
  }

  /** Uniform in [low, high): low + (high - low) * randomSample(), as numpy computes it. */
  uniform(low = 0, high = 1): number {
    return low + checkedSpan(low, high) * this.randomSample();
  }

  /** `size` uniform draws in order (numpy's uniform(low, high, size)). */
  uniformArray(size: number, low = 0, high = 1): Float64Array {
    checkSize(size);
    const span = checkedSpan(low, high);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = low + span * this.randomSample();
    return out;
  }

  /** numpy's legacy Gaussian: the polar method, which caches its second value for the next call. */
  standardNormal(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const cached = this.cachedGauss;
      this.cachedGauss = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.cachedGauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  standardNormalArray(size: number): Float64Array {
    checkSize(size);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = this.standardNormal();
    return out;
  }

  /** loc + scale * standardNormal(), as numpy's legacy normal. */
  normal(loc = 0, scale = 1): number {
    checkScale(scale);
    return loc + scale * this.standardNormal();
  }

  normalArray(size: number, loc = 0, scale = 1): Float64Array {
    checkSize(size);
    checkScale(scale);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = loc + scale * this.standardNormal();
    return out;
  }

  /**
   * An integer in [low, high), or in [0, low) when high is omitted (numpy's randint).
   * Draws masked 32-bit values until one falls in range; the range may hold up to 2**32 values.
   */
  randint(low: number, high?: number): number {
    const [from, to] = high === undefined ? [0, low] : [low, high];
    return from + this.maskedUpTo(checkedIntegerRange(from, to));
  }

  /** `size` draws of randint(low, high) in order. */
  randintArray(size: number, low: number, high?: number): Float64Array {
    checkSize(size);
    const [from, to] = high === undefined ? [0, low] : [low, high];
    const max = checkedIntegerRange(from, to);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = from + this.maskedUpTo(max);
    return out;
  }

  /**
   * Shuffles in place as numpy's legacy shuffle (Fisher–Yates from the end).
   * numpy shuffles a 2-D array's rows with the same swaps, so `X[permutation(n)]` is that result.
   */
  shuffle<T>(values: MutableArrayLike<T>): void {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.maskedUpTo(i);
      const held = values[i] as T;
      values[i] = values[j] as T;
      values[j] = held;
    }
  }

  /** 0 … n-1 shuffled (numpy's permutation(n)). */
  permutation(n: number): Int32Array {
    checkSize(n);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    this.shuffle(out);
    return out;
  }

  /** An integer in [0, max] by masked rejection; max = 0 draws nothing (numpy's random_interval). */
  private maskedUpTo(max: number): number {
    if (max === 0) return 0;
    const mask = maskCovering(max);
    let value: number;
    do {
      value = (this.nextUint32() & mask) >>> 0;
    } while (value > max);
    return value;
  }

  /** Regenerates all 624 words in place (the reference's three loops folded into one). */
  private twist(): void {
    const key = this.key;
    for (let i = 0; i < STATE_WORDS; i++) {
      const current = key[i] as number;
      const next = key[(i + 1) % STATE_WORDS] as number;
      const y = (current & UPPER_BIT) | (next & LOWER_BITS);
      key[i] =
        (key[(i + SHIFT_WORDS) % STATE_WORDS] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.position = 0;
  }
}

function checkedSpan(low: number, high: number): number {
  const span = high - low;
  if (!Number.isFinite(span))
    throw new RangeError(`uniform needs a finite high - low, got [${low}, ${high})`);
  return span;
}

function checkScale(scale: number): void {
  if (!(scale >= 0)) throw new RangeError(`normal needs scale >= 0, got ${scale}`);
}

/** high - 1 - low for randint, checked: integers, low < high, at most 2**32 values. */
function checkedIntegerRange(low: number, high: number): number {
  if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) {
    throw new RangeError(`randint needs integer bounds, got [${low}, ${high})`);
  }
  if (low >= high) throw new RangeError(`randint needs low < high, got [${low}, ${high})`);
  const max = high - 1 - low;
  if (max > MAX_UINT32)
    throw new RangeError(`randint covers at most 2**32 values, got [${low}, ${high})`);
  return max;
}
