/** What the schedules share: the run's buffers, and how a schedule records its steps. */
import type { KernelName } from '../kernels.ts';
import { BINDING } from '../layout.ts';

/** One kernel a schedule compiles: its file, the modules generated for the plan, its overrides. */
export interface KernelSource {
  readonly name: KernelName;
  readonly generated: Readonly<Record<string, string>>;
  readonly constants: Record<string, number>;
  /** what it is for, where a schedule compiles one file more than once (an evaluation split) */
  readonly role: string;
}

/** One kernel's dispatch bound to a run's buffers, recorded alone: for timing kernels one by one. */
export interface KernelDispatch {
  readonly role: string;
  readonly workgroups: number;
  record(pass: GPUComputePassEncoder): void;
}

export interface RunBuffers {
  /** rows of features then label, in one binding (fused) or up to four (layered) */
  readonly X: readonly GPUBuffer[];
  readonly order: GPUBuffer;
  readonly params: GPUBuffer;
  readonly work: GPUBuffer;
  readonly losses: GPUBuffer;
  readonly control: GPUBuffer;
  readonly run: GPUBuffer;
  /** the wide schedule's own buffers (null on the others) */
  readonly wide: WideBuffers | null;
}

/** The wide schedule's buffers (src/gpu/wide_plan.ts lays them out). */
export interface WideBuffers {
  readonly wparams: GPUBuffer;
  readonly state: GPUBuffer;
  readonly partials: GPUBuffer;
  readonly acts: GPUBuffer;
  readonly deltas: GPUBuffer;
  readonly rowLoss: GPUBuffer;
  readonly args: GPUBuffer;
  /** the run's layout, which every model of a tile shape reads from here rather than compiling in */
  readonly wideRun: GPUBuffer;
}

/**
 * Each binding index's buffer, for bindGroup (which takes what a kernel declares). X chunks the
 * data does not fill are bound to the first: a kernel never reads them.
 */
export function buffersByBinding(buffers: RunBuffers): Record<number, GPUBuffer> {
  const X = (c: number): GPUBuffer => buffers.X[c] ?? (buffers.X[0] as GPUBuffer);
  return {
    [BINDING.X]: X(0),
    [BINDING.X1]: X(1),
    [BINDING.X2]: X(2),
    [BINDING.X3]: X(3),
    [BINDING.order]: buffers.order,
    [BINDING.params]: buffers.params,
    [BINDING.work]: buffers.work,
    [BINDING.losses]: buffers.losses,
    [BINDING.control]: buffers.control,
    [BINDING.run]: buffers.run,
    ...(buffers.wide === null
      ? {}
      : {
          [BINDING.wparams]: buffers.wide.wparams,
          [BINDING.state]: buffers.wide.state,
          [BINDING.partials]: buffers.wide.partials,
          [BINDING.acts]: buffers.wide.acts,
          [BINDING.deltas]: buffers.wide.deltas,
          [BINDING.rowLoss]: buffers.wide.rowLoss,
          [BINDING.args]: buffers.wide.args,
          [BINDING.wideRun]: buffers.wide.wideRun,
        }),
  };
}

/** A schedule's kernels, compiled before any data is uploaded. */
export interface PreparedSchedule {
  /** time spent compiling its kernels now (0 from the cache) */
  readonly compileMs: number;
  /** the wide schedule's per-dispatch args, uploaded with the run's buffers */
  readonly argsWords?: Uint32Array;
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
  /** each kernel's dispatch, as a step (or an epoch) records it */
  readonly kernels: readonly KernelDispatch[];
}
