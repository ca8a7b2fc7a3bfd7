/**
 * The wide schedule: each layer a product over rows × units. A step gathers its batch, runs each
 * layer forward (bias and activation fused in), the head's loss and residual, then each layer's
 * gradient sums (per block of the batch) and its deltas back, then one update over every param,
 * and closes the step; an epoch's end runs the splits forward in chunks and closes the epoch. The
 * params live padded for the tiles (src/gpu/wide_plan.ts) and are unpadded into the run's flat
 * params at each epoch's end and each segment's end, where the host or early stopping reads them.
 * Every dispatch reads its step from the control words, so a segment of many steps is one submit
 * with nothing written or read between steps; per-dispatch rows and layers come from a slot of
 * one uniform buffer, bound at a dynamic offset.
 */
import { HEAD } from '../../core/heads.ts';
import { stateSlots } from '../../core/optimizers.ts';
import type { RunDescription } from '../../core/run.ts';
import { ACTIVATION_CODE, layoutWgsl, OPTIMIZER_CODE } from '../layout.ts';
import { bindGroup, kernelFor, type Kernel, type KernelName } from '../kernels.ts';
import type { Plan } from '../plan.ts';
import { dispatchTile, invocationsPerTile, type WidePlan } from '../wide_plan.ts';
import { wideSharedTilesWgsl } from '../wide_shared_wgsl.ts';
import {
  ARGS_FIELDS,
  ARGS_SLOT_BYTES,
  argsWords,
  wideTilesWgsl,
  wideWgsl,
  type Args,
} from '../wide_wgsl.ts';
import {
  buffersByBinding,
  type KernelSource,
  type PreparedSchedule,
  type RunBuffers,
  type ScheduleEncoder,
} from './schedule.ts';

/**
 * Threads per workgroup of the kernels that take a param (or four) each: no barrier and no tile,
 * so a large workgroup costs nothing, and fewer workgroups cost a software adapter less.
 */
const UPDATE_WG = 64;

/** Invocations of the update that take params (one more adds the step's loss): a span of vec4s each. */
export function updateThreads(wide: WidePlan): number {
  return Math.ceil(wide.PP / 4 / wide.shape.updateSpan);
}

/** The most workgroups one dimension of a dispatch takes (WebGPU's default limit). */
const MAX_GROUPS_PER_DIMENSION = 65_535;

interface Dispatch {
  readonly name: KernelName;
  readonly kernel: Kernel;
  readonly groups: readonly [number, number];
  /** the Args slot it reads, or null for kernels without one */
  readonly slot: number | null;
}

/** Workgroups for `threads` threads of `wg`, over two dimensions where one does not hold them. */
export function grid(threads: number, wg: number): [number, number] {
  const groups = Math.max(1, Math.ceil(threads / wg));
  const x = Math.min(groups, MAX_GROUPS_PER_DIMENSION);
  return [x, Math.ceil(groups / x)];
}

const ZERO_ARGS: Args = Object.fromEntries(ARGS_FIELDS.map((f) => [f, 0])) as Args;

/** The rows a pass covers: a training batch (its rows from the batch order) or an evaluation chunk. */
interface Pass {
  readonly eval: boolean;
  readonly firstRow: number;
  /** rows at most: the batch (shorter at an epoch's end, as the kernels find) or the chunk */
  readonly count: number;
}

/** The args of one layer's forward product. */
function forwardArgs(run: RunDescription, wide: WidePlan, l: number, pass: Pass): Args {
  const layer = wide.layers[l];
  if (layer === undefined) throw new RangeError(`no layer ${l}`);
  const last = l + 1 === wide.layers.length;
  return {
    ...ZERO_ARGS,
    eval: pass.eval ? 1 : 0,
    firstRow: pass.firstRow,
    count: pass.count,
    act: last ? ACTIVATION_CODE.linear : ACTIVATION_CODE[run.net.spec.activation],
    inW4: layer.inPad / 4,
    outW4: layer.outPad / 4,
    inTrue: layer.inputs,
    outTrue: layer.outputs,
    aIn: (wide.actAt[l] ?? 0) / 4,
    aOut: (wide.actAt[l + 1] ?? 0) / 4,
    gIn: (wide.deltaAt[l] ?? 0) / 4,
    gOut: (wide.deltaAt[l + 1] ?? 0) / 4,
    wOff: layer.weightAt / 4,
    bOff: layer.biasAt / 4,
  };
}

