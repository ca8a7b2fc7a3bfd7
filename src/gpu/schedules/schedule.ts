/** What the two schedules share: the run's buffers, and how a schedule records its steps. */

export interface RunBuffers {
  /** rows of features then label, in one binding (fused) or up to four (layered) */
  readonly X: readonly GPUBuffer[];
  readonly order: GPUBuffer;
  readonly params: GPUBuffer;
  readonly work: GPUBuffer;
  readonly losses: GPUBuffer;
  readonly control: GPUBuffer;
  readonly run: GPUBuffer;
}

/** A schedule's kernels, compiled before any data is uploaded. */
export interface PreparedSchedule {
  /** time spent compiling its kernels now (0 from the cache) */
  readonly compileMs: number;
  bind(buffers: RunBuffers): ScheduleEncoder;
}

export interface ScheduleEncoder {
  /** records steps first…first+count−1 into the encoder; returns the dispatches recorded */
  encode(
    encoder: GPUCommandEncoder,
    first: number,
    count: number,
    timestampWrites?: GPUComputePassTimestampWrites,
  ): number;
  /** records what runs once the last step is done (layered, full batch: the last epoch's train loss) */
  finish?(encoder: GPUCommandEncoder): number;
}
