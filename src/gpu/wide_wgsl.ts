/**
 * The wide schedule's generated modules: `generated/wide` (the tile's shape, the per-dispatch Args
 * and the run's WideRun structs, declared here once for both languages) and `generated/wide_tiles`
 * (the three tile products written out for the plan's tile shape: every accumulator a scalar,
 * every load a vec4, no array and no barrier, which is what a software adapter runs fastest).
 *
 * Nothing of the model is compiled in: its widths, offsets and counts come from the uniforms (the
 * hot loops already took their bounds from Args), so every model of one tile shape runs the same
 * kernels, compiled once a process (src/gpu/kernels.ts keys them by their code).
 *
 * Each output adds its terms in order, one term at a time (`acc += a.x * w.x; acc += a.y * w.y; …`):
 * the plain order the CPU reference reproduces (sampleForwardBackward, src/reference/stages.ts).
 */
import { MAX_HIDDEN_LAYERS } from '../core/spec.ts';
import type { RunDescription } from '../core/run.ts';
import { WORD_BYTES } from './layout.ts';
import { dispatchTile, foldsBlocks, type WidePlan, type WideShape } from './wide_plan.ts';

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

/** The run's facts every wide dispatch may read (the WideRun uniform), all u32, offsets in floats. */
export const WIDE_RUN_FIELDS = [
  // padded params, in vec4s: a gradient block's stride in partials, the update's threads
  'pp4',
  // where the gathered rows' labels sit in acts
  'labelsAt',
  // where the training batch's row losses sit in rowLoss (after every split's rows)
  'stepLossAt',
  // features a row of X has (its label follows them)
  'features',
  // batch positions per block of the gradient sums
  'blockRows',
  // layers, and params in the flat layout
  'layers',
  'params',
] as const;
export type WideRunField = (typeof WIDE_RUN_FIELDS)[number];

/** Layers the WideRun's table holds: the most a model has. */
export const MAX_LAYERS = MAX_HIDDEN_LAYERS + 1;
/** Words of the scalars before the table, which starts on 16 bytes. */
const RUN_SCALAR_WORDS = Math.ceil(WIDE_RUN_FIELDS.length / 4) * 4;
/** Words of a table row: the flat layout's W, b and inputs, then the padded layout's, each a vec4. */
const LAYER_WORDS = 8;
/** Bytes of the WideRun uniform. */
export const WIDE_RUN_BYTES = (RUN_SCALAR_WORDS + MAX_LAYERS * LAYER_WORDS) * WORD_BYTES;

/** The WideRun uniform of a run laid out by `wide`, as its u32 words. */
export function wideRunWords(wide: WidePlan, run: RunDescription): Uint32Array<ArrayBuffer> {
  if (wide.layers.length > MAX_LAYERS)
    throw new RangeError(`the wide schedule takes at most ${MAX_LAYERS} layers`);
  const words = new Uint32Array(WIDE_RUN_BYTES / WORD_BYTES);
  const values: Record<WideRunField, number> = {
    pp4: wide.PP / 4,
    labelsAt: wide.labelsAt,
    stepLossAt: wide.stepLossAt,
    features: run.net.inputs,
    blockRows: wide.blockRows,
    layers: wide.layers.length,
    params: run.net.P,
  };
  WIDE_RUN_FIELDS.forEach((name, i) => (words[i] = values[name]));
  wide.layers.forEach((padded, l) => {
    const flat = run.net.layers[l];
    if (flat === undefined) throw new RangeError(`no layer ${l}`);
    words.set(
      [
        flat.weightOffset,
        flat.biasOffset,
        flat.inputs,
        0,
        padded.weightAt,
        padded.biasAt,
        padded.inPad,
        0,
      ],
      RUN_SCALAR_WORDS + l * LAYER_WORDS,
    );
  });
  return words;
}

const u = (n: number): string => `${n}u`;

/** `generated/wide`: the dispatched tile's shape and the Args and WideRun structs; nothing of the model. */
export function wideWgsl(shape: WideShape): string {
  // the outputs one dispatched tile covers: an invocation's (registers) or a workgroup's
  const tile = dispatchTile(shape);
  const lines = [
    `// generated for ${shape.kind} tiles of ${tile.rows} rows × ${tile.units} units; the model's layout comes from the uniforms`,
    `const TILE_ROWS: u32 = ${u(tile.rows)};`,
    `const TILE_UNITS: u32 = ${u(tile.units)};`,
    `const MAX_LAYERS: u32 = ${u(MAX_LAYERS)};`,
    '// whether an invocation adds every block of its gradient sums itself and writes one block of partials',
    `const FOLD_BLOCKS: bool = ${foldsBlocks(shape)};`,
    '// vec4s of params an invocation of the update takes, strided by the invocations taking them',
    `const UPDATE_SPAN: u32 = ${u(shape.updateSpan)};`,
    'struct Args {',
    ...ARGS_FIELDS.map((f) => `  ${f}: u32,`),
    '}',
    '// a layer in the flat layout (x: W, y: b, z: inputs) and in the padded one (x: W, y: b, z: padded inputs)',
    'struct WideLayer {',
    '  flat: vec4<u32>,',
    '  padded: vec4<u32>,',
    '}',
    'struct WideRun {',
    ...WIDE_RUN_FIELDS.map((f) => `  ${f}: u32,`),
    ...Array.from(
      { length: RUN_SCALAR_WORDS - WIDE_RUN_FIELDS.length },
      (_, i) => `  _pad${i}: u32,`,
    ),
    '  layer: array<WideLayer, MAX_LAYERS>,',
    '}',
  ];
  return lines.join('\n') + '\n';
}