/** Kernels and args of one wide run; the dispatches of a step, an epoch's end and the closing pass. */
class WideRecipe {
  readonly slots: Args[] = [];
  readonly step: Dispatch[] = [];
  readonly epoch: Dispatch[] = [];
  constructor(
    private readonly kernels: Readonly<Record<string, Kernel>>,
    private readonly plan: Plan,
    private readonly wide: WidePlan,
    private readonly run: RunDescription,
  ) {}

  private slot(args: Args): number {
    this.slots.push(args);
    return this.slots.length - 1;
  }

  private dispatch(name: KernelName, threads: number, wg: number, args: Args | null): Dispatch {
    const kernel = this.kernels[name];
    if (kernel === undefined) throw new Error(`${name} was not compiled`);
    return {
      name,
      kernel,
      groups: grid(threads, wg),
      slot: args === null ? null : this.slot(args),
    };
  }

  /** Gather, each layer forward, the head: the rows' losses (and, training, the last deltas). */
  forwardPass(pass: Pass, lossAt: number): Dispatch[] {
    const { wide, run } = this;
    const WG = wide.shape.workgroupSize;
    const { rows: R, units: C } = dispatchTile(wide.shape);
    const perTile = invocationsPerTile(wide.shape);
    const L = wide.layers.length;
    const first = wide.layers[0];
    const lastLayer = wide.layers[L - 1];
    if (first === undefined || lastLayer === undefined) throw new RangeError('a model has a layer');
    const out: Dispatch[] = [];
    out.push(
      this.dispatch('wide/gather.wgsl', pass.count, WG, {
        ...ZERO_ARGS,
        eval: pass.eval ? 1 : 0,
        firstRow: pass.firstRow,
        count: pass.count,
        aOut: 0,
        outW4: first.inPad / 4,
      }),
    );
    for (let l = 0; l < L; l++) {
      const layer = wide.layers[l] as (typeof wide.layers)[number];
      const tiles = Math.ceil(pass.count / R) * (layer.outPad / C);
      out.push(
        this.dispatch('wide/forward.wgsl', tiles * perTile, WG, forwardArgs(run, wide, l, pass)),
      );
    }
    out.push(
      this.dispatch(headKernel(run), pass.count, WG, {
        ...ZERO_ARGS,
        eval: pass.eval ? 1 : 0,
        firstRow: pass.firstRow,
        count: pass.count,
        lossAt,
        inW4: lastLayer.outPad / 4,
        outW4: lastLayer.outPad / 4,
        aIn: (wide.actAt[L] ?? 0) / 4,
        gOut: (wide.deltaAt[L] ?? 0) / 4,
      }),
    );
    return out;
  }

  /** One training step: forward, then each layer's gradient sums and deltas back, the update, the step's close. */
  buildStep(): void {
    const { wide, run, plan } = this;
    const WG = wide.shape.workgroupSize;
    const { rows: R, units: C } = dispatchTile(wide.shape);
    const perTile = invocationsPerTile(wide.shape);
    const pass: Pass = { eval: false, firstRow: 0, count: plan.batchSize };
    this.step.push(...this.forwardPass(pass, wide.stepLossAt));
    for (let l = wide.layers.length - 1; l >= 0; l--) {
      const layer = wide.layers[l] as (typeof wide.layers)[number];
      // the gradient sums, and past layer 0 the deltas back through the activation of layer l − 1
      const weightTiles = wide.partialBlocks * (layer.outPad / C) * (layer.inPad / C);
      const deltaTiles = l > 0 ? Math.ceil(plan.batchSize / R) * (layer.inPad / C) : 0;
      const args = {
        ...forwardArgs(run, wide, l, pass),
        act: ACTIVATION_CODE[run.net.spec.activation],
        deltaTiles,
      };
      this.step.push(
        this.dispatch('wide/backward.wgsl', (weightTiles + deltaTiles) * perTile, WG, args),
      );
    }
    this.step.push(this.dispatch('wide/update.wgsl', updateThreads(wide) + 1, UPDATE_WG, null));
    this.step.push(this.dispatch('layered/end_step.wgsl', 1, 1, null));
  }

  /** An epoch's end: each split forward in chunks (the train split too, unless every step takes it), then its close. */
  buildEpoch(rows: { train: number; validation: number; test: number }): void {
    const { wide, plan } = this;
    const splits = [
      { first: 0, count: plan.fullBatch ? 0 : rows.train },
      { first: rows.train, count: rows.validation },
      { first: rows.train + rows.validation, count: rows.test },
    ];
    for (const split of splits) {
      for (let c = 0; c < split.count; c += wide.chunkRows) {
        const firstRow = split.first + c;
        const count = Math.min(wide.chunkRows, split.count - c);
        this.epoch.push(...this.forwardPass({ eval: true, firstRow, count }, firstRow));
      }
    }
    this.epoch.push(this.dispatch('wide/end_epoch.wgsl', wide.evalLanes, wide.evalLanes, null));
  }

