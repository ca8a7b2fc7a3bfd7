// The unit tier has no WebGPU: a test file there that asks for an adapter fails at once, saying
// where it belongs (tiers are decided in test/setup/tiers.ts).
import { vi } from 'vitest';

const refuse = () => {
  throw new Error(
    'WebGPU in the unit tier: a test that runs the engine on WebGPU goes through ' +
      'test/helpers/gpu.ts (useTestGpu, testWithDevice), and so runs in the gpu tier ' +
      '(test/setup/tiers.ts)',
  );
};

vi.mock('webgpu', () => ({ create: refuse, globals: {} }));
