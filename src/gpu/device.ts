import { WebGpuUnavailableError } from './errors.ts';
import { summarizeAdapter, type AdapterSummary } from './adapter.ts';
import { defaultTuning, type Tuning } from './tuning.ts';

/** A device with what the engine needs to know about it. */
export interface GpuContext {
  readonly device: GPUDevice;
  readonly adapter: AdapterSummary;
  /** the device was created with timestamp-query, so GPU time can be measured */
  readonly timestamps: boolean;
  /** workgroup shapes for this adapter: its kind's defaults (a run may bring a measured tuning) */
  readonly tuning: Tuning;
  /**
   * Waiting on the GPU costs a CPU core that the GPU itself needs: Dawn's Node binding polls for
   * completion in a busy loop, and a software adapter runs on those same cores. The engine then
   * sleeps through most of a run's expected GPU time before it starts waiting.
   */
  readonly spinsWhileWaiting: boolean;
}

/** Node (Dawn's binding), as opposed to a browser, whose waits do not spin. */
export function runningInNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

export interface AcquireOptions {
  /** the WebGPU entry point; navigator.gpu when omitted */
  readonly gpu?: GPU;
}

/** The limits the engine uses, raised to what the adapter offers (the defaults are far lower). */
const RAISED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
] as const;

let cached: Promise<GpuContext> | null = null;

/** The WebGPU entry point: the browser's navigator.gpu, or the one src/node installs in Node. */
export function defaultGpu(): GPU {
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (gpu === undefined) {
    throw new WebGpuUnavailableError(
      'WebGPU is not available here (no navigator.gpu): use a browser with WebGPU, served from https or localhost',
    );
  }
  return gpu;
}

async function createContext(gpu: GPU): Promise<GpuContext> {
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === null) throw new WebGpuUnavailableError('WebGPU found no adapter on this machine');
  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) requiredLimits[name] = adapter.limits[name];
  const timestamps = adapter.features.has('timestamp-query');
  const device = await adapter.requestDevice({
    requiredLimits,
    requiredFeatures: timestamps ? ['timestamp-query'] : [],
  });
  const summary = summarizeAdapter(adapter);
  return {
    device,
    adapter: summary,
    timestamps,
    tuning: defaultTuning(summary),
    spinsWhileWaiting: summary.isSoftware && runningInNode(),
  };
}

/** The shared device, created on first use and again after it is lost, with its kind's tuning. */
export function acquireGpu(options: AcquireOptions = {}): Promise<GpuContext> {
  return sharedContext(options.gpu);
}

function sharedContext(gpu?: GPU): Promise<GpuContext> {
  if (cached === null) {
    const pending = createContext(gpu ?? defaultGpu());
    cached = pending;
    const forget = (): void => {
      if (cached === pending) cached = null;
    };
    // a lost device is never handed out again: the next run gets a fresh one
    pending.then((context) => context.device.lost.then(forget), forget);
  }
  return cached;
}

/** Destroys the shared device (tests, shutdown); the next acquireGpu creates a new one. */
export async function releaseGpu(): Promise<void> {
  const pending = cached;
  cached = null;
  if (pending !== null) (await pending.catch(() => null))?.device.destroy();
}
