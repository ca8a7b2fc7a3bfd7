/**
 * The names PyTorch gives a model's tensors. webgpu-train's network is
 * `nn.Sequential(Linear, activation, Linear, activation, …, Linear)`: the l-th Linear sits at
 * index 2l, so its state_dict names are `0.weight` (out × in), `0.bias`, `2.weight`, `2.bias`, ….
 */
import type { Tensor } from './safetensors.ts';

/** The state_dict name of layer l's weight or bias in webgpu-train's nn.Sequential. */
export function sequentialName(layer: number, kind: 'weight' | 'bias'): string {
  return `${2 * layer}.${kind}`;
}

export interface LinearTensors {
  readonly weightName: string;
  readonly biasName: string;
  readonly weight: Tensor;
  readonly bias: Tensor;
}

// `<prefix>K.weight`: the prefix is empty or ends in a dot (`net.`, `module.` from DistributedDataParallel)
const SEQUENTIAL_NAME = /^(.*\.)?(\d+)\.(weight|bias)$/;

/**
 * The Linear layers of a state_dict saved from an nn.Sequential, in index order: any indices
 * (`0, 2, 4` as PyTorch numbers them between activations, or `0, 1, 2` as webgpu-train's first
 * files did), under one common prefix. Anything else is an error that names the tensor.
 */
export function linearLayers(
  tensors: ReadonlyMap<string, Tensor>,
  fail: (why: string) => never,
): LinearTensors[] {
  const byIndex = new Map<number, { weight?: string; bias?: string }>();
  const prefixes = new Set<string>();
  for (const name of tensors.keys()) {
    const match = SEQUENTIAL_NAME.exec(name);
    if (match === null)
      fail(
        `tensor "${name}" is not a layer of an nn.Sequential; webgpu-train reads state_dict names such as 0.weight, 0.bias, 2.weight, 2.bias (the l-th nn.Linear at index 2l)`,
      );
    const [, prefix = '', index, kind] = match as RegExpExecArray;
    prefixes.add(prefix);
    const entry = byIndex.get(Number(index)) ?? {};
    entry[kind as 'weight' | 'bias'] = name;
    byIndex.set(Number(index), entry);
  }
  if (prefixes.size > 1)
    fail(
      `the tensors come from ${prefixes.size} modules (${[...prefixes].map((p) => JSON.stringify(p)).join(', ')}); webgpu-train reads one nn.Sequential`,
    );
  if (byIndex.size === 0) fail('the file holds no tensors');
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, { weight, bias }]) => {
      if (weight === undefined) return fail(`"${bias}" has no weight beside it`);
      if (bias === undefined)
        return fail(
          `"${weight}" has no bias beside it (webgpu-train's layers are nn.Linear with bias=True)`,
        );
      return {
        weightName: weight,
        biasName: bias,
        weight: tensors.get(weight) as Tensor,
        bias: tensors.get(bias) as Tensor,
      };
    });
}
