import { describe, expect } from 'vitest';
import { resolveOptions } from '../../src/api/resolve.ts';
import { makeClassification } from '../../src/data/index.ts';
import { kernelFor } from '../../src/gpu/kernels.ts';
import { layoutWgsl, MODE } from '../../src/gpu/layout.ts';
import { modelWgsl } from '../../src/gpu/model_wgsl.ts';
import { planRun } from '../../src/gpu/plan.ts';
import { layeredSources } from '../../src/gpu/schedules/layered.ts';
import { defaultTuning } from '../../src/gpu/tuning.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';

const data = makeClassification({ nSamples: 20, nFeatures: 3, nRedundant: 0, randomState: 0 });

/** What the layered schedule generates for a model of these hidden widths, Adam. */
function modules(hidden: number[]): Record<string, string> {
  const { run } = resolveOptions(data, { hidden, optimizer: 'adam' });
  const model = modelWgsl(run, {
    mode: MODE.PARAM,
    paramsShared: false,
    stateShared: false,
    fullBatch: false,
  });
  return { 'generated/layout': layoutWgsl(), 'generated/model': model };
}

// reduce_update.wgsl reads the model's constants (generated/model) and nothing else generated
const KERNEL = 'layered/reduce_update.wgsl';

describe('the pipeline cache', () => {
  const gpu = useTestGpu();
  testWithDevice(
    'shares a pipeline between kernels that read the same, whatever else is generated, and compiles a changed one',
    gpu,
    async ({ context }) => {
      const { device } = context;
      const four = modules([4]);
      const first = await kernelFor(device, KERNEL, four, { WG: 64, R2: 1 });
      // the same model's modules with a module the kernel never imports and a comment of its own
      const same = await kernelFor(
        device,
        KERNEL,
        {
          ...four,
          'generated/model': `// generated for another run\n${four['generated/model'] ?? ''}`,
          'generated/sample': 'fn unused() {}\n',
        },
        { WG: 64, R2: 1 },
      );
      expect(same.pipeline).toBe(first.pipeline);
      expect(same.compileMs).toBe(0);
      const changed = await kernelFor(device, KERNEL, modules([5]), { WG: 64, R2: 1 });
      expect(changed.pipeline).not.toBe(first.pipeline);
      expect(changed.compileMs).toBeGreaterThan(0);
    },
  );

  testWithDevice(
    'keys override constants by name, not by the order they were written in',
    gpu,
    async ({ context }) => {
      const { device } = context;
      const generated = modules([3]);
      const a = await kernelFor(device, KERNEL, generated, { WG: 64, R2: 1 });
      const b = await kernelFor(device, KERNEL, generated, { R2: 1, WG: 64 });
      const c = await kernelFor(device, KERNEL, generated, { WG: 64, R2: 2 });
      expect(b.pipeline).toBe(a.pipeline);
      expect(b.compileMs).toBe(0);
      expect(c.pipeline).not.toBe(a.pipeline);
    },
  );

  testWithDevice(
    "closes the layered schedule's steps and epochs with the same kernels for every model",
    gpu,
    async ({ context }) => {
      const { device } = context;
      const closes = async (hidden: number[], batch: { batchSize?: number }) => {
        const { run, data: parts } = resolveOptions(data, { hidden, ...batch });
        const rows = { train: parts.train.nSamples, validation: 0, test: 0 };
        const plan = planRun({
          run,
          rows,
          limits: device.limits,
          tuning: defaultTuning(context.adapter),
          schedule: 'layered',
        });
        const sources = layeredSources(plan, run, rows).filter((s) => s.role.endsWith('close'));
        expect(sources.map((s) => s.name)).toEqual([
          'layered/end_step.wgsl',
          'layered/end_epoch.wgsl',
        ]);
        return Promise.all(sources.map((s) => kernelFor(device, s.name, s.generated, s.constants)));
      };
      const [step, epoch] = await closes([4], { batchSize: 8 });
      // another width, depth, and a full batch: its P and full batch are read from the run uniform
      const [otherStep, otherEpoch] = await closes([6, 2], {});
      expect(otherStep?.pipeline).toBe(step?.pipeline);
      expect(otherEpoch?.pipeline).toBe(epoch?.pipeline);
    },
  );
});