  /** The params' move between layouts: to the padded one (a run's start) or back. */
  pack(toPadded: boolean): Dispatch {
    const name = 'wide/pack.wgsl';
    const kernel = this.kernels[toPadded ? 'pack' : 'unpack'];
    if (kernel === undefined) throw new Error('pack was not compiled');
    return { name, kernel, groups: grid(this.run.net.P, UPDATE_WG), slot: null };
  }
}

/** The wide schedule compiled: its args for the run's buffers, and its encoder once bound. */
export interface PreparedWide extends PreparedSchedule {
  readonly argsWords: Uint32Array;
  bind(buffers: RunBuffers): WideEncoder;
}

/**
 * The wide schedule's kernels for this plan: a step's, an epoch's close, the params' pack and
 * unpack. What they compile is the tile's shape, the head (with K, the logits' count, where it has
 * K) and, in the update, the optimizer; the rest of the model comes from the uniforms, so two
 * models that agree on those share every kernel.
 */
export function wideSources(plan: Plan, run: RunDescription): KernelSource[] {
  const wide = plan.wide;
  if (wide === null) throw new Error('wideSources needs a wide plan');
  const head = HEAD[run.net.spec.head].wgsl;
  const optimizer = run.optimizer.name;
  const generated = {
    'generated/layout': layoutWgsl(),
    'generated/wide': wideWgsl(wide.shape),
    // the three tile products: an invocation's registers, or a workgroup's slabs in shared memory
    ...(wide.shape.kind === 'workgroup' ? wideSharedTilesWgsl(wide.shape) : wideTilesWgsl(wide)),
    // the model's head: its loss and residual (shaders/heads/), for the head kernel to call; a
    // head of K outputs keeps its logits in an array of K
    'generated/head':
      (head.form === 'vector' ? `const OUT: u32 = ${run.net.spec.outputs}u;\n` : '') +
      `//! import "${head.file}"\n`,
    // the update's rule, compiled in: it is the update's inner step, and a handful of forms
    'generated/optimizer':
      `const OPT: u32 = ${OPTIMIZER_CODE[optimizer]}u;\n` +
      `const STATE_SLOTS: u32 = ${stateSlots(optimizer)}u;\n`,
  };
  const WG = wide.shape.workgroupSize;
  const source = (name: KernelName, role: string, constants: Record<string, number>) => ({
    name,
    generated,
    constants,
    role,
  });
  return [
    source('wide/gather.wgsl', 'gather', { WG }),
    source('wide/forward.wgsl', 'forward', { WG }),
    source(headKernel(run), 'head', { WG }),
    source('wide/backward.wgsl', 'backward: gradient sums and deltas', { WG }),
    source('wide/update.wgsl', 'update', { WG: UPDATE_WG }),
    source('layered/end_step.wgsl', 'step: close', {}),
    source('wide/end_epoch.wgsl', 'epoch: close', { WG: wide.evalLanes }),
    source('wide/pack.wgsl', 'pack', { WG: UPDATE_WG, TO_PADDED: 1 }),
    source('wide/pack.wgsl', 'unpack', { WG: UPDATE_WG, TO_PADDED: 0 }),
  ];
}

export async function prepareWide(
  device: GPUDevice,
  plan: Plan,
  run: RunDescription,
  rows: { readonly train: number; readonly validation: number; readonly test: number },
): Promise<PreparedWide> {
  const wide = plan.wide;
  if (wide === null) throw new Error('prepareWide needs a wide plan');
  const sources = wideSources(plan, run);
  const start = performance.now();
  const compiled = await Promise.all(
    sources.map((s) => kernelFor(device, s.name, s.generated, s.constants)),
  );
  const compiledAt = performance.now();
  const names = sources.slice(0, -2).map((s) => [s.name] as const);
  const kernels: Record<string, Kernel> = {};
  names.forEach(([name], i) => (kernels[name] = compiled[i] as Kernel));
  kernels['pack'] = compiled[names.length] as Kernel;
  kernels['unpack'] = compiled[names.length + 1] as Kernel;
  const recipe = new WideRecipe(kernels, plan, wide, run);
  recipe.buildStep();
  recipe.buildEpoch({ train: rows.train, validation: rows.validation, test: rows.test });
  const words = new Uint32Array((recipe.slots.length * ARGS_SLOT_BYTES) / 4);
  recipe.slots.forEach((args, i) => words.set(argsWords(args), (i * ARGS_SLOT_BYTES) / 4));
  return {
    // the wall time: the kernels compile side by side, so their own times overlap
    compileMs: compiled.some((k) => k.compileMs > 0) ? compiledAt - start : 0,
    argsWords: words,
    bind: (buffers) => bindWide(device, plan, buffers, recipe),
  };
}

