/**
 * The WGSL registry and the one compile path. Each kernel names what it imports with a line
 * `//! import "path"`: a file under shaders/ or a module generated from TypeScript
 * (`generated/layout` from src/gpu/layout.ts, `generated/model` from the plan). Imports come first,
 * each once; a compiler message is mapped back to `shaders/file.wgsl:line:column`. Bind group
 * layouts are declared here, so every kernel binds exactly what its WGSL declares.
 */
import activationsWGSL from '../../shaders/common/activations.wgsl?raw';
import finiteWGSL from '../../shaders/common/finite.wgsl?raw';
import closeEpochWGSL from '../../shaders/common/close_epoch.wgsl?raw';
import earlyStoppingWGSL from '../../shaders/common/early_stopping.wgsl?raw';
import updateWGSL from '../../shaders/common/update.wgsl?raw';
import optimizerWGSL from '../../shaders/common/optimizer.wgsl?raw';
import batchWGSL from '../../shaders/common/batch.wgsl?raw';
import fusedTrainWGSL from '../../shaders/fused_train.wgsl?raw';
import binaryHeadWGSL from '../../shaders/heads/binary.wgsl?raw';
import multiclassHeadWGSL from '../../shaders/heads/multiclass.wgsl?raw';
import regressionHeadWGSL from '../../shaders/heads/regression.wgsl?raw';
import endEpochWGSL from '../../shaders/layered/end_epoch.wgsl?raw';
import endStepWGSL from '../../shaders/layered/end_step.wgsl?raw';
import evalPartialsWGSL from '../../shaders/layered/eval_partials.wgsl?raw';
import reduceUpdateWGSL from '../../shaders/layered/reduce_update.wgsl?raw';
import stepPartialsWGSL from '../../shaders/layered/step_partials.wgsl?raw';
import passesWGSL from '../../shaders/layered/passes.wgsl?raw';
import xChunksWGSL from '../../shaders/layered/x_chunks.wgsl?raw';
import wideEndEpochWGSL from '../../shaders/wide/end_epoch.wgsl?raw';
import wideForwardWGSL from '../../shaders/wide/forward.wgsl?raw';
import wideGatherWGSL from '../../shaders/wide/gather.wgsl?raw';
import wideHeadScalarWGSL from '../../shaders/wide/head_scalar.wgsl?raw';
import wideHeadVectorWGSL from '../../shaders/wide/head_vector.wgsl?raw';
import widePackWGSL from '../../shaders/wide/pack.wgsl?raw';
import wideStepWGSL from '../../shaders/wide/step.wgsl?raw';
import wideUpdateWGSL from '../../shaders/wide/update.wgsl?raw';
import wideBackwardWGSL from '../../shaders/wide/backward.wgsl?raw';
import { runningInNode } from './device.ts';
import { BINDING } from './layout.ts';
import { ARGS_SLOT_BYTES } from './wide_wgsl.ts';

const FILES: Readonly<Record<string, string>> = {
  'common/activations.wgsl': activationsWGSL,
  'common/batch.wgsl': batchWGSL,
  'common/close_epoch.wgsl': closeEpochWGSL,
  'common/early_stopping.wgsl': earlyStoppingWGSL,
  'common/finite.wgsl': finiteWGSL,
  'common/optimizer.wgsl': optimizerWGSL,
  'common/update.wgsl': updateWGSL,
  'fused_train.wgsl': fusedTrainWGSL,
  'heads/binary.wgsl': binaryHeadWGSL,
  'heads/multiclass.wgsl': multiclassHeadWGSL,
  'heads/regression.wgsl': regressionHeadWGSL,
  'layered/end_epoch.wgsl': endEpochWGSL,
  'layered/end_step.wgsl': endStepWGSL,
  'layered/eval_partials.wgsl': evalPartialsWGSL,
  'layered/passes.wgsl': passesWGSL,
  'layered/reduce_update.wgsl': reduceUpdateWGSL,
  'layered/step_partials.wgsl': stepPartialsWGSL,
  'layered/x_chunks.wgsl': xChunksWGSL,
  'wide/end_epoch.wgsl': wideEndEpochWGSL,
  'wide/forward.wgsl': wideForwardWGSL,
  'wide/gather.wgsl': wideGatherWGSL,
  'wide/head_scalar.wgsl': wideHeadScalarWGSL,
  'wide/head_vector.wgsl': wideHeadVectorWGSL,
  'wide/pack.wgsl': widePackWGSL,
  'wide/step.wgsl': wideStepWGSL,
  'wide/update.wgsl': wideUpdateWGSL,
  'wide/backward.wgsl': wideBackwardWGSL,
};

