import bceTermsWGSL from '../../shaders/bce_terms.wgsl?raw';
import forwardLossGradWGSL from '../../shaders/forward_loss_grad.wgsl?raw';
import reduceUpdateWGSL from '../../shaders/reduce_update.wgsl?raw';
import trainPersistentWGSL from '../../shaders/train_persistent.wgsl?raw';

const OWN_SOURCES = {
  forward_loss_grad: forwardLossGradWGSL,
  reduce_update: reduceUpdateWGSL,
  train_persistent: trainPersistentWGSL,
} as const;

/** Each kernel's source with the shared per-sample terms (shaders/bce_terms.wgsl) appended, so its own line numbers hold. */
export const KERNELS = {
  forward_loss_grad: forwardLossGradWGSL + bceTermsWGSL,
  reduce_update: reduceUpdateWGSL + bceTermsWGSL,
  train_persistent: trainPersistentWGSL + bceTermsWGSL,
} as const;

/** "file:line:column" for a compiler message, in whichever of the two files the line came from. */
function sourceLocation(kernel: KernelName, lineNum: number, linePos: number): string {
  const ownLines = OWN_SOURCES[kernel].split('\n').length - 1;
  return lineNum > ownLines
    ? `shaders/bce_terms.wgsl:${lineNum - ownLines}:${linePos}`
    : `shaders/${kernel}.wgsl:${lineNum}:${linePos}`;
}
export type KernelName = keyof typeof KERNELS;

/** A WGSL kernel that did not compile: the compiler's messages, with line and column. */
export class ShaderCompileError extends Error {
  override name = 'ShaderCompileError';
}

export interface CompiledPipeline {
  readonly pipeline: GPUComputePipeline;
  /** time spent compiling it now; 0 when it came from the cache */
  readonly compileMs: number;
}

const cache = new WeakMap<GPUDevice, Map<string, Promise<GPUComputePipeline>>>();

/**
 * Compiles WGSL into a compute pipeline with entry point `main`; a compiler error becomes a
 * ShaderCompileError whose lines read `file:line:column: message` (`locate` maps a line to its file).
 */
export async function compileWgsl(
  device: GPUDevice,
  label: string,
  code: string,
  constants: Record<string, number>,
  locate: (lineNum: number, linePos: number) => string,
): Promise<GPUComputePipeline> {
  // the error is reported here, as a ShaderCompileError, not left for the device's uncaptured-error handler
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label, code });
  const scoped = device.popErrorScope();
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  const validation = await scoped;
  if (errors.length > 0) {
    throw new ShaderCompileError(
      errors.map((m) => `${locate(m.lineNum, m.linePos)}: ${m.message}`).join('\n'),
    );
  }
  if (validation !== null) throw new ShaderCompileError(`${label}: ${validation.message}`);
  try {
    return await device.createComputePipelineAsync({
      label,
      layout: 'auto',
      compute: { module, entryPoint: 'main', constants },
    });
  } catch (error) {
    throw new ShaderCompileError(
      `${label}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function compile(
  device: GPUDevice,
  kernel: KernelName,
  constants: Record<string, number>,
): Promise<GPUComputePipeline> {
  return compileWgsl(device, `shaders/${kernel}.wgsl`, KERNELS[kernel], constants, (line, column) =>
    sourceLocation(kernel, line, column),
  );
}

/**
 * The kernel's pipeline for these override constants (WG, D), compiled once per device.
 * Takes the workgroup size and the feature count as overrides, so one WGSL source serves all.
 */
export async function pipelineFor(
  device: GPUDevice,
  kernel: KernelName,
  constants: { WG: number; D: number },
): Promise<CompiledPipeline> {
  let byKey = cache.get(device);
  if (byKey === undefined) {
    byKey = new Map();
    cache.set(device, byKey);
  }
  const key = `${kernel}:${constants.WG}:${constants.D}`;
  const hit = byKey.get(key);
  if (hit !== undefined) return { pipeline: await hit, compileMs: 0 };
  const start = performance.now();
  const pending = compile(device, kernel, constants);
  byKey.set(key, pending);
  pending.catch(() => byKey.delete(key));
  const pipeline = await pending;
  return { pipeline, compileMs: performance.now() - start };
}
