import { describe, expect } from 'vitest';
import { ACTIVATIONS } from '../../src/core/spec.ts';
import { resolveKernel } from '../../src/gpu/kernels.ts';
import { ACTIVATION_CODE, layoutWgsl } from '../../src/gpu/layout.ts';
import { resolveOptions } from '../../src/api/resolve.ts';
import { makeDataset } from '../../src/data/index.ts';
import { F32 } from '../../src/core/arithmetic.ts';
import { activate, activationGrad } from '../../src/core/activations.ts';
import { HEAD } from '../../src/core/heads.ts';
import { train } from '../../src/train.ts';
import { checkClose } from '../helpers/check_close.ts';
import { testWithDevice, useTestGpu } from '../helpers/gpu.ts';

// Where WGSL's own tanh may fail (NaN past |z| ≈ 89 on SwiftShader) and where exp overflows f32.
const Z = [0, 1e-4, -0.3, 2.5, 8.99, 9, 20, 88, 89, -89, 100, -100, 1e4, -1e4];

// Each output is the kernel's stage on the GPU and its CPU twin in f32: the GPU's exp and tanh may
// differ by a few ulp (WGSL allows 3 ulp for exp), so 1e-6 relative; near tanh's saturation an ulp
// of a (1.2e-7 below 1) is the whole of 1 − a², so derivatives there hold to 2.5e-7 absolute.
const CLOSE = { rtol: 1e-6, atol: 2.5e-7 };

/** The binary head's BCE and residual on the CPU in f32: [loss, r]. */
function bce(z: number, label: number): [number, number] {
  const r = new Float64Array(1);
  return [HEAD.binary.lossAndResidual(Float64Array.of(z), 1, label, r, 0, F32), r[0] as number];
}

// Each activation by the code the host gives the kernels for it (ACTIVATION_CODE, as the model's
// kernel is told its ACT), in ACTIVATIONS' order: a code that WGSL reads as another activation
// shows up as that activation's values.
const PROBE = `//! import "generated/layout"
//! import "common/activations.wgsl"
//! import "heads/binary.wgsl"
@group(0) @binding(0) var<storage, read> z: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
const OUTPUTS: u32 = ${2 * ACTIVATIONS.length + 4}u;
@compute @workgroup_size(1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = id.x;
  var at = i * OUTPUTS;
${ACTIVATIONS.map(
  (name) => `  {
    let a = activate(${ACTIVATION_CODE[name]}u, z[i]);
    out[at] = a;
    out[at + 1u] = activation_grad(${ACTIVATION_CODE[name]}u, a);
    at += 2u;
  }`,
).join('\n')}
  let zero = head_loss_residual(z[i], 0.0);
  let one = head_loss_residual(z[i], 1.0);
  out[at] = zero.x; out[at + 1u] = zero.y; out[at + 2u] = one.x; out[at + 3u] = one.y;
}
`;

describe('activations and the loss, finite wherever the math is', () => {
  const gpu = useTestGpu();
  testWithDevice(
    'every activation, its derivative and the BCE at ±89, ±100, ±1e4 match the CPU twins',
    gpu,
    async ({ context }) => {
      const { device } = context;
      const { code } = resolveKernel('test/probe', {
        'test/probe': PROBE,
        'generated/layout': layoutWgsl(),
      });
      const module = device.createShaderModule({ code });
      const pipeline = await device.createComputePipelineAsync({
        layout: 'auto',
        compute: { module, entryPoint: 'main' },
      });
      const outputs = 2 * ACTIVATIONS.length + 4;
      const input = device.createBuffer({
        size: Z.length * 4,
        usage: GPUBufferUsage.STORAGE,
        mappedAtCreation: true,
      });
      new Float32Array(input.getMappedRange()).set(Z);
      input.unmap();
      const out = device.createBuffer({
        size: Z.length * outputs * 4,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
      });
      const staging = device.createBuffer({
        size: Z.length * outputs * 4,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
      try {
        const encoder = device.createCommandEncoder();
        const pass = encoder.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(
          0,
          device.createBindGroup({
            layout: pipeline.getBindGroupLayout(0),
            entries: [
              { binding: 0, resource: { buffer: input } },
              { binding: 1, resource: { buffer: out } },
            ],
          }),
        );
        pass.dispatchWorkgroups(Z.length);
        pass.end();
        encoder.copyBufferToBuffer(out, 0, staging, 0, Z.length * outputs * 4);
        device.queue.submit([encoder.finish()]);
        await staging.mapAsync(GPUMapMode.READ);
        const gpuValues = Float32Array.from(new Float32Array(staging.getMappedRange()));
        staging.unmap();
        const expected = Z.flatMap((z) => {
          const zf = Math.fround(z);
          return [
            ...ACTIVATIONS.flatMap((name) => {
              const a = activate(name, zf, F32);
              return [a, activationGrad(name, a, F32)];
            }),
            ...bce(zf, 0),
            ...bce(zf, 1),
          ];
        });
        expect(gpuValues.every(Number.isFinite), 'every GPU value is finite').toBe(true);
        checkClose(gpuValues, expected, { ...CLOSE, label: 'activations, derivatives and BCE' });
      } finally {
        input.destroy();
        out.destroy();
        staging.destroy();
      }
    },
  );
});

describe('a tanh MLP whose units see inputs past 89', () => {
  const gpu = useTestGpu();
  testWithDevice(
    'trains on WebGPU as it does on the CPU reference, with every loss finite',
    gpu,
    async ({ context }) => {
      // features spread to ±300, so hidden pre-activations reach hundreds at the initial params
      const n = 64;
      const X = new Float64Array(2 * n);
      const y = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        X[2 * i] = 300 * Math.sin(1.7 * i);
        X[2 * i + 1] = 300 * Math.cos(2.3 * i);
        y[i] = X[2 * i]! * X[2 * i + 1]! > 0 ? 1 : 0;
      }
      const data = makeDataset(X, y, 2);
      const options = {
        hidden: [8, 8],
        activation: 'tanh',
        optimizer: 'sgd',
        lr: 0.01,
        epochs: 30,
        seed: 4,
      } as const;
      const resolved = resolveOptions(data, options);
      const net = resolved.run.net;
      // the largest |z| a first-layer unit sees over the data, at the initial params (float64)
      let largest = 0;
      const layer = net.layers[0]!;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < layer.outputs; j++) {
          let z = resolved.run.initialParams[layer.biasOffset + j]!;
          for (let k = 0; k < 2; k++)
            z += resolved.run.initialParams[layer.weightOffset + 2 * j + k]! * X[2 * i + k]!;
          largest = Math.max(largest, Math.abs(z));
        }
      }
      expect(largest, 'some unit sees |z| past 89').toBeGreaterThan(89);
      const onGpu = await train(data, { ...options, context });
      const onCpu = await train(data, { ...options, backend: 'cpu' });
      expect(onGpu.firstBadStep).toBeNull();
      expect(Array.from(onGpu.stepLosses).every(Number.isFinite)).toBe(true);
      // f32 on both sides, summed in different orders (a tree on the GPU, in order on the CPU)
      checkClose(onGpu.stepLosses, onCpu.stepLosses, {
        rtol: 1e-5,
        atol: 0,
        label: 'losses, GPU vs CPU',
      });
    },
  );
});