/** The wide encoder, which also records a step's dispatches one at a time for the kernel harness. */
export interface WideEncoder extends ScheduleEncoder {
  /** the step's dispatches, in order: kernel name and workgroups */
  readonly stepDispatches: readonly {
    readonly name: KernelName;
    readonly groups: readonly [number, number];
  }[];
  /** records the step's dispatch `index` `repeats` times (the run's step counter stays where it is) */
  encodeOne(encoder: GPUCommandEncoder, index: number, repeats: number): void;
  /** records the params' move into the padded layout */
  encodePack(encoder: GPUCommandEncoder): void;
}

function bindWide(
  device: GPUDevice,
  plan: Plan,
  buffers: RunBuffers,
  recipe: WideRecipe,
): WideEncoder {
  const byBinding = buffersByBinding(buffers);
  const groups = new Map<Kernel, GPUBindGroup>();
  const groupOf = (d: Dispatch): GPUBindGroup => {
    let group = groups.get(d.kernel);
    if (group === undefined) {
      group = bindGroup(device, d.kernel, d.name, byBinding);
      groups.set(d.kernel, group);
    }
    return group;
  };
  const pack = recipe.pack(true);
  const unpack = recipe.pack(false);
  const record = (pass: GPUComputePassEncoder, dispatches: readonly Dispatch[]): number => {
    for (const d of dispatches) {
      pass.setPipeline(d.kernel.pipeline);
      if (d.slot === null) pass.setBindGroup(0, groupOf(d));
      else pass.setBindGroup(0, groupOf(d), [d.slot * ARGS_SLOT_BYTES]);
      pass.dispatchWorkgroups(d.groups[0], d.groups[1]);
    }
    return dispatches.length;
  };
  const only = (encoder: GPUCommandEncoder, dispatches: readonly Dispatch[]): void => {
    const pass = encoder.beginComputePass();
    record(pass, dispatches);
    pass.end();
  };
  const roleOf = (d: Dispatch, i: number): string =>
    `step ${i + 1}: ${d.name.replace(/^(wide|layered)\//, '').replace('.wgsl', '')}`;
  return {
    kernels: [
      ...recipe.step.map((d, i) => ({
        role: roleOf(d, i),
        workgroups: d.groups[0] * d.groups[1],
        record: (pass: GPUComputePassEncoder) => record(pass, [d]),
      })),
    ],
    stepDispatches: recipe.step.map((d) => ({ name: d.name, groups: d.groups })),
    encodeOne(encoder, index, repeats) {
      const d = recipe.step[index];
      if (d === undefined) throw new RangeError(`the step has no dispatch ${index}`);
      only(
        encoder,
        Array.from({ length: repeats }, () => d),
      );
    },
    encodePack(encoder) {
      only(encoder, [pack]);
    },
    encode(encoder, first, count, timestampWrites) {
      const pass = encoder.beginComputePass(timestampWrites ? { timestampWrites } : {});
      // the params go padded once, at the run's start; the GPU keeps them so from then on
      let dispatches = first === 0 ? record(pass, [pack]) : 0;
      for (let s = first; s < first + count; s++) {
        dispatches += record(pass, recipe.step);
        // the epoch's end reads (and may keep) the flat params
        if ((s + 1) % plan.stepsPerEpoch === 0)
          dispatches += record(pass, [unpack, ...recipe.epoch]);
      }
      dispatches += record(pass, [unpack]);
      pass.end();
      return dispatches;
    },
    finish(encoder) {
      if (!plan.fullBatch) return 0;
      const pass = encoder.beginComputePass();
      const dispatches = record(pass, recipe.step);
      pass.end();
      return dispatches;
    },
  };
}

/** The head kernel for the model's head: one output per row, or K. */
function headKernel(run: RunDescription): 'wide/head_scalar.wgsl' | 'wide/head_vector.wgsl' {
  return HEAD[run.net.spec.head].wgsl.form === 'vector'
    ? 'wide/head_vector.wgsl'
    : 'wide/head_scalar.wgsl';
}
