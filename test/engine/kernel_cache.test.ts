import { describe, expect } from 'vitest';
import { resolveOptions } from '../../src/api/resolve.ts';
import { makeClassification } from '../../src/data/index.ts';
import { kernelFor } from '../../src/gpu/kernels.ts';
import { layoutWgsl, MODE } from '../../src/gpu/layout.ts';
import { modelWgsl } from '../../src/gpu/model_wgsl.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';

// A small stand-in for generated/model: layered/end_epoch.wgsl reads FULL_BATCH and P from it.
const model = (comment: string, fullBatch: boolean, P = 3): string =>
  `// ${comment}\nconst FULL_BATCH: bool = ${fullBatch};\nconst P: u32 = ${P}u;\n`;

describe('the pipeline cache', () => {
  const gpu = useTestGpu();
  testWithDevice(
    'shares a pipeline between kernels that read the same, whatever else is generated, and compiles a changed one',
    gpu,
    async ({ context }) => {
      const { device } = context;
      const layout = layoutWgsl();
      const first = await kernelFor(
        device,
        'layered/end_epoch.wgsl',
        { 'generated/layout': layout, 'generated/model': model('a 2-8-1 model', false) },
        { WG: 64 },
      );
      // another model's modules: a module the kernel never imports, a comment that differs
      const same = await kernelFor(
        device,
        'layered/end_epoch.wgsl',
        {
          'generated/layout': layout,
          'generated/model': model('a 5-64-64-3 model', false),
          'generated/sample': 'fn unused() {}\n',
        },
        { WG: 64 },
      );
      expect(same.pipeline).toBe(first.pipeline);
      expect(same.compileMs).toBe(0);
      const changed = await kernelFor(
        device,
        'layered/end_epoch.wgsl',
        { 'generated/layout': layout, 'generated/model': model('a 2-8-1 model', false, 4) },
        { WG: 64 },
      );
      expect(changed.pipeline).not.toBe(first.pipeline);
      expect(changed.compileMs).toBeGreaterThan(0);
    },
  );

  testWithDevice(
    'keys override constants by name, not by the order they were written in',
    gpu,
    async ({ context }) => {
      const { device } = context;
      const data = makeClassification({
        nSamples: 20,
        nFeatures: 3,
        nRedundant: 0,
        randomState: 0,
      });
      const { run } = resolveOptions(data, { hidden: [4], optimizer: 'adam' });
      const generated = {
        'generated/layout': layoutWgsl(),
        'generated/model': modelWgsl(run, {
          mode: MODE.PARAM,
          paramsShared: false,
          stateShared: false,
          fullBatch: false,
        }),
      };
      const kernel = 'layered/reduce_update.wgsl';
      const a = await kernelFor(device, kernel, generated, { WG: 64, R2: 1 });
      const b = await kernelFor(device, kernel, generated, { R2: 1, WG: 64 });
      const c = await kernelFor(device, kernel, generated, { WG: 64, R2: 2 });
      expect(b.pipeline).toBe(a.pipeline);
      expect(b.compileMs).toBe(0);
      expect(c.pipeline).not.toBe(a.pipeline);
    },
  );
});
