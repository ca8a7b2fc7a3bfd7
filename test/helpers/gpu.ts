import { afterAll, beforeAll, expect, it } from 'vitest';
import { installNodeWebGpu } from '../../src/node/index.ts';
import { defaultTuning, summarizeAdapter, type GpuContext } from '../../src/gpu/index.ts';

/** A device of its own for a test file, whose buffers are counted as they are created and destroyed. */
export interface TestGpu {
  readonly context: GpuContext;
  /** buffers created and not yet destroyed */
  liveBuffers(): number;
  /** compute dispatches recorded on this device so far, counted at the WebGPU API */
  dispatches(): number;
  /** queue submits so far, counted at the WebGPU API */
  submits(): number;
}

async function createTestGpu(): Promise<TestGpu> {
  const gpu = await installNodeWebGpu();
  const adapter = await gpu.requestAdapter();
  // a missing adapter fails the run (in CI and here alike): GPU tests never skip silently
  if (adapter === null)
    throw new Error(
      'no WebGPU adapter: install chromium (SwiftShader) and libvulkan1, see tools/setup.mjs',
    );
  const requiredLimits: Record<string, number> = {};
  for (const name of [
    'maxStorageBufferBindingSize',
    'maxBufferSize',
    'maxComputeWorkgroupStorageSize',
  ] as const) {
    requiredLimits[name] = adapter.limits[name];
  }
  const timestamps = adapter.features.has('timestamp-query');
  const device = await adapter.requestDevice({
    requiredLimits,
    requiredFeatures: timestamps ? ['timestamp-query'] : [],
  });
  let live = 0;
  const createBuffer = device.createBuffer.bind(device);
  device.createBuffer = (descriptor: GPUBufferDescriptor): GPUBuffer => {
    const buffer = createBuffer(descriptor);
    live++;
    let destroyed = false;
    const destroy = buffer.destroy.bind(buffer);
    buffer.destroy = () => {
      if (!destroyed) live--;
      destroyed = true;
      destroy();
    };
    return buffer;
  };
  // dispatches and submits are counted where WebGPU is called, not taken from the engine's own report
  let dispatches = 0;
  let submits = 0;
  const createCommandEncoder = device.createCommandEncoder.bind(device);
  device.createCommandEncoder = (descriptor?: GPUCommandEncoderDescriptor): GPUCommandEncoder => {
    const encoder = createCommandEncoder(descriptor);
    const beginComputePass = encoder.beginComputePass.bind(encoder);
    encoder.beginComputePass = (passDescriptor?: GPUComputePassDescriptor) => {
      const pass = beginComputePass(passDescriptor);
      const dispatch = pass.dispatchWorkgroups.bind(pass);
      pass.dispatchWorkgroups = (x: number, y?: number, z?: number) => {
        dispatches++;
        dispatch(x, y, z);
      };
      return pass;
    };
    return encoder;
  };
  const submit = device.queue.submit.bind(device.queue);
  device.queue.submit = (buffers: Iterable<GPUCommandBuffer>) => {
    submits++;
    submit(buffers);
  };
  const summary = summarizeAdapter(adapter);
  return {
    context: {
      device,
      adapter: summary,
      timestamps,
      tuning: defaultTuning(summary),
      spinsWhileWaiting: summary.isSoftware,
    },
    liveBuffers: () => live,
    dispatches: () => dispatches,
    submits: () => submits,
  };
}

/** Sets up one device for the file and destroys it at the end. */
export function useTestGpu(): () => TestGpu {
  let testGpu: TestGpu | null = null;
  beforeAll(async () => {
    testGpu = await createTestGpu();
  });
  afterAll(() => {
    testGpu?.context.device.destroy();
  });
  return () => {
    if (testGpu === null) throw new Error('the test device is not ready');
    return testGpu;
  };
}

/**
 * A GPU test: runs `body` inside validation, out-of-memory and internal error scopes, then
 * asserts that none caught an error and that every buffer the body created was destroyed.
 */
export function testWithDevice(
  name: string,
  getGpu: () => TestGpu,
  body: (gpu: TestGpu) => Promise<void>,
  timeoutMs?: number,
): void {
  it(
    name,
    async () => {
      const gpu = getGpu();
      const { device } = gpu.context;
      const before = gpu.liveBuffers();
      device.pushErrorScope('internal');
      device.pushErrorScope('out-of-memory');
      device.pushErrorScope('validation');
      try {
        await body(gpu);
      } finally {
        const validation = await device.popErrorScope();
        const outOfMemory = await device.popErrorScope();
        const internal = await device.popErrorScope();
        expect(validation?.message ?? null, 'validation error').toBeNull();
        expect(outOfMemory?.message ?? null, 'out-of-memory error').toBeNull();
        expect(internal?.message ?? null, 'internal error').toBeNull();
      }
      expect(gpu.liveBuffers(), 'GPU buffers left alive').toBe(before);
    },
    timeoutMs,
  );
}