const X_CHUNKS = [
  [BINDING.X, 'read-only-storage'],
  [BINDING.X1, 'read-only-storage'],
  [BINDING.X2, 'read-only-storage'],
  [BINDING.X3, 'read-only-storage'],
] as const;

/** 'dynamic-uniform': a uniform bound with a per-dispatch offset (the wide kernels' Args slots) */
type BindingKind = 'read-only-storage' | 'storage' | 'uniform' | 'dynamic-uniform';

const ARGS = [BINDING.args, 'dynamic-uniform'] as const;
const WIDE_RUN = [BINDING.wideRun, 'uniform'] as const;
/** Both forms of the wide head's kernel (one output, or K) read and write the same buffers. */
const WIDE_HEAD = [
  [BINDING.acts, 'read-only-storage'],
  [BINDING.deltas, 'storage'],
  [BINDING.rowLoss, 'storage'],
  [BINDING.control, 'read-only-storage'],
  [BINDING.run, 'uniform'],
  ARGS,
  WIDE_RUN,
] as const;

/** Each kernel's bindings in group 0, as its WGSL declares them. */
export const KERNEL_BINDINGS = {
  'fused_train.wgsl': [
    [BINDING.X, 'read-only-storage'],
    [BINDING.order, 'read-only-storage'],
    [BINDING.params, 'storage'],
    [BINDING.work, 'storage'],
    [BINDING.losses, 'storage'],
    [BINDING.control, 'storage'],
    [BINDING.run, 'uniform'],
  ],
  'layered/step_partials.wgsl': [
    ...X_CHUNKS,
    [BINDING.order, 'read-only-storage'],
    [BINDING.params, 'read-only-storage'],
    [BINDING.work, 'storage'],
    [BINDING.control, 'read-only-storage'],
    [BINDING.run, 'uniform'],
  ],
  'layered/reduce_update.wgsl': [
    [BINDING.params, 'storage'],
    [BINDING.work, 'storage'],
    [BINDING.losses, 'storage'],
    [BINDING.control, 'storage'],
    [BINDING.run, 'uniform'],
  ],
  'layered/end_step.wgsl': [
    [BINDING.control, 'storage'],
    [BINDING.run, 'uniform'],
  ],
  'layered/eval_partials.wgsl': [
    ...X_CHUNKS,
    [BINDING.params, 'read-only-storage'],
    [BINDING.work, 'storage'],
    [BINDING.control, 'read-only-storage'],
    [BINDING.run, 'uniform'],
  ],
  'layered/end_epoch.wgsl': [
    [BINDING.params, 'storage'],
    [BINDING.losses, 'storage'],
    [BINDING.control, 'storage'],
    [BINDING.run, 'uniform'],
    [BINDING.work, 'read-only-storage'],
  ],
  'wide/gather.wgsl': [
    [BINDING.X, 'read-only-storage'],
    [BINDING.order, 'read-only-storage'],
    [BINDING.acts, 'storage'],
    [BINDING.control, 'read-only-storage'],
    [BINDING.run, 'uniform'],
    ARGS,
    WIDE_RUN,
  ],
  'wide/forward.wgsl': [
    [BINDING.acts, 'storage'],
    [BINDING.wparams, 'read-only-storage'],
    [BINDING.control, 'read-only-storage'],
    [BINDING.run, 'uniform'],
    ARGS,
  ],
  'wide/head_scalar.wgsl': WIDE_HEAD,
  'wide/head_vector.wgsl': WIDE_HEAD,
  'wide/backward.wgsl': [
    [BINDING.acts, 'read-only-storage'],
    [BINDING.deltas, 'storage'],
    [BINDING.partials, 'storage'],
    [BINDING.wparams, 'read-only-storage'],
    [BINDING.control, 'read-only-storage'],
    [BINDING.run, 'uniform'],
    ARGS,
    WIDE_RUN,
  ],
  'wide/update.wgsl': [
    [BINDING.wparams, 'storage'],
    [BINDING.state, 'storage'],
    [BINDING.partials, 'read-only-storage'],
    [BINDING.rowLoss, 'read-only-storage'],
    [BINDING.work, 'read-only-storage'],
    [BINDING.losses, 'storage'],
    [BINDING.control, 'storage'],
    [BINDING.run, 'uniform'],
    WIDE_RUN,
  ],
  'wide/pack.wgsl': [[BINDING.params, 'storage'], [BINDING.wparams, 'storage'], WIDE_RUN],
  'wide/end_epoch.wgsl': [
    [BINDING.params, 'storage'],
    [BINDING.losses, 'storage'],
    [BINDING.control, 'storage'],
    [BINDING.run, 'uniform'],
    [BINDING.rowLoss, 'read-only-storage'],
  ],
} as const satisfies Record<string, readonly (readonly [number, BindingKind])[]>;
export type KernelName = keyof typeof KERNEL_BINDINGS;

