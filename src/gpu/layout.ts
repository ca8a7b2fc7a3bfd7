/**
 * The one layout the kernels and the host share: binding indices, control words, enum codes and
 * the run's uniform struct. Declared here once and emitted as WGSL (`generated/layout`, which each
 * kernel imports by name), so no number is typed in two languages.
 */
import { OPTIMIZERS } from '../core/optimizers.ts';
import { ACTIVATIONS } from '../core/spec.ts';

/** Bytes in one f32 or u32, the only element types on the GPU. */
export const WORD_BYTES = Float32Array.BYTES_PER_ELEMENT;

/** Binding indices of group 0; each kernel binds the ones it declares. */
export const BINDING = {
  /** rows × (D + 1) f32, each row its features then its label: train, validation, test rows (layered: up to 4 chunks) */
  X: 0,
  /** the batch order: a ring of epochs, each a permutation of the training rows */
  order: 2,
  /** [params P | best params P] */
  params: 3,
  /** [optimizer state | Adam's correction table | per-sample scratch | layered: the blocks' partial sums] */
  work: 4,
  /** [step losses | epoch losses (3 per epoch)] */
  losses: 5,
  control: 6,
  run: 7,
  X1: 9,
  X2: 10,
  X3: 11,
  /** wide: the params in the padded layout the tiles read (src/gpu/wide_plan.ts) */
  wparams: 12,
  /** wide: the optimizer's state, per padded param */
  state: 13,
  /** wide: each batch block's gradient sums, in the padded layout */
  partials: 14,
  /** wide: the activations of a pass's rows, layer after layer, and their labels */
  acts: 15,
  /** wide: the deltas of a training batch, layer after layer */
  deltas: 16,
  /** wide: each row's loss (every split's rows, then the batch's) */
  rowLoss: 17,
  /** wide: one dispatch's rows and layer (a dynamic uniform: a slot per dispatch) */
  args: 18,
  /** wide: the run's padded layout, the same for every dispatch (src/gpu/wide_wgsl.ts) */
  wideRun: 19,
} as const;

/** Words of the control buffer, which the kernels advance so the host writes nothing mid-run. */
export const CONTROL = {
  /** steps taken */
  STEP: 0,
  /** the first step whose loss or params were not finite, or NO_FAULT */
  FIRST_BAD: 1,
  /** epochs completed */
  EPOCHS_DONE: 2,
  /** 1 once early stopping has ended the run */
  STOPPED: 3,
  /** the epoch of the best validation loss so far, or NO_FAULT */
  BEST_EPOCH: 4,
  /** that loss, as f32 bits */
  BEST_LOSS: 5,
  /** layered: 1 when the step's new params are not all finite (set by any workgroup) */
  BAD_PARAMS: 6,
  /** 1 once a full-batch run's closing pass has recorded the last epoch's train loss */
  CLOSED: 7,
} as const;
export const CONTROL_WORDS = 8;
export const NO_FAULT = 0xffffffff;

export const ACTIVATION_CODE = Object.fromEntries(ACTIVATIONS.map((a, i) => [a, i])) as Record<
  (typeof ACTIVATIONS)[number],
  number
>;
export const OPTIMIZER_CODE = Object.fromEntries(OPTIMIZERS.map((o, i) => [o, i])) as Record<
  (typeof OPTIMIZERS)[number],
  number
>;

/** The kernels' two ways to sum a batch (see ReductionShape in src/core/reduction.ts). */
export const MODE = {
  /** each thread sums all S quantities for its samples (lanes = workgroup size), then a tree */
  RECORD: 0,
  /** samples store their terms; then one thread per quantity adds them in order (lanes = 1) */
  PARAM: 1,
} as const;

