/**
 * The wide kernels' harness (llm.c's dev/cuda spirit): for a model and batch, each tile shape and
 * workgroup size, the time of every dispatch of a step, alone and repeated, with its FLOP/s.
 *
 *   WIDE_MODEL=64,64,64 WIDE_BATCH=128 npx vitest run --config dev/vitest.config.ts dev/wide
 *
 * Correctness is the tests' job (test/wide/); this prints where a step's time goes.
 */
import { it } from 'vitest';
import { resolveOptions } from '../../src/api/resolve.ts';
import { makeClassification } from '../../src/data/index.ts';
import { acquireGpu } from '../../src/gpu/index.ts';
import { allocate } from '../../src/gpu/execute.ts';
import { RunResources } from '../../src/gpu/buffers.ts';
import { planRun } from '../../src/gpu/plan.ts';
import { prepareWide } from '../../src/gpu/schedules/wide.ts';
import type { WideShape } from '../../src/gpu/wide_plan.ts';
import { describeWideShape, wideCandidates } from '../../src/gpu/wide_tuning.ts';
import { installNodeWebGpu } from '../../src/node/index.ts';

const env = (name: string, fallback: string): string => process.env[name] ?? fallback;
const widths = env('WIDE_MODEL', '64,64,64').split(',').map(Number);
const batch = Number(env('WIDE_BATCH', '128'));
const repeats = Number(env('WIDE_REPEATS', '20'));
const only = process.env['WIDE_SHAPES'];

it('times each wide kernel', async () => {
  await installNodeWebGpu();
  const context = await acquireGpu();
  const { device } = context;
  const [D, ...hidden] = widths;
  const rows = Math.max(4 * batch, 1024);
  const data = makeClassification({
    nSamples: rows,
    nFeatures: D ?? 2,
    nInformative: 2,
    nRedundant: 0,
    randomState: 0,
  });
  const { run, data: parts } = resolveOptions(data, {
    hidden,
    activation: 'relu',
    optimizer: 'adam',
    lr: 1e-3,
    batchSize: batch,
    epochs: 1,
  });
  // WIDE_SHAPES='8x8/4;32x32:4x4/64/s32': register tiles rows×units/workgroup, workgroup tiles group:tile/invocations/slab
  const key = (s: WideShape): string =>
    s.kind === 'registers'
      ? `${s.tile.rows}x${s.tile.units}/${s.workgroupSize}`
      : `${s.group.rows}x${s.group.units}:${s.tile.rows}x${s.tile.units}/${s.workgroupSize}/s${s.slab}`;
  const shapes = wideCandidates(context.adapter.isSoftware).filter(
    (s) => only === undefined || only.split(';').includes(key(s)),
  );
  console.log(`model ${widths.join('-')}-1 relu, batch ${batch}, ${repeats} repeats a dispatch`);
  for (const shape of shapes) {
    const plan = planRun({
      run,
      rows: { train: rows, validation: 0, test: 0 },
      limits: device.limits,
      tuning: { ...context.tuning, wide: shape },
      schedule: 'wide',
    });
    const prepared = await prepareWide(device, plan, run, { train: rows, validation: 0, test: 0 });
    const res = new RunResources(device);
    try {
      const encoder = prepared.bind(allocate(res, plan, run, parts, prepared));
      const first = device.createCommandEncoder();
      encoder.encodePack(first);
      device.queue.submit([first.finish()]);
      await device.queue.onSubmittedWorkDone();
      let stepMs = 0;
      const lines: string[] = [];
      for (const [i, d] of encoder.stepDispatches.entries()) {
        const times: number[] = [];
        const cpuTimes: number[] = [];
        for (let t = 0; t < 3; t++) {
          const e = device.createCommandEncoder();
          encoder.encodeOne(e, i, repeats);
          const start = performance.now();
          const cpu = process.cpuUsage();
          device.queue.submit([e.finish()]);
          await device.queue.onSubmittedWorkDone();
          times.push((performance.now() - start) / repeats);
          const used = process.cpuUsage(cpu);
          cpuTimes.push((used.user + used.system) / 1000 / repeats);
        }
        const ms = Math.min(...times);
        const cpuMs = Math.min(...cpuTimes);
        stepMs += ms;
        lines.push(
          `  ${d.name.padEnd(28)} ${`${d.groups[0]}×${d.groups[1]}`.padStart(10)}  ${ms.toFixed(3)} ms  cpu ${cpuMs.toFixed(3)} ms`,
        );
      }
      const flops = 6 * run.net.P * batch;
      console.log(
        `${describeWideShape(shape)}: step ${stepMs.toFixed(2)} ms, ` +
          `${(flops / stepMs / 1e6).toFixed(2)} GFLOP/s (6·P·B), compile ${(prepared.compileMs / 1000).toFixed(1)} s\n${lines.join('\n')}`,
      );
    } finally {
      await device.queue.onSubmittedWorkDone();
      res.destroyAll();
    }
  }
});