/** A WGSL kernel that did not compile: the compiler's messages, with file, line and column. */
export class ShaderCompileError extends Error {
  override name = 'ShaderCompileError';
}

const IMPORT = /^\/\/! import "([^"]+)"\s*$/;

interface Part {
  readonly name: string;
  readonly firstLine: number;
  readonly lines: number;
}

/** The kernel's full source, imports first, and where each of its lines came from. */
export function resolveKernel(
  entry: string,
  generated: Readonly<Record<string, string>>,
): { code: string; locate: (line: number, column: number) => string } {
  const parts: Part[] = [];
  const chunks: string[] = [];
  let lineCount = 0;
  const seen = new Set<string>();
  const include = (name: string, from: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const text = FILES[name] ?? generated[name];
    if (text === undefined)
      throw new ShaderCompileError(`${from}: imports "${name}", which does not exist`);
    for (const line of text.split('\n')) {
      const match = IMPORT.exec(line);
      if (match?.[1] !== undefined) include(match[1], name);
    }
    const body = text.endsWith('\n') ? text : `${text}\n`;
    const lines = body.split('\n').length - 1;
    parts.push({ name, firstLine: lineCount + 1, lines });
    chunks.push(body);
    lineCount += lines;
  };
  include(entry, entry);
  const locate = (line: number, column: number): string => {
    const part = parts.find((p) => line >= p.firstLine && line < p.firstLine + p.lines);
    if (part === undefined) return `${entry}:${line}:${column}`;
    const file = part.name.startsWith('generated/') ? part.name : `shaders/${part.name}`;
    return `${file}:${line - part.firstLine + 1}:${column}`;
  };
  return { code: chunks.join(''), locate };
}

function bindGroupLayout(device: GPUDevice, kernel: KernelName): GPUBindGroupLayout {
  return device.createBindGroupLayout({
    label: kernel,
    entries: KERNEL_BINDINGS[kernel].map(([binding, type]) => ({
      binding,
      visibility: GPUShaderStage.COMPUTE,
      buffer: type === 'dynamic-uniform' ? { type: 'uniform', hasDynamicOffset: true } : { type },
    })),
  });
}

export interface Kernel {
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  /** time spent compiling it now; 0 when it came from the cache */
  readonly compileMs: number;
}

const cache = new WeakMap<GPUDevice, Map<string, Promise<Omit<Kernel, 'compileMs'>>>>();

/**
 * What a pipeline is compiled from: the kernel (its bindings), its resolved code without comments
 * (WGSL has no strings, so `//` always starts one), and its override constants by name. Two runs
 * whose kernel reads the same share a pipeline, whatever else their generated modules hold.
 */
export function pipelineKey(
  kernel: KernelName,
  code: string,
  constants: Readonly<Record<string, number>>,
): string {
  const text = code
    .split('\n')
    .map((line) => line.replace(/\/\/.*$/, '').trimEnd())
    .filter((line) => line !== '')
    .join('\n');
  const sorted = Object.keys(constants)
    .sort()
    .map((name) => [name, constants[name]]);
  return JSON.stringify([kernel, sorted, text]);
}