const XYZW = ['x', 'y', 'z', 'w'] as const;
const lane = (i: number): string => XYZW[i % 4] as string;

/**
 * The three tile modules, each imported by its one kernel (each names only that kernel's buffers),
 * and the grid they share: which tile an invocation takes (`product_tile`), and for workgroup
 * tiles the workgroup memory (src/gpu/wide_shared_wgsl.ts).
 */
export interface WideTileModules {
  readonly 'generated/wide_grid': string;
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
    'fn forward_tile(r0: u32, c0: u32, lid: u32) {',
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

  // weight gradients: acc_j_k = Σ_p δ[p, j0 + j] · a[p, k0 + k], p in order; db_j = Σ_p δ[p, j0 + j].
  // Folded, the invocation takes every block of positions first … end − 1 in turn, each summed from
  // 0 and then added to the tile's totals (t, ts) in block order: the additions the update makes of
  // the blocks' partials otherwise, in the same order, so the same bits.
  const fold = foldsBlocks(wide.shape);
  const [acc, bias] = fold ? ['t', 'ts'] : ['g', 's'];
  const zero = (name: string, pad: string): string[] => [
    ...range(C).flatMap((j) => range(C).map((k) => `${pad}var ${name}${j}_${k} = 0.0;`)),
  ];
  const sums = (pad: string): string[] => [
    ...zero('g', pad),
    ...range(C).map((j) => `${pad}var s${j} = 0.0;`),
    `${pad}for (var p = first; p < end; p++) {`,
    ...range(V).map((v) => `${pad}  let d${v} = deltas[args.gOut + p * OUT4 + j0 / 4u + ${u(v)}];`),
    ...range(V).map((v) => `${pad}  let a${v} = acts[args.aIn + p * IN4 + k0 / 4u + ${u(v)}];`),
    ...range(C).map(
      (j) =>
        `${pad}  ${range(C)
          .map(
            (k) =>
              `g${j}_${k} += d${Math.floor(j / 4)}.${lane(j)} * a${Math.floor(k / 4)}.${lane(k)};`,
          )
          .join(' ')}`,
    ),
    `${pad}  ${range(C)
      .map((j) => `s${j} += d${Math.floor(j / 4)}.${lane(j)};`)
      .join(' ')}`,
    `${pad}}`,
  ];
  lines.push(
    fold
      ? 'fn weight_grad_tile(g: u32, j0: u32, k0: u32, lo: u32, hi: u32, lid: u32) {'
      : 'fn weight_grad_tile(g: u32, j0: u32, k0: u32, first: u32, end: u32, lid: u32) {',
    '  let IN4 = args.inW4;',
    '  let OUT4 = args.outW4;',
    ...(fold
      ? [
          ...zero('t', '  '),
          ...range(C).map((j) => `  var ts${j} = 0.0;`),
          '  for (var first = lo; first < hi; first += wideRun.blockRows) {',
          '    let end = min(hi, first + wideRun.blockRows);',
          ...sums('    '),
          ...range(C).map(
            (j) =>
              `    ${range(C)
                .map((k) => `t${j}_${k} += g${j}_${k};`)
                .join(' ')}`,
          ),
          `    ${range(C)
            .map((j) => `ts${j} += s${j};`)
            .join(' ')}`,
          '  }',
        ]
      : sums('  ')),
    '  let base = g * wideRun.pp4;',
    ...range(C).flatMap((j) =>
      range(V).map(
        (v) =>
          `  partials[base + args.wOff + (j0 + ${u(j)}) * IN4 + k0 / 4u + ${u(v)}] = vec4<f32>(${range(
            4,
          )
            .map((e) => `${acc}${j}_${4 * v + e}`)
            .join(', ')});`,
      ),
    ),
    '  if (k0 == 0u) {',
    ...range(V).map(
      (v) =>
        `    partials[base + args.bOff + j0 / 4u + ${u(v)}] = vec4<f32>(${range(4)
          .map((e) => `${bias}${4 * v + e}`)
          .join(', ')});`,
    ),
    '  }',
    '}',
  );
  const weightGrad = take();

  // input gradients: acc_r_k = Σ_j δ[r0 + r, j] · W[j, k0 + k], j in order; then · f'(a)
  lines.push(
    'fn input_grad_tile(r0: u32, k0: u32, lid: u32) {',
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
    'generated/wide_grid': [
      header,
      '// the tile an invocation computes: its own, counted across a 2-D grid of workgroups',
      'fn product_tile(gid: vec3<u32>, wid: vec3<u32>, groups: vec3<u32>) -> u32 {',
      '  return tile_index(gid, groups);',
      '}',
      '',
    ].join('\n'),
    'generated/wide_forward': forward,
    'generated/wide_weight_grad': weightGrad,
    'generated/wide_input_grad': take(),
  };
}
