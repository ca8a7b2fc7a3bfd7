/** No WebGPU here: no navigator.gpu, or no adapter. */
export class WebGpuUnavailableError extends Error {
  override name = 'WebGpuUnavailableError';
}

/** The device went away during a run (driver reset, GPU removed, destroyed); the next run gets a new one. */
export class GpuDeviceLostError extends Error {
  override name = 'GpuDeviceLostError';
}

/** The GPU reported an error nobody was waiting for (validation, out of memory, internal) during a run. */
export class GpuRunError extends Error {
  override name = 'GpuRunError';
}
