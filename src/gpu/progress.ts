/**
 * Progress for watched runs: after each segment its step losses, the epoch losses it touched, the
 * params and the control words are copied into one of a few staging buffers, which the host maps
 * whenever the GPU gets there, so the GPU never waits. Segments grow or shrink to about one frame
 * of GPU work each.
 */
import type { EpochLosses } from '../core/run.ts';
import type { RunResources } from './buffers.ts';
import type { TrainProgress } from '../core/run.ts';
import type { RunGuard } from './guard.ts';
import { CONTROL, CONTROL_WORDS, NO_FAULT, WORD_BYTES } from './layout.ts';
import type { Plan } from './plan.ts';
import type { RunBuffers } from './schedules/schedule.ts';

/** How often a watched run reports, in milliseconds: about one animation frame. */
export const PROGRESS_INTERVAL_MS = 16;
/** Staging buffers in flight at once: the GPU runs ahead while the host maps the older ones. */
const RING_SIZE = 3;
/** The most steps the first segment covers, before any rate has been measured. */
const MAX_FIRST_SEGMENT = 256;
/** Segments grow at most this much from one to the next, however fast the last one looked. */
const MAX_GROWTH = 4;
/** The most steps one watched segment covers (it bounds each staging buffer). */
const MAX_SEGMENT_STEPS = 65_536;

export class ProgressReader {
  private readonly stepLosses: Float32Array;
  private readonly epochLosses: EpochLosses;
  private readonly params: Float32Array;
  private readonly buffers: GPUBuffer[];
  private readonly busy: (Promise<void> | null)[];
  private readonly pending: Promise<void>[] = [];
  private readonly layouts: { epochFirst: number; epochs: number }[] = [];
  private slot = 0;
  private stepsReported = 0;
  private nextSegment: number;
  /** time the run spent held by its RunControl (paused, or paced by the page): not GPU time */
  private heldMs = 0;
  /** the report before the last: the rate is measured between reports, not since the start */
  private previous: { time: number; steps: number; heldMs: number } | null = null;
  readbacks = 0;
  /** a readback showed the run has ended on the GPU (early stopping or a non-finite step) */
  private runOver = false;

  over(): boolean {
    return this.runOver;
  }

  constructor(
    res: RunResources,
    private readonly plan: Plan,
    private readonly P: number,
    private readonly guard: RunGuard,
    private readonly onProgress: ((progress: TrainProgress) => void) | undefined,
    firstSegment = 1,
  ) {
    // an estimate from tuning, trusted only so far: the measured rate takes over after one segment
    this.nextSegment = Math.max(1, Math.min(firstSegment, MAX_FIRST_SEGMENT));
    this.stepLosses = new Float32Array(plan.totalSteps);
    const epochs = plan.totalSteps / plan.stepsPerEpoch;
    const nan = () => new Float64Array(epochs).fill(NaN);
    this.epochLosses = { train: nan(), validation: nan(), test: nan() };
    this.params = new Float32Array(P);
    const steps = Math.min(plan.totalSteps, MAX_SEGMENT_STEPS);
    const floats = steps + 3 * (this.epochSpan(steps) + 1) + P + CONTROL_WORDS;
    const usage = GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST;
    this.buffers = Array.from({ length: RING_SIZE }, (_, i) =>
      res.buffer(`progress ${i}`, floats * WORD_BYTES, usage),
    );
    this.busy = this.buffers.map(() => null);
  }

  /** The most epochs a segment of `steps` steps can touch. */
  private epochSpan(steps: number): number {
    return Math.ceil(steps / this.plan.stepsPerEpoch) + 1;
  }

  /**
   * Steps for the next segment: doubling until two reports have come back, then a frame's worth
   * at the rate measured between the last two.
   */
  segmentSteps(limit: number): number {
    const steps = Math.min(this.nextSegment, limit, MAX_SEGMENT_STEPS);
    if (this.previous === null || this.stepsReported === this.previous.steps) this.nextSegment *= 2;
    return steps;
  }