async function compile(
  device: GPUDevice,
  kernel: KernelName,
  resolved: { code: string; locate: (line: number, column: number) => string },
  constants: Record<string, number>,
): Promise<Omit<Kernel, 'compileMs'>> {
  const { code, locate } = resolved;
  const layout = bindGroupLayout(device, kernel);
  const pipeline = await compileResolved(
    device,
    `shaders/${kernel}`,
    code,
    locate,
    layout,
    constants,
  );
  return { pipeline, layout };
}

/**
 * Compiles resolved WGSL into a compute pipeline (entry point `main`); a compiler error becomes a
 * ShaderCompileError whose lines read `file:line:column: message`.
 */
export async function compileResolved(
  device: GPUDevice,
  label: string,
  code: string,
  locate: (line: number, column: number) => string,
  layout: GPUBindGroupLayout | 'auto',
  constants: Record<string, number>,
): Promise<GPUComputePipeline> {
  // the error is reported here, as a ShaderCompileError, not left to the uncaptured-error handler
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label, code });
  const scoped = device.popErrorScope();
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  const validation = await scoped;
  if (errors.length > 0)
    throw new ShaderCompileError(
      errors.map((m) => `${locate(m.lineNum, m.linePos)}: ${m.message}`).join('\n'),
    );
  if (validation !== null) throw new ShaderCompileError(`${label}: ${validation.message}`);
  const descriptor: GPUComputePipelineDescriptor = {
    label,
    layout:
      layout === 'auto' ? 'auto' : device.createPipelineLayout({ bindGroupLayouts: [layout] }),
    compute: { module, entryPoint: 'main', constants },
  };
  if (runningInNode()) {
    // Dawn's Node binding spins a core while an async compile is pending, the core the compiler
    // needs on a software adapter: compiling in place takes half the CPU time
    device.pushErrorScope('validation');
    const pipeline = device.createComputePipeline(descriptor);
    const failed = await device.popErrorScope();
    if (failed !== null) throw new ShaderCompileError(`${label}: ${failed.message}`);
    return pipeline;
  }
  try {
    return await device.createComputePipelineAsync(descriptor);
  } catch (error) {
    throw new ShaderCompileError(
      `${label}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * The kernel compiled for these generated modules and override constants, once per device for each
 * code it resolves to (pipelineKey): a module the kernel does not import changes nothing.
 */
export async function kernelFor(
  device: GPUDevice,
  kernel: KernelName,
  generated: Readonly<Record<string, string>>,
  constants: Record<string, number>,
): Promise<Kernel> {
  let byKey = cache.get(device);
  if (byKey === undefined) {
    byKey = new Map();
    cache.set(device, byKey);
  }
  const resolved = resolveKernel(kernel, generated);
  const key = pipelineKey(kernel, resolved.code, constants);
  const hit = byKey.get(key);
  if (hit !== undefined) return { ...(await hit), compileMs: 0 };
  const start = performance.now();
  const pending = compile(device, kernel, resolved, constants);
  byKey.set(key, pending);
  const store = byKey;
  pending.catch(() => store.delete(key));
  return { ...(await pending), compileMs: performance.now() - start };
}

/**
 * Whether this device holds (or is compiling) the pipeline these modules and constants resolve to:
 * a run that uses it pays no compile for it.
 */
export function kernelCompiled(
  device: GPUDevice,
  kernel: KernelName,
  generated: Readonly<Record<string, string>>,
  constants: Record<string, number>,
): boolean {
  const byKey = cache.get(device);
  if (byKey === undefined || byKey.size === 0) return false;
  return byKey.has(pipelineKey(kernel, resolveKernel(kernel, generated).code, constants));
}

/** A bind group for the kernel: buffers by binding index. */
export function bindGroup(
  device: GPUDevice,
  kernel: Kernel,
  name: KernelName,
  buffers: Readonly<Record<number, GPUBuffer>>,
): GPUBindGroup {
  return device.createBindGroup({
    label: name,
    layout: kernel.layout,
    entries: KERNEL_BINDINGS[name].map(([binding, type]) => {
      const buffer = buffers[binding];
      if (buffer === undefined) throw new Error(`${name}: nothing bound at ${binding}`);
      // a dynamic uniform binds one slot; each dispatch picks its slot by offset
      const size = type === 'dynamic-uniform' ? { size: ARGS_SLOT_BYTES } : {};
      return { binding, resource: { buffer, ...size } };
    }),
  });
}
