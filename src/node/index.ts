import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Where Debian's chromium package puts SwiftShader, its software Vulkan driver. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** Device nodes that mean a real GPU and its Vulkan driver may be present. */
function hasGpuDeviceNode(): boolean {
  const dev = (name: string): boolean => existsSync(`/dev/${name}`);
  if (dev('nvidia0') || dev('kfd')) return true;
  try {
    return readdirSync('/dev/dri').some((name) => name.startsWith('renderD'));
  } catch {
    return false;
  }
}

/**
 * Whether Dawn will run on SwiftShader, WebGPU emulated on this machine's cores: its driver asked
 * for by name, or no GPU device node for chooseVulkanDriver to keep the system drivers for.
 */
export function runsOnSwiftShader(env: Record<string, string | undefined> = process.env): boolean {
  const asked = env['VK_ICD_FILENAMES'] ?? env['VK_DRIVER_FILES'];
  return asked !== undefined ? /swiftshader/i.test(asked) : !hasGpuDeviceNode();
}

/**
 * Picks the Vulkan driver Dawn will load, before it loads one. An explicit VK_ICD_FILENAMES or
 * VK_DRIVER_FILES is kept; a machine with a GPU device node keeps its own drivers; a machine with
 * neither gets SwiftShader when it is installed (WebGPU on the CPU). Returns what it chose.
 */
export function chooseVulkanDriver(env: Record<string, string | undefined> = process.env): string {
  if (env['VK_ICD_FILENAMES'] ?? env['VK_DRIVER_FILES'])
    return 'as set in VK_ICD_FILENAMES / VK_DRIVER_FILES';
  if (hasGpuDeviceNode()) return 'the system Vulkan drivers';
  if (existsSync(SWIFTSHADER_ICD)) {
    env['VK_ICD_FILENAMES'] = SWIFTSHADER_ICD;
    return `SwiftShader (${SWIFTSHADER_ICD})`;
  }
  return 'the system Vulkan drivers (none found)';
}

/**
 * Dawn's options for every device made here. Workgroup memory is still zeroed, as WebGPU requires,
 * but by a loop in the shader, not through the Vulkan extension: SwiftShader implements the
 * extension with a store per element, and compiling those cost 0.35 ms per float of workgroup
 * memory (570 ms for 1600 floats; the Playground MLP's fused kernel declares 740).
 */
export const DAWN_FLAGS = [
  'disable-dawn-features=use_vulkan_zero_initialize_workgroup_memory_extension',
] as const;

let installed: GPU | null = null;

/**
 * Makes WebGPU available in Node through the `webgpu` package (Dawn): the GPU* constants as
 * globals, and navigator.gpu (and hardwareConcurrency), so the engine runs here as it does in a
 * browser.
 */
export async function installNodeWebGpu(): Promise<GPU> {
  if (installed !== null) return installed;
  chooseVulkanDriver();
  // SwiftShader's Wayland probe complains without it; harmless, but noisy on every run
  process.env['XDG_RUNTIME_DIR'] ??= '/tmp';
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create([...DAWN_FLAGS]);
  const scope = globalThis as { navigator?: { gpu?: GPU } };
  if (scope.navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', {
      // the cores, as a browser's navigator tells them (Node 21 has its own navigator)
      value: { gpu, hardwareConcurrency: availableParallelism() },
      configurable: true,
      writable: true,
    });
  } else if (scope.navigator.gpu === undefined) {
    Object.defineProperty(scope.navigator, 'gpu', { value: gpu, configurable: true });
  }
  installed = gpu;
  return gpu;
}

export { paceDawnPolling } from './dawn_polling.ts';
export { writeFileAtomically } from './write_file.ts';
export { defaultTuningPath, fileTuningStore } from './tuning_store.ts';
export { readTableFile } from './read_table_file.ts';
