/**
 * `generated/model`: the model's shape as WGSL constants, emitted per plan, so the kernels' loops
 * have constant bounds and their per-sample arrays constant sizes. Arrays are padded to L entries
 * (WGSL has no empty arrays).
 */
import { stateSlots } from '../core/optimizers.ts';
import type { RunDescription } from '../core/run.ts';
import { widths } from '../core/spec.ts';
import { ACTIVATION_CODE, MODE, OPTIMIZER_CODE } from './layout.ts';

/** The most quantities one thread of the fused kernel applies by itself, saving a barrier a step. */
export const SERIAL_UPDATE_MAX = 16;

export type SumMode = (typeof MODE)[keyof typeof MODE];

export interface ModelConstants {
  readonly mode: SumMode;
  /** the params live in workgroup memory for the whole dispatch */
  readonly paramsShared: boolean;
  /** so does the optimizer's state */
  readonly stateShared: boolean;
  /** every step takes the whole training split in order (no batch order is read) */
  readonly fullBatch: boolean;
}

/** Floats of scratch per batch position in MODE.PARAM: the loss, the hidden outputs, the deltas. */
export function scratchRowFloats(run: RunDescription): number {
  return 1 + Math.max(1, run.net.actFloats) + run.net.deltaFloats;
}

export function modelWgsl(run: RunDescription, constants: ModelConstants): string {
  const { net } = run;
  const L = net.layers.length;
  const array = (values: readonly number[]): string => {
    const padded = Array.from({ length: L }, (_, i) => values[i] ?? 0);
    return `array<u32, ${L}>(${padded.map((v) => `${v}u`).join(', ')})`;
  };
  const u32 = (name: string, value: number): string => `const ${name}: u32 = ${value}u;`;
  return (
    [
      `// generated from the plan: ${widths(net.spec).join('-')} ${net.spec.activation}, ${net.spec.head} head, ${run.optimizer.name}`,
      u32('L', L),
      u32('D', net.inputs),
      u32('XS', net.inputs + 1),
      u32('P', net.P),
      u32('S', net.S),
      u32('OUT', net.spec.outputs),
      u32('ACT', ACTIVATION_CODE[net.spec.activation]),
      u32('OPT', OPTIMIZER_CODE[run.optimizer.name]),
      u32('STATE_SLOTS', stateSlots(run.optimizer.name)),
      `const LAYER_IN = ${array(net.layers.map((l) => l.inputs))};`,
      `const W_OFFSET = ${array(net.layers.map((l) => l.weightOffset))};`,
      `const B_OFFSET = ${array(net.layers.map((l) => l.biasOffset))};`,
      `const ACT_OFFSET = ${array(net.actOffset)};`,
      `const DELTA_OFFSET = ${array(net.deltaOffset)};`,
      u32('ACT_FLOATS', Math.max(1, net.actFloats)),
      u32('ROW', scratchRowFloats(run)),
      u32('MODE', constants.mode),
      `const PARAMS_SHARED: bool = ${constants.paramsShared};`,
      `const FULL_BATCH: bool = ${constants.fullBatch};`,
      u32('P_SHARED', constants.paramsShared ? net.P : 1),
      `const STATE_SHARED: bool = ${constants.stateShared};`,
      u32(
        'STATE_SHARED_FLOATS',
        constants.stateShared ? stateSlots(run.optimizer.name) * net.P : 1,
      ),
      u32('LANE_STRIDE', constants.mode === MODE.RECORD ? net.S : 1),
      `const SERIAL_UPDATE: bool = ${constants.mode === MODE.RECORD && net.S <= SERIAL_UPDATE_MAX};`,
    ].join('\n') + '\n'
  );
}
