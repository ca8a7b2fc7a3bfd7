/**
 * Play, pause, single steps and speed for a watched run. The engine asks `allow(limit)` before each
 * segment and takes at most what it answers: while paused it waits, a `step(n)` lets exactly n more
 * steps through, and a speed caps the steps of each segment (about one segment a frame). Nothing is
 * lost by pausing: the run's state stays where it is (on the GPU, or in the reference's arrays), so a
 * paused and resumed run ends with the same bits as one never paused.
 *
 * @example
 *   const control = new RunControl();
 *   const running = train(data, { ...options, control, onProgress });
 *   control.pause();
 *   control.step(1); // exactly one more step
 *   control.setSpeed(10); // at most 10 steps a segment
 *   control.resume();
 *   control.finish(); // end here: train() resolves with the steps taken so far
 */
export class RunControl {
  private paused = false;
  private budget = 0;
  private speed: number | null = null;
  private wake: (() => void) | null = null;
  private ended = false;

  constructor(options: { paused?: boolean; stepsPerSegment?: number | null } = {}) {
    this.paused = options.paused ?? false;
    this.speed = options.stepsPerSegment ?? null;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  pause(): void {
    this.paused = true;
    this.budget = 0;
  }

  resume(): void {
    this.paused = false;
    this.notify();
  }

  /** While paused, lets `steps` more steps run (one, or an epoch's worth). */
  step(steps = 1): void {
    if (!Number.isInteger(steps) || steps < 1)
      throw new RangeError(`steps must be a whole number ≥ 1, got ${steps}`);
    this.paused = true;
    this.budget += steps;
    this.notify();
  }

  /**
   * Ends the run after the steps already allowed: the engine takes no more, and train() resolves
   * with the result so far (its stepsDone below totalSteps), where aborting would reject.
   */
  finish(): void {
    this.ended = true;
    this.notify();
  }

  get isFinished(): boolean {
    return this.ended;
  }

  /** At most this many steps a segment (about one a frame); null: as many as fit a frame of work. */
  setSpeed(stepsPerSegment: number | null): void {
    if (stepsPerSegment !== null && !(Number.isInteger(stepsPerSegment) && stepsPerSegment >= 1))
      throw new RangeError(`steps per segment must be a whole number ≥ 1, got ${stepsPerSegment}`);
    this.speed = stepsPerSegment;
  }

  get stepsPerSegment(): number | null {
    return this.speed;
  }

  /**
   * How many of the next `limit` steps may run now: waits while paused with no steps allowed, or
   * until `signal` aborts (then rejects with its reason). 0 once finish() was called: the run ends.
   */
  async allow(limit: number, signal?: AbortSignal): Promise<number> {
    for (;;) {
      signal?.throwIfAborted();
      if (this.ended) return 0;
      if (!this.paused) return Math.min(limit, this.speed ?? limit);
      if (this.budget > 0) {
        const granted = Math.min(limit, this.budget);
        this.budget -= granted;
        return granted;
      }
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => reject(signal?.reason as Error);
        signal?.addEventListener('abort', onAbort, { once: true });
        this.wake = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
      });
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
