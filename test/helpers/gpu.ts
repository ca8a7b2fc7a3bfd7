import { afterAll, beforeAll, expect, it } from 'vitest';
import { installNodeWebGpu } from '../../src/node/index.ts';
import {
  acquireGpu,
  releaseGpu,
  WebGpuUnavailableError,
  type GpuContext,
} from '../../src/gpu/index.ts';

/**
 * The device the product itself gets (src/gpu/device.ts: its adapter request, limits and
 * features), for one test file or describe block, whose buffers are counted as they are created
 * and destroyed.
 */
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
  let context: GpuContext;
  try {
    context = await acquireGpu({ gpu: await installNodeWebGpu() });
  } catch (error) {
    // a missing adapter fails the run (in CI and here alike): GPU tests never skip silently
    if (error instanceof WebGpuUnavailableError)
      throw new Error(
        `${error.message}: install chromium (SwiftShader) and libvulkan1, see tools/setup.mjs`,
        { cause: error },
      );
    throw error;
  }
  const { device } = context;
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
  return {
    context,
    liveBuffers: () => live,
    dispatches: () => dispatches,
    submits: () => submits,
  };
}

/**
 * Sets up the device for the file (or the describe block) and destroys it at the end; a run that
 * gets its device itself (train() with no context) gets this one meanwhile.
 */
export function useTestGpu(): () => TestGpu {
  let testGpu: TestGpu | null = null;
  beforeAll(async () => {
    testGpu = await createTestGpu();
  });
  afterAll(async () => {
    await releaseGpu();
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
