/**
 * The adapter's multiply-add rate: a plain f32 matrix multiply (shaders/wide/matmul_probe.wgsl, 4×4
 * register blocks, vec4 loads) timed at a few sizes, the best kept. The benchmarks print it beside
 * each engine's model FLOP/s, so a time reads against what the adapter can do at all.
 */
import matmulProbeWGSL from '../../shaders/wide/matmul_probe.wgsl?raw';
import type { GpuContext } from './device.ts';
import { compileResolved } from './kernels.ts';

export interface MatmulPoint {
  /** rows × cols of C, and the inner size */
  readonly M: number;
  readonly N: number;
  readonly K: number;
  readonly msPerProduct: number;
  readonly gflops: number;
}

export interface MatmulRate {
  readonly best: MatmulPoint;
  readonly points: readonly MatmulPoint[];
}

/** 128×64 by 64×64 (a wide step's product), then larger ones. */
export const MATMUL_SIZES: readonly (readonly [number, number, number])[] = [
  [128, 64, 64],
  [128, 256, 256],
  [512, 512, 512],
];

const MAX_GROUPS = 65_535;

/** Times C = A·Bᵀ at each size (a product per dispatch, `repeats` in one submit, the best of three). */
export async function measureMatmulRate(
  context: GpuContext,
  workgroupSize: number,
  repeats = 20,
): Promise<MatmulRate> {
  const { device } = context;
  const pipeline = await compileResolved(
    device,
    'shaders/wide/matmul_probe.wgsl',
    matmulProbeWGSL,
    (line, column) => `shaders/wide/matmul_probe.wgsl:${line}:${column}`,
    'auto',
    { WG: workgroupSize },
  );
  const points: MatmulPoint[] = [];
  for (const [M, N, K] of MATMUL_SIZES) {
    const made: GPUBuffer[] = [];
    const storage = (floats: number, fill: boolean): GPUBuffer => {
      const buffer = device.createBuffer({
        size: floats * Float32Array.BYTES_PER_ELEMENT,
        usage: GPUBufferUsage.STORAGE,
        mappedAtCreation: fill,
      });
      if (fill) {
        const target = new Float32Array(buffer.getMappedRange());
        for (let i = 0; i < floats; i++) target[i] = Math.sin(i);
        buffer.unmap();
      }
      made.push(buffer);
      return buffer;
    };
    try {
      const sizes = device.createBuffer({
        size: 16,
        usage: GPUBufferUsage.UNIFORM,
        mappedAtCreation: true,
      });
      made.push(sizes);
      new Uint32Array(sizes.getMappedRange()).set([M, N, K, 0]);
      sizes.unmap();
      const buffers = [storage(M * K, true), storage(N * K, true), storage(M * N, false), sizes];
      const group = device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
      });
      const groups = Math.ceil(((M / 4) * (N / 4)) / workgroupSize);
      const x = Math.min(groups, MAX_GROUPS);
      const run = async (count: number): Promise<number> => {
        const encoder = device.createCommandEncoder();
        const pass = encoder.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, group);
        for (let i = 0; i < count; i++) pass.dispatchWorkgroups(x, Math.ceil(groups / x));
        pass.end();
        const start = performance.now();
        device.queue.submit([encoder.finish()]);
        await device.queue.onSubmittedWorkDone();
        return (performance.now() - start) / count;
      };
      await run(1);
      const ms = Math.min(await run(repeats), await run(repeats), await run(repeats));
      points.push({ M, N, K, msPerProduct: ms, gflops: (2 * M * N * K) / ms / 1e6 });
    } finally {
      await device.queue.onSubmittedWorkDone();
      for (const buffer of made) buffer.destroy();
    }
  }
  const best = points.reduce((a, b) => (b.gflops > a.gflops ? b : a));
  return { best, points };
}
