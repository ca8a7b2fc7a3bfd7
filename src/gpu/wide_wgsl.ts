/**
 * The wide schedule's generated modules: `generated/wide` (the padded layout's constants and the
 * per-dispatch Args struct, declared here once for both languages) and `generated/wide_tiles` (the
 * three tile products written out for the plan's tile shape: every accumulator a scalar, every
 * load a vec4, no array and no barrier, which is what a software adapter runs fastest).
 *
 * Each output adds its terms in order, one term at a time (`acc += a.x * w.x; acc += a.y * w.y; …`):
 * the plain order the CPU reference reproduces (src/reference/wide.ts).
 */
import { WORD_BYTES } from './layout.ts';
import type { WidePlan } from './wide_plan.ts';

/** Fields of one dispatch's Args, all u32; offsets in vec4s unless named otherwise. */
export const ARGS_FIELDS = [
  // 1 for an evaluation chunk (rows firstRow … firstRow + count − 1, no deltas), 0 for a training step
  'eval',
  'firstRow',
  'count',
  // where the rows' losses go in rowLoss (floats)
  'lossAt',
  // the layer's activation code (ACT_LINEAR for the logits)
  'act',
  // padded input and output widths, in vec4s, and the real ones
  'inW4',
  'outW4',
  'inTrue',
  'outTrue',
  // activations in (acts), activations out (acts), deltas in and out (deltas)
  'aIn',
  'aOut',
  'gIn',
  'gOut',
  // the layer's W and b in wparams
  'wOff',
  'bOff',
  // a backward dispatch's tiles of deltas passed back, after its weight tiles (0 for the first layer)
  'deltaTiles',
] as const;
export type ArgsField = (typeof ARGS_FIELDS)[number];
export type Args = Record<ArgsField, number>;

/** One dispatch's slot of the args buffer: WebGPU's largest minUniformBufferOffsetAlignment. */
export const ARGS_SLOT_BYTES = 256;

/** The Args as bytes, in ARGS_FIELDS order, padded to a slot. */
export function argsWords(args: Args): Uint32Array {
  const words = new Uint32Array(ARGS_SLOT_BYTES / WORD_BYTES);
  ARGS_FIELDS.forEach((name, i) => (words[i] = args[name]));
  return words;
}

const u = (n: number): string => `${n}u`;
const array = (values: readonly number[]): string =>
  `array<u32, ${values.length}>(${values.map(u).join(', ')})`;

/** `generated/wide`: the padded layout and the Args struct. */
export function wideWgsl(wide: WidePlan): string {
  const lines = [
    `// generated from the wide plan: ${wide.layers.map((l) => `${l.inPad}`).join('-')}-${wide.layers.at(-1)?.outPad ?? 0} padded, tile ${wide.shape.tile.rows}×${wide.shape.tile.units}`,
    `const PP: u32 = ${u(wide.PP)};`,
    `const TILE_ROWS: u32 = ${u(wide.shape.tile.rows)};`,
    `const TILE_UNITS: u32 = ${u(wide.shape.tile.units)};`,
    `const BLOCK_ROWS: u32 = ${u(wide.blockRows)};`,
    `const LABELS_AT: u32 = ${u(wide.labelsAt)};`,
    `const STEP_LOSS_AT: u32 = ${u(wide.stepLossAt)};`,
    `const PADDED_W = ${array(wide.layers.map((l) => l.weightAt))};`,
    `const PADDED_B = ${array(wide.layers.map((l) => l.biasAt))};`,
    `const PADDED_IN = ${array(wide.layers.map((l) => l.inPad))};`,
    'struct Args {',
    ...ARGS_FIELDS.map((f) => `  ${f}: u32,`),
    '}',
  ];
  return lines.join('\n') + '\n';
}

const XYZW = ['x', 'y', 'z', 'w'] as const;
const lane = (i: number): string => XYZW[i % 4] as string;

/** The three tile modules, each imported by its one kernel (each names only that kernel's buffers). */
export interface WideTileModules {
  readonly 'generated/wide_forward': string;
  readonly 'generated/wide_weight_grad': string;
  readonly 'generated/wide_input_grad': string;
}

