/**
 * webgpu-train's Node entry (`import … from 'webgpu-train/node'`): everything the browser entry
 * has, with WebGPU installed from Dawn (the `webgpu` package) on import, on the machine's GPU or,
 * where there is none, on SwiftShader (WebGPU emulated on the CPU; the adapter says so); and
 * `readTableFile(path, options)`, which streams a CSV file from disk; and `paceDawnPolling()`,
 * which stops Dawn's waits from spinning a core (the command line calls it; a library leaves the
 * process's setImmediate alone unless asked).
 */
import { installNodeWebGpu } from './node/index.ts';

export * from './index.ts';
export {
  defaultTuningPath,
  fileTuningStore,
  installNodeWebGpu,
  paceDawnPolling,
  readTableFile,
} from './node/index.ts';

await installNodeWebGpu();
