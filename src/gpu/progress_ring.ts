import { F32_BYTES, PROGRESS_INTERVAL_MS, type TrainProgress } from '../layout/index.ts';
import type { RunResources } from './buffers.ts';
import type { RunGuard } from './guard.ts';

/** Staging buffers in flight at once: the GPU runs ahead while the host maps the older ones. */
const RING_SIZE = 3;
/** The most steps the first segment covers, before any rate has been measured. */
const MAX_FIRST_SEGMENT = 256;
/** Segments grow at most this much from one to the next, however fast the last one looked. */
const MAX_GROWTH = 4;
/** The most steps one segment covers (it bounds each staging buffer). */
const MAX_SEGMENT_STEPS = 65_536;

/**
 * Brings the losses back in segments while a run is watched (or may be stopped): after each
 * segment the kernels' losses are copied into one of a few staging buffers, which the host maps
 * whenever the GPU gets there. Segments grow or shrink to about one frame of GPU work each.
 */
export class ProgressRing {
  readonly losses: Float32Array;
  private readonly buffers: GPUBuffer[];
  private readonly busy: (Promise<void> | null)[];
  private readonly pending: Promise<void>[] = [];
  private slot = 0;
  private stepsReported = 0;
  private nextSegment = 1;
  private readonly started = performance.now();
  readbacks = 0;

  private readonly params: Float32Array;

  constructor(
    res: RunResources,
    private readonly steps: number,
    private readonly paramCount: number,
    private readonly guard: RunGuard,
    private readonly onProgress: ((progress: TrainProgress) => void) | undefined,
    /** steps expected to take about a frame, where the step cost is known */
    firstSegment = 1,
  ) {
    // an estimate from the tuning pass, trusted only so far: the measured rate takes over after one segment
    this.nextSegment = Math.max(1, Math.min(firstSegment, MAX_FIRST_SEGMENT));
    this.losses = new Float32Array(steps);
    this.params = new Float32Array(paramCount);
    // each staging buffer holds a segment's losses, then the params after it
    const length = Math.min(steps, MAX_SEGMENT_STEPS) + paramCount;
    const usage = GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST;
    this.buffers = Array.from({ length: RING_SIZE }, (_, i) =>
      res.buffer(`progress ${i}`, length * F32_BYTES, usage),
    );
    this.busy = this.buffers.map(() => null);
  }

  /** Steps for the next segment: doubling until the first losses come back, then a frame's worth. */
  segmentSteps(remaining: number): number {
    const steps = Math.min(this.nextSegment, remaining, MAX_SEGMENT_STEPS);
    if (this.stepsReported === 0) this.nextSegment *= 2;
    return steps;
  }

  /** Waits for a free staging buffer, then records the copies of the segment's losses and the params into it. */
  async copy(
    encoder: GPUCommandEncoder,
    losses: GPUBuffer,
    params: GPUBuffer,
    first: number,
    count: number,
  ): Promise<void> {
    const busy = this.busy[this.slot];
    if (busy) await this.guard.wait(busy);
    const staging = this.buffers[this.slot] as GPUBuffer;
    encoder.copyBufferToBuffer(losses, first * F32_BYTES, staging, 0, count * F32_BYTES);
    encoder.copyBufferToBuffer(params, 0, staging, count * F32_BYTES, this.paramCount * F32_BYTES);
  }

  /** After the submit: maps the segment's buffer when the GPU is done with it, and reports. */
  afterSubmit(first: number, count: number): void {
    const buffer = this.buffers[this.slot] as GPUBuffer;
    const bytes = (count + this.paramCount) * F32_BYTES;
    this.readbacks++;
    const mapped = buffer.mapAsync(GPUMapMode.READ, 0, bytes).then(() => {
      const words = new Float32Array(buffer.getMappedRange(0, bytes));
      this.losses.set(words.subarray(0, count), first);
      this.params.set(words.subarray(count));
      buffer.unmap();
      this.stepsReported = first + count;
      // a stopped or failed run reports nothing more
      if (this.guard.stopped) return;
      this.onProgress?.({
        stepsDone: this.stepsReported,
        steps: this.steps,
        losses: this.losses.subarray(0, this.stepsReported),
        params: this.params,
      });
      const elapsed = Math.max(performance.now() - this.started, 0.001);
      const perFrame = Math.round((this.stepsReported / elapsed) * PROGRESS_INTERVAL_MS);
      this.nextSegment = Math.max(1, Math.min(perFrame, count * MAX_GROWTH));
    });
    this.busy[this.slot] = mapped;
    this.pending.push(mapped);
    this.slot = (this.slot + 1) % RING_SIZE;
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
