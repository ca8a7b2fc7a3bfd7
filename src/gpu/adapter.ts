/** What the WebGPU adapter is, in the words the CLI and the page show. */
export interface AdapterSummary {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** the adapter says it is a fallback adapter (adapter.info.isFallbackAdapter) */
  readonly isFallbackAdapter: boolean;
  /** a fallback adapter, or one that names a CPU implementation such as SwiftShader: not a GPU */
  readonly isSoftware: boolean;
}

/** CPU implementations of WebGPU, recognised by what the adapter says of itself. */
const SOFTWARE_NAMES = /swiftshader|llvmpipe|lavapipe|warp|software/i;

/** What the adapter is, from adapter.info; a fallback or known software adapter is marked as such. */
export function summarizeAdapter(adapter: GPUAdapter): AdapterSummary {
  const info = adapter.info;
  const said = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`;
  const fallback = info.isFallbackAdapter === true;
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: fallback,
    isSoftware: fallback || SOFTWARE_NAMES.test(said),
  };
}

/** One line for people: names the adapter, and says plainly when it is the CPU in disguise. */
export function describeAdapter(summary: AdapterSummary): string {
  const name =
    [summary.vendor, summary.architecture, summary.description]
      .filter((part) => part !== '')
      .join(' · ') || 'an unnamed adapter';
  if (summary.isSoftware) {
    return `${name} — a software adapter: WebGPU emulated on the CPU, not a GPU`;
  }
  return `${name} (GPU)`;
}