/** forward_tile, weight_grad_tile and input_grad_tile written out for the plan's tile. */
export function wideTilesWgsl(wide: WidePlan): WideTileModules {
  const R = wide.shape.tile.rows;
  const C = wide.shape.tile.units;
  const V = C / 4;
  const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
  const header = `// generated for tiles of ${R} rows × ${C} units: scalar accumulators, vec4 loads, no barrier`;
  let lines: string[] = [header];
  const take = (): string => {
    const text = lines.join('\n') + '\n';
    lines = [header];
    return text;
  };

  // forward: acc_r_c = Σ_k A[r0 + r, k] · W[c0 + c, k], k in order; then + b, f, store
  lines.push(
    'fn forward_tile(r0: u32, c0: u32) {',
    '  let IN4 = args.inW4;',
    '  let aBase = args.aIn + r0 * IN4;',
    '  let wBase = args.wOff + c0 * IN4;',
    ...range(R).flatMap((r) => range(C).map((c) => `  var f${r}_${c} = 0.0;`)),
    '  for (var k = 0u; k < IN4; k++) {',
    ...range(R).map((r) => `    let a${r} = acts[aBase + ${u(r)} * IN4 + k];`),
    ...range(C).map((c) => `    let w${c} = wparams[wBase + ${u(c)} * IN4 + k];`),
    ...range(R).flatMap((r) =>
      range(C).map(
        (c) => `    ${XYZW.map((e) => `f${r}_${c} += a${r}.${e} * w${c}.${e};`).join(' ')}`,
      ),
    ),
    '  }',
    ...range(V).map((v) => `  let b${v} = wparams[args.bOff + c0 / 4u + ${u(v)}];`),
    ...range(R).flatMap((r) =>
      range(V).map(
        (v) =>
          `  acts[args.aOut + (r0 + ${u(r)}) * args.outW4 + c0 / 4u + ${u(v)}] = activate4(vec4<f32>(${range(
            4,
          )
            .map((e) => `f${r}_${4 * v + e}`)
            .join(', ')}) + b${v}, c0 + ${u(4 * v)});`,
      ),
    ),
    '}',
  );
  const forward = take();

  // weight gradients: acc_j_k = Σ_p δ[p, j0 + j] · a[p, k0 + k], p in order; db_j = Σ_p δ[p, j0 + j]
  lines.push(
    'fn weight_grad_tile(g: u32, j0: u32, k0: u32, first: u32, end: u32) {',
    '  let IN4 = args.inW4;',
    '  let OUT4 = args.outW4;',
    ...range(C).flatMap((j) => range(C).map((k) => `  var g${j}_${k} = 0.0;`)),
    ...range(C).map((j) => `  var s${j} = 0.0;`),
    '  for (var p = first; p < end; p++) {',
    ...range(V).map((v) => `    let d${v} = deltas[args.gOut + p * OUT4 + j0 / 4u + ${u(v)}];`),
    ...range(V).map((v) => `    let a${v} = acts[args.aIn + p * IN4 + k0 / 4u + ${u(v)}];`),
    ...range(C).map(
      (j) =>
        `    ${range(C)
          .map(
            (k) =>
              `g${j}_${k} += d${Math.floor(j / 4)}.${lane(j)} * a${Math.floor(k / 4)}.${lane(k)};`,
          )
          .join(' ')}`,
    ),
    `    ${range(C)
      .map((j) => `s${j} += d${Math.floor(j / 4)}.${lane(j)};`)
      .join(' ')}`,
    '  }',
    '  let base = g * (PP / 4u);',
    ...range(C).flatMap((j) =>
      range(V).map(
        (v) =>
          `  partials[base + args.wOff + (j0 + ${u(j)}) * IN4 + k0 / 4u + ${u(v)}] = vec4<f32>(${range(
            4,
          )
            .map((e) => `g${j}_${4 * v + e}`)
            .join(', ')});`,
      ),
    ),
    '  if (k0 == 0u) {',
    ...range(V).map(
      (v) =>
        `    partials[base + args.bOff + j0 / 4u + ${u(v)}] = vec4<f32>(${range(4)
          .map((e) => `s${4 * v + e}`)
          .join(', ')});`,
    ),
    '  }',
    '}',
  );
  const weightGrad = take();

  // input gradients: acc_r_k = Σ_j δ[r0 + r, j] · W[j, k0 + k], j in order; then · f'(a)
  lines.push(
    'fn input_grad_tile(r0: u32, k0: u32) {',
    '  let IN4 = args.inW4;',
    '  let OUT4 = args.outW4;',
    ...range(R).flatMap((r) => range(C).map((k) => `  var e${r}_${k} = 0.0;`)),
    '  for (var j4 = 0u; j4 < OUT4; j4++) {',
    ...range(R).map((r) => `    let d${r} = deltas[args.gOut + (r0 + ${u(r)}) * OUT4 + j4];`),
    ...range(4).flatMap((e) =>
      range(V).map(
        (v) =>
          `    let w${e}_${v} = wparams[args.wOff + (j4 * 4u + ${u(e)}) * IN4 + k0 / 4u + ${u(v)}];`,
      ),
    ),
    ...range(R).flatMap((r) =>
      range(C).map(
        (k) =>
          `    ${range(4)
            .map((e) => `e${r}_${k} += d${r}.${XYZW[e]} * w${e}_${Math.floor(k / 4)}.${lane(k)};`)
            .join(' ')}`,
      ),
    ),
    '  }',
    ...range(R).flatMap((r) =>
      range(V).map((v) => {
        const at = `(r0 + ${u(r)}) * IN4 + k0 / 4u + ${u(v)}`;
        return `  deltas[args.gIn + ${at}] = vec4<f32>(${range(4)
          .map((e) => `e${r}_${4 * v + e}`)
          .join(', ')}) * grad4(acts[args.aIn + ${at}], k0 + ${u(4 * v)});`;
      }),
    ),
    '}',
  );
  return {
    'generated/wide_forward': forward,
    'generated/wide_weight_grad': weightGrad,
    'generated/wide_input_grad': take(),
  };
}
