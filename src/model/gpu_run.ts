import type { Dataset } from '../data/index.ts';
import { RunGuard, RunResources, type GpuContext } from '../gpu/index.ts';
import { F32_BYTES } from '../layout/index.ts';
import { epochBatches } from './batches.ts';
import { modelPipeline } from './gpu_pipelines.ts';
import { OPTIMIZERS, stateSlots } from '../core/optimizers.ts';
import { ACTIVATIONS, layerShapes, paramCountOf } from './spec.ts';
import type { EpochLosses, ModelRunOptions, ModelRunResult } from './train_cpu.ts';

/** What the model's GPU run reports beyond the reference's result. */
export interface ModelGpuOutcome extends ModelRunResult {
  readonly dispatchCount: number;
  readonly submitCount: number;
  readonly setupMs: number;
  readonly trainMs: number;
  /** the first step whose loss or params were not finite, or null */
  readonly firstBadStep: number | null;
}

export interface ModelProgress {
  readonly epochsDone: number;
  readonly epochs: number;
  /** per-epoch losses so far (views; copy to keep) */
  readonly epochLosses: EpochLosses;
  readonly params: Float32Array;
}

export interface ModelGpuOptions extends ModelRunOptions {
  readonly workgroupSize?: number;
  readonly onProgress?: ((progress: ModelProgress) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
}

const NO_FAULT = 0xffffffff;
const CONTROL_WORDS = 8;
/** Dispatches recorded into one command buffer, at most, before it is submitted. */
const DISPATCHES_PER_SUBMIT = 4096;
const SPLITS = ['train', 'validation', 'test'] as const;

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);
const entries = (...buffers: GPUBuffer[]): GPUBindGroupEntry[] =>
  buffers.map((buffer, binding) => ({ binding, resource: { buffer } }));

/**
 * Trains a model on the GPU: per step, the next batch, each layer's forward pass, the loss and
 * its gradient, each layer's param and input gradients, the optimizer, all queued with nothing
 * read back; per epoch, the loss on every split and the early-stopping decision, made on the GPU.
 * The results come back once at the end (and, when watched, once per submit).
 */