  /** Waits for a free staging buffer, then records the segment's copies into it. */
  async copy(
    encoder: GPUCommandEncoder,
    b: RunBuffers,
    first: number,
    count: number,
  ): Promise<void> {
    const busy = this.busy[this.slot];
    if (busy) await this.guard.wait(busy);
    const staging = this.buffers[this.slot] as GPUBuffer;
    const spe = this.plan.stepsPerEpoch;
    // full batch writes the previous epoch's train loss at an epoch's first step
    const epochFirst = Math.max(0, Math.floor(first / spe) - 1);
    const epochLast = Math.floor((first + count - 1) / spe);
    const epochs = epochLast - epochFirst + 1;
    this.layouts[this.slot] = { epochFirst, epochs };
    const W = WORD_BYTES;
    let at = 0;
    encoder.copyBufferToBuffer(b.losses, first * W, staging, 0, count * W);
    at += count;
    const epochAt = this.plan.losses.epochLossOffset + 3 * epochFirst;
    encoder.copyBufferToBuffer(b.losses, epochAt * W, staging, at * W, 3 * epochs * W);
    at += 3 * epochs;
    encoder.copyBufferToBuffer(b.params, 0, staging, at * W, this.P * W);
    at += this.P;
    encoder.copyBufferToBuffer(b.control, 0, staging, at * W, CONTROL_WORDS * W);
  }

  /** After the submit: maps the segment's buffer when the GPU is done with it, and reports. */
  afterSubmit(first: number, count: number): void {
    const slot = this.slot;
    const buffer = this.buffers[slot] as GPUBuffer;
    const layout = this.layouts[slot] as { epochFirst: number; epochs: number };
    const floats = count + 3 * layout.epochs + this.P + CONTROL_WORDS;
    this.readbacks++;
    const mapped = buffer.mapAsync(GPUMapMode.READ, 0, floats * WORD_BYTES).then(() => {
      const bytes = buffer.getMappedRange(0, floats * WORD_BYTES).slice(0);
      buffer.unmap();
      const words = new Float32Array(bytes);
      const control = new Uint32Array(bytes, (floats - CONTROL_WORDS) * WORD_BYTES, CONTROL_WORDS);
      const stepsDone = Math.min(first + count, control[CONTROL.STEP] as number);
      this.stepLosses.set(words.subarray(0, Math.max(0, stepsDone - first)), first);
      for (let e = 0; e < layout.epochs; e++) {
        const epoch = layout.epochFirst + e;
        this.epochLosses.train[epoch] = words[count + 3 * e] as number;
        this.epochLosses.validation[epoch] = words[count + 3 * e + 1] as number;
        this.epochLosses.test[epoch] = words[count + 3 * e + 2] as number;
      }
      this.params.set(
        words.subarray(count + 3 * layout.epochs, count + 3 * layout.epochs + this.P),
      );
      this.stepsReported = Math.max(this.stepsReported, stepsDone);
      if (control[CONTROL.STOPPED] === 1 || control[CONTROL.FIRST_BAD] !== NO_FAULT)
        this.runOver = true;
      // a stopped or failed run reports nothing more
      if (this.guard.stopped) return;
      this.onProgress?.({
        stepsDone: this.stepsReported,
        totalSteps: this.plan.totalSteps,
        epochsDone: control[CONTROL.EPOCHS_DONE] as number,
        stepLosses: this.stepLosses.subarray(0, this.stepsReported),
        epochLosses: this.epochLosses,
        params: this.params,
      });
      // between two reports, not since the start: the first segment pays for the kernels'
      // first dispatch (SwiftShader compiles them then), and that must not stunt every later one
      const now = performance.now();
      const before = this.previous;
      this.previous = { time: now, steps: this.stepsReported, heldMs: this.heldMs };
      if (before === null || this.stepsReported === before.steps) return;
      const elapsed = Math.max(now - before.time - (this.heldMs - before.heldMs), 0.001);
      const steps = this.stepsReported - before.steps;
      const perFrame = Math.round((steps / elapsed) * PROGRESS_INTERVAL_MS);
      this.nextSegment = Math.max(1, Math.min(perFrame, count * MAX_GROWTH));
    });
    // a map that fails once the run is over (the device destroyed between the map and the read)
    // is settled by settle() in the run's finally, later than Node waits before calling it
    // unhandled; drain() and copy() still see the failure
    mapped.catch(() => undefined);
    this.busy[slot] = mapped;
    this.pending.push(mapped);
    this.slot = (this.slot + 1) % RING_SIZE;
  }

  /** The run waited this long for its control (paused, or paced): left out of the rate. */
  held(ms: number): void {
    this.heldMs += ms;
  }

  /** Every readback in flight, done. */
  async drain(): Promise<void> {
    await this.guard.wait(Promise.all(this.pending));
  }

  /** Lets every map finish or fail before the buffers are destroyed. */
  settle(): Promise<unknown> {
    return Promise.allSettled(this.pending);
  }
}