/** Fields of the run's uniform, in order; all 4-byte. Hyper comes first so it starts on 16 bytes. */
export const RUN_FIELDS = [
  ['lr', 'f32'],
  ['momentum', 'f32'],
  ['weightDecay', 'f32'],
  ['beta1', 'f32'],
  ['oneMinusBeta1', 'f32'],
  ['beta2', 'f32'],
  ['oneMinusBeta2', 'f32'],
  ['eps', 'f32'],
  ['decay', 'f32'],
  ['l1', 'f32'],
  ['l2', 'f32'],
  ['trainRows', 'u32'],
  ['batchSize', 'u32'],
  ['stepsPerEpoch', 'u32'],
  ['totalSteps', 'u32'],
  ['segmentSteps', 'u32'],
  ['orderEpochs', 'u32'],
  ['patience', 'u32'],
  ['valFirst', 'u32'],
  ['valRows', 'u32'],
  ['testFirst', 'u32'],
  ['testRows', 'u32'],
  ['stateOffset', 'u32'],
  ['tableOffset', 'u32'],
  ['tableEntries', 'u32'],
  ['scratchOffset', 'u32'],
  ['partialOffset', 'u32'],
  ['epochLossOffset', 'u32'],
  ['rowsPerChunk', 'u32'],
  ['blockSize', 'u32'],
  ['evalBlocks', 'u32'],
  ['evalBlockSize', 'u32'],
  ['epochWork', 'u32'],
  // 1 when every step takes the whole training split in order: read where it decides a pass, not
  // in a loop (generated/model's FULL_BATCH is the same fact as a constant, for the loops)
  ['fullBatch', 'u32'],
  // the model's params P: where the best params' copy starts in `params`
  ['params', 'u32'],
] as const;
export type RunField = (typeof RUN_FIELDS)[number][0];
export type RunValues = Record<RunField, number>;
/** Bytes of the uniform, padded to 16 as uniform structs must be. */
export const RUN_BYTES = Math.ceil((RUN_FIELDS.length * WORD_BYTES) / 16) * 16;

/** The run's uniform as bytes, in RUN_FIELDS order (f32 fields rounded to f32). */
export function runWords(values: RunValues): ArrayBuffer {
  const bytes = new ArrayBuffer(RUN_BYTES);
  const f32 = new Float32Array(bytes);
  const u32 = new Uint32Array(bytes);
  RUN_FIELDS.forEach(([name, type], i) => {
    if (type === 'f32') f32[i] = values[name];
    else u32[i] = values[name];
  });
  return bytes;
}

/** Byte offset of one field, for a writeBuffer of that field alone. */
export function runFieldOffset(field: RunField): number {
  return RUN_FIELDS.findIndex(([name]) => name === field) * WORD_BYTES;
}

const screaming = (name: string): string => name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

/** The WGSL text of `generated/layout`. */
export function layoutWgsl(): string {
  const lines = [
    '// generated from src/gpu/layout.ts: bindings, control words, codes, the run uniform',
  ];
  for (const [name, index] of Object.entries(BINDING))
    lines.push(`const BINDING_${screaming(name)}: u32 = ${index}u;`);
  for (const [name, index] of Object.entries(CONTROL))
    lines.push(`const CONTROL_${name}: u32 = ${index}u;`);
  lines.push(`const NO_FAULT: u32 = ${NO_FAULT}u;`);
  for (const [name, code] of Object.entries(ACTIVATION_CODE))
    lines.push(`const ACT_${name.toUpperCase()}: u32 = ${code}u;`);
  for (const [name, code] of Object.entries(OPTIMIZER_CODE))
    lines.push(`const OPT_${name.toUpperCase()}: u32 = ${code}u;`);
  for (const [name, code] of Object.entries(MODE))
    lines.push(`const MODE_${name}: u32 = ${code}u;`);
  lines.push('struct Run {');
  for (const [name, type] of RUN_FIELDS) lines.push(`  ${name}: ${type},`);
  const pad = RUN_BYTES / WORD_BYTES - RUN_FIELDS.length;
  for (let i = 0; i < pad; i++) lines.push(`  _pad${i}: u32,`);
  lines.push('}');
  return lines.join('\n') + '\n';
}