export async function trainModelOnGpu(
  context: GpuContext,
  train: Dataset,
  options: ModelGpuOptions,
): Promise<ModelGpuOutcome> {
  const { device } = context;
  const { spec, optimizer, epochs } = options;
  const WG = options.workgroupSize ?? (context.adapter.isSoftware ? 16 : 64);
  const layers = layerShapes(spec);
  const L = layers.length;
  const P = paramCountOf(spec);
  const act = ACTIVATIONS.indexOf(spec.activation);
  const schedule = epochBatches(train.nSamples, options.batchSize, epochs, options.shuffleSeed);
  const steps = schedule.reduce((sum, e) => sum + e.length, 0);
  const maxBatch = Math.min(options.batchSize, train.nSamples);
  const evalSets = [train, options.validation, options.test].map((d) =>
    d !== undefined && d.nSamples > 0 ? d : null,
  );
  const maxRows = Math.max(maxBatch, ...evalSets.map((d) => d?.nSamples ?? 0));
  const setupStart = performance.now();
  const res = new RunResources(device);
  const guard = new RunGuard(device, options.signal);
  const STORAGE = GPUBufferUsage.STORAGE;
  const COPY = GPUBufferUsage.COPY_SRC;
  const pending: Promise<void>[] = [];
  try {
    // pipelines first: a kernel that does not compile fails before any upload
    const pipe = (
      kernel: Parameters<typeof modelPipeline>[1],
      constants: Record<string, number | boolean> = {},
    ) => modelPipeline(device, kernel, { WG, ...constants });
    const layerConstants = (l: number) => {
      const layer = layers[l] as (typeof layers)[number];
      return {
        IN: layer.inputs,
        OUT: layer.outputs,
        W_OFFSET: layer.weightOffset,
        B_OFFSET: layer.biasOffset,
      };
    };
    const [nextBatch, optimizerPipe, endStep, endEpoch, lossTrain, ...perLayer] = await guard.wait(
      Promise.all([
        modelPipeline(device, 'mlp_next_batch', {}),
        pipe('mlp_optimizer', { P, OPT: OPTIMIZERS.indexOf(optimizer.name) }),
        modelPipeline(device, 'mlp_end_step', {}),
        pipe('mlp_end_epoch', { P, PATIENCE: options.patience ?? 0 }),
        pipe('mlp_loss_grad', { TRAIN: true, SPLIT: 0 }),
        ...layers.flatMap((_, l) => [
          pipe('mlp_forward', {
            ...layerConstants(l),
            ACT: act,
            HIDDEN: l + 1 < L,
            FIRST: l === 0,
          }),
          pipe('mlp_weight_grad', { ...layerConstants(l), FIRST: l === 0 }),
          pipe('mlp_input_grad', {
            IN: layers[l]?.inputs ?? 0,
            OUT: layers[l]?.outputs ?? 0,
            W_OFFSET: layers[l]?.weightOffset ?? 0,
            ACT: act,
          }),
        ]),
        ...SPLITS.map((_, s) => pipe('mlp_loss_grad', { TRAIN: false, SPLIT: s })),
      ]),
    );
    const forwardPipe = (l: number) => perLayer[3 * l] as GPUComputePipeline;
    const weightGradPipe = (l: number) => perLayer[3 * l + 1] as GPUComputePipeline;
    const inputGradPipe = (l: number) => perLayer[3 * l + 2] as GPUComputePipeline;
    const lossEvalPipe = (s: number) => perLayer[3 * L + s] as GPUComputePipeline;

    const f32 = (label: string, values: ArrayLike<number>, usage = 0) =>
      res.storageF32(label, Math.max(values.length, 1), usage, (t) => t.set(Array.from(values)));
    const u32 = (label: string, values: Uint32Array) =>
      res.storageU32(label, values.length > 0 ? values : Uint32Array.of(0), 0);
    const empty = (label: string, floats: number, usage = 0) =>
      res.buffer(label, Math.max(floats, 1) * F32_BYTES, STORAGE | usage);
    const trainRows = u32(
      'train rows',
      Uint32Array.from(schedule.flatMap((epoch) => epoch.flatMap((rows) => Array.from(rows)))),
    );
    const scheduleWords = new Uint32Array(2 * steps);
    let offset = 0;
    schedule.flat().forEach((rows, step) => {
      scheduleWords[2 * step] = offset;
      scheduleWords[2 * step + 1] = rows.length;
      offset += rows.length;
    });
    const scheduleBuffer = u32('schedule', scheduleWords);
    const identity = u32(
      'rows in order',
      Uint32Array.from({ length: maxRows }, (_, i) => i),
    );
    const trainBatch = empty('train batch', 2);
    const sets = evalSets.map((d, s) =>
      d === null
        ? null
        : {
            n: d.nSamples,
            X: f32(`X ${SPLITS[s]}`, d.X),
            y: f32(`y ${SPLITS[s]}`, d.y),
            batch: u32(`batch ${SPLITS[s]}`, Uint32Array.of(0, d.nSamples)),
          },
    );
    const trainSet = sets[0];
    if (trainSet === null || trainSet === undefined)
      throw new RangeError('the training set is empty');
    const params = f32('params', options.initialParams, COPY);
    const bestParams = f32('best params', options.initialParams, COPY);
    const grads = empty('grads', P);
    const state = empty('optimizer state', stateSlots(optimizer.name) * P);
    const hyper = res.uniform(
      'hyper',
      Float32Array.of(
        optimizer.lr,
        optimizer.momentum,
        optimizer.weightDecay,
        optimizer.beta1,
        optimizer.beta2,
        optimizer.eps,
        0,
        0,
      ).buffer,
    );
    // Adam's bias corrections per step, in float64 and rounded once, as PyTorch computes them
    const corrections = f32(
      'bias corrections',
      Array.from({ length: 2 * steps }, (_, i) => {
        const t = Math.floor(i / 2) + 1;
        return i % 2 === 0
          ? optimizer.lr / (1 - optimizer.beta1 ** t)
          : Math.sqrt(1 - optimizer.beta2 ** t);
      }),
    );
    const Z = layers.map((layer, l) => empty(`Z ${l}`, maxRows * layer.outputs));
    const A = layers.map((layer, l) => empty(`A ${l}`, maxRows * layer.outputs));
    const dZ = layers.map((layer, l) => empty(`dZ ${l}`, maxBatch * layer.outputs));
    const losses = empty('losses', steps, COPY);
    const epochLosses = f32('epoch losses', new Float32Array(3 * epochs).fill(NaN), COPY);
    const control = res.storageU32(
      'control',
      Uint32Array.of(0, NO_FAULT, 0, 0, NO_FAULT, 0, 0, 0),
      COPY,
    );

    const group = (pipeline: GPUComputePipeline, ...buffers: GPUBuffer[]) =>
      device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: entries(...buffers),
      });
    type Dispatch = { pipeline: GPUComputePipeline; group: GPUBindGroup; workgroups: number };
    const forwardPass = (
      batch: GPUBuffer,
      rows: GPUBuffer,
      X: GPUBuffer,
      rowCount: number,
    ): Dispatch[] =>
      layers.map((layer, l) => ({
        pipeline: forwardPipe(l),
        group: group(
          forwardPipe(l),
          batch,
          rows,
          X,
          l === 0 ? X : (A[l - 1] as GPUBuffer),
          params,
          Z[l] as GPUBuffer,
          A[l] as GPUBuffer,
        ),
        workgroups: ceilDiv(rowCount * layer.outputs, WG),
      }));
    const last = L - 1;
    const stepDispatches: Dispatch[] = [
      {
        pipeline: nextBatch,
        group: group(nextBatch, control, scheduleBuffer, trainBatch),
        workgroups: 1,
      },
      ...forwardPass(trainBatch, trainRows, trainSet.X, maxBatch),
      {
        pipeline: lossTrain,
        group: group(
          lossTrain,
          trainBatch,
          trainRows,
          trainSet.y,
          A[last] as GPUBuffer,
          dZ[last] as GPUBuffer,
          losses,
          control,
        ),
        workgroups: 1,
      },
    ];
    for (let l = last; l >= 0; l--) {
      const layer = layers[l] as (typeof layers)[number];
      const Ain = l === 0 ? trainSet.X : (A[l - 1] as GPUBuffer);
      stepDispatches.push({
        pipeline: weightGradPipe(l),
        group: group(
          weightGradPipe(l),
          trainBatch,
          trainRows,
          trainSet.X,
          Ain,
          dZ[l] as GPUBuffer,
          grads,
        ),
        workgroups: ceilDiv(layer.outputs * (layer.inputs + 1), WG),
      });
      if (l > 0) {
        stepDispatches.push({
          pipeline: inputGradPipe(l),
          group: group(
            inputGradPipe(l),
            trainBatch,
            dZ[l] as GPUBuffer,
            params,
            Z[l - 1] as GPUBuffer,
            A[l - 1] as GPUBuffer,
            dZ[l - 1] as GPUBuffer,
          ),
          workgroups: ceilDiv(maxBatch * layer.inputs, WG),
        });
      }
    }
    stepDispatches.push(
      {
        pipeline: optimizerPipe,
        group: group(optimizerPipe, trainBatch, control, params, grads, state, hyper, corrections),
        workgroups: ceilDiv(P, WG),
      },
      { pipeline: endStep, group: group(endStep, trainBatch, control, losses), workgroups: 1 },
    );
    const epochDispatches: Dispatch[] = [];
    sets.forEach((set, s) => {
      if (set === null) return;
      epochDispatches.push(...forwardPass(set.batch, identity, set.X, set.n));
      const pipeline = lossEvalPipe(s);
      epochDispatches.push({
        pipeline,
        group: group(
          pipeline,
          set.batch,
          identity,
          set.y,
          A[last] as GPUBuffer,
          dZ[last] as GPUBuffer,
          epochLosses,
          control,
        ),
        workgroups: 1,
      });
    });
    epochDispatches.push({
      pipeline: endEpoch,
      group: group(endEpoch, control, epochLosses, params, bestParams),
      workgroups: 1,
    });
    const setupMs = performance.now() - setupStart;

    const resultBytes = (3 * epochs + 2 * P + CONTROL_WORDS) * F32_BYTES;
    const progressBuffers = options.onProgress
      ? [0, 1].map((i) =>
          res.buffer(
            `progress ${i}`,
            resultBytes,
            GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
          ),
        )
      : [];
    const progressBusy: (Promise<void> | null)[] = [null, null];
    const copyResults = (encoder: GPUCommandEncoder, target: GPUBuffer) => {
      encoder.copyBufferToBuffer(epochLosses, 0, target, 0, 3 * epochs * F32_BYTES);
      encoder.copyBufferToBuffer(params, 0, target, 3 * epochs * F32_BYTES, P * F32_BYTES);
      encoder.copyBufferToBuffer(
        bestParams,
        0,
        target,
        (3 * epochs + P) * F32_BYTES,
        P * F32_BYTES,
      );
      encoder.copyBufferToBuffer(
        control,
        0,
        target,
        (3 * epochs + 2 * P) * F32_BYTES,
        CONTROL_WORDS * 4,
      );
    };
    const finalStaging = res.buffer(
      'results',
      resultBytes + steps * F32_BYTES,
      GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    );

    let dispatchCount = 0;
    let submitCount = 0;
    const trainStart = performance.now();
    const perEpoch = (e: number) =>
      (schedule[e]?.length ?? 0) * stepDispatches.length + epochDispatches.length;
    for (let e = 0; e < epochs;) {
      guard.check();
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      let recorded = 0;
      const first = e;
      while (e < epochs && (recorded === 0 || recorded + perEpoch(e) <= DISPATCHES_PER_SUBMIT)) {
        const epochSteps = schedule[e]?.length ?? 0;
        for (let s = 0; s < epochSteps; s++) {
          for (const d of stepDispatches) {
            pass.setPipeline(d.pipeline);
            pass.setBindGroup(0, d.group);
            pass.dispatchWorkgroups(d.workgroups);
          }
        }
        for (const d of epochDispatches) {
          pass.setPipeline(d.pipeline);
          pass.setBindGroup(0, d.group);
          pass.dispatchWorkgroups(d.workgroups);
        }
        recorded += perEpoch(e);
        e++;
      }
      pass.end();
      dispatchCount += recorded;
      const slot = submitCount % 2;
      const progress = progressBuffers[slot];
      if (progress) {
        const busy = progressBusy[slot];
        if (busy) await guard.wait(busy);
        copyResults(encoder, progress);
      }
      if (e === epochs) {
        copyResults(encoder, finalStaging);
        encoder.copyBufferToBuffer(losses, 0, finalStaging, resultBytes, steps * F32_BYTES);
      }
      device.queue.submit([encoder.finish()]);
      submitCount++;
      if (progress && options.onProgress) {
        const report = options.onProgress;
        const mapped = progress.mapAsync(GPUMapMode.READ).then(() => {
          const words = progress.getMappedRange();
          const floats = new Float32Array(words.slice(0));
          progress.unmap();
          if (guard.stopped) return;
          const epochsDone =
            new Uint32Array(floats.buffer, (3 * epochs + 2 * P) * F32_BYTES, CONTROL_WORDS)[2] ??
            first;
          report({
            epochsDone,
            epochs,
            epochLosses: splitEpochLosses(floats, epochs),
            params: floats.slice(3 * epochs, 3 * epochs + P),
          });
        });
        progressBusy[slot] = mapped;
        pending.push(mapped);
      }
    }
    await guard.wait(finalStaging.mapAsync(GPUMapMode.READ));
    const floats = new Float32Array(finalStaging.getMappedRange().slice(0));
    finalStaging.unmap();
    await guard.wait(Promise.all(pending));
    const trainMs = performance.now() - trainStart;
    const words = new Uint32Array(floats.buffer, (3 * epochs + 2 * P) * F32_BYTES, CONTROL_WORDS);
    const [stepsDone, badStep, epochsRun, stopped, bestEpochWord] = [
      words[0],
      words[1],
      words[2],
      words[3],
      words[4],
    ] as number[];
    const keepBest = options.patience !== undefined && bestEpochWord !== NO_FAULT;
    const finalParams = floats.slice(
      3 * epochs + (keepBest ? P : 0),
      3 * epochs + (keepBest ? 2 * P : P),
    );
    const stepLosses = floats.slice(
      3 * epochs + 2 * P + CONTROL_WORDS,
      3 * epochs + 2 * P + CONTROL_WORDS + (stepsDone ?? 0),
    );
    return {
      params: finalParams,
      stepLosses,
      epochLosses: splitEpochLosses(floats, epochs),
      epochsRun: epochsRun ?? 0,
      bestEpoch: keepBest ? (bestEpochWord as number) : (epochsRun ?? 1) - 1,
      stoppedEarly: stopped === 1,
      firstBadStep: badStep === NO_FAULT ? null : (badStep ?? null),
      dispatchCount,
      submitCount,
      setupMs,
      trainMs,
    };
  } finally {
    guard.dispose();
    await device.queue.onSubmittedWorkDone().catch(() => undefined);
    await Promise.allSettled(pending);
    res.destroyAll();
  }
}

/** Per-epoch losses laid out epoch by epoch as [train, validation, test], as three arrays. */
function splitEpochLosses(floats: Float32Array, epochs: number): EpochLosses {
  const pick = (s: number) =>
    Float64Array.from({ length: epochs }, (_, e) => floats[3 * e + s] as number);
  return { train: pick(0), validation: pick(1), test: pick(2) };
}
