import bceTermsWGSL from '../../shaders/bce_terms.wgsl?raw';
import mlpTermsWGSL from '../../shaders/mlp_terms.wgsl?raw';
import nextBatchWGSL from '../../shaders/mlp_next_batch.wgsl?raw';
import forwardWGSL from '../../shaders/mlp_forward.wgsl?raw';
import lossGradWGSL from '../../shaders/mlp_loss_grad.wgsl?raw';
import weightGradWGSL from '../../shaders/mlp_weight_grad.wgsl?raw';
import inputGradWGSL from '../../shaders/mlp_input_grad.wgsl?raw';
import optimizerWGSL from '../../shaders/mlp_optimizer.wgsl?raw';
import endStepWGSL from '../../shaders/mlp_end_step.wgsl?raw';
import endEpochWGSL from '../../shaders/mlp_end_epoch.wgsl?raw';
import { compileWgsl } from '../gpu/index.ts';

const SOURCES = {
  mlp_next_batch: nextBatchWGSL,
  mlp_forward: forwardWGSL,
  mlp_loss_grad: lossGradWGSL,
  mlp_weight_grad: weightGradWGSL,
  mlp_input_grad: inputGradWGSL,
  mlp_optimizer: optimizerWGSL,
  mlp_end_step: endStepWGSL,
  mlp_end_epoch: endEpochWGSL,
} as const;
export type ModelKernel = keyof typeof SOURCES;

/** The shared terms go after each kernel's own text, so compiler line numbers stay the kernel's own. */
const SHARED = mlpTermsWGSL + bceTermsWGSL;

function locate(kernel: ModelKernel, line: number, column: number): string {
  const own = SOURCES[kernel].split('\n').length - 1;
  const terms = mlpTermsWGSL.split('\n').length - 1;
  if (line <= own) return `shaders/${kernel}.wgsl:${line}:${column}`;
  if (line <= own + terms) return `shaders/mlp_terms.wgsl:${line - own}:${column}`;
  return `shaders/bce_terms.wgsl:${line - own - terms}:${column}`;
}

const cache = new WeakMap<GPUDevice, Map<string, Promise<GPUComputePipeline>>>();

/** The kernel's pipeline for these override constants, compiled once per device. */
export function modelPipeline(
  device: GPUDevice,
  kernel: ModelKernel,
  constants: Record<string, number | boolean>,
): Promise<GPUComputePipeline> {
  let byKey = cache.get(device);
  if (byKey === undefined) {
    byKey = new Map();
    cache.set(device, byKey);
  }
  const numeric = Object.fromEntries(Object.entries(constants).map(([k, v]) => [k, Number(v)]));
  const key = `${kernel}:${JSON.stringify(numeric)}`;
  let pending = byKey.get(key);
  if (pending === undefined) {
    pending = compileWgsl(
      device,
      `shaders/${kernel}.wgsl`,
      SOURCES[kernel] + SHARED,
      numeric,
      (line, column) => locate(kernel, line, column),
    );
    byKey.set(key, pending);
    const store = byKey;
    pending.catch(() => store.delete(key));
  }
  return pending;
}
