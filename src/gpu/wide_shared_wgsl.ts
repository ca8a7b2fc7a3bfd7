/**
 * The wide schedule's tile products for workgroup tiles (the `workgroup` kind of WideShape): the
 * same three functions as src/gpu/wide_wgsl.ts's register tiles (forward_tile, weight_grad_tile,
 * input_grad_tile), with the same names and arguments, so the kernels that call them do not change.
 *
 * A workgroup of n × n invocations computes one tile of `group` outputs. For each slab of the sum
 * (`slab` terms: k for the forward product, j for the input gradients, batch positions for the
 * weight gradients) its invocations copy the slab's two operands from storage into workgroup memory
 * together, wait at a barrier, and each adds the slab's terms to its own `tile` of accumulators,
 * reading both operands from workgroup memory; a second barrier lets the next slab overwrite them.
 * Each input is so read from storage once per workgroup, not once per invocation.
 *
 * The order of every sum is the register tiles' and the CPU reference's (src/reference): each
 * output adds its terms one at a time, slab after slab and in order within a slab, from 0; then
 * the bias and the activation. The slabs hold whole vec4s and divide the padded widths, so no
 * term is added twice or left out, and none is a padding term the plain sum lacks but 0 · 0.
 */
import type { WorkgroupShape } from './wide_plan.ts';
import type { WideTileModules } from './wide_wgsl.ts';

const u = (n: number): string => `${n}u`;
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const XYZW = ['x', 'y', 'z', 'w'] as const;

/** `slab[at(e)] = v.e` for the four lanes of a vec4 just loaded. */
const storeLanes = (slab: string, v: string, at: (e: number) => string): string =>
  range(4)
    .map((e) => `${slab}[${at(e)}] = ${v}.${XYZW[e] as string};`)
    .join(' ');

/** forward_tile, weight_grad_tile and input_grad_tile for a workgroup shape (nothing of the model), and their grid. */
export function wideSharedTilesWgsl(shape: WorkgroupShape): WideTileModules {
  const { rows: GR, units: GU } = shape.group;
  const { rows: TR, units: TU } = shape.tile;
  const S = shape.slab;
  const n = GU / TU;
  const header =
    `// generated for workgroup tiles of ${GR} rows × ${GU} units: ${n} × ${n} invocations, ` +
    `each a block of ${TR} × ${TU}, slabs of ${S} terms in workgroup memory between barriers`;
  // where an invocation's block starts in its workgroup's tile: rows (or dW's units j), then units
  const place = [`  let ty = lid / ${u(n)};`, `  let tx = lid % ${u(n)};`];
  // one term of the sum for the whole block: the left values, the right values, the products in order
  const term = (left: string, right: string, rows: number, acc: string): string[] => [
    ...range(rows).map((r) => `      let l${r} = slabL[${left} + ${u(r)}];`),
    ...range(TU).map((c) => `      let r${c} = slabR[${right} + ${u(c)}];`),
    ...range(rows).map(
      (r) =>
        `      ${range(TU)
          .map((c) => `${acc}${r}_${c} += l${r} * r${c};`)
          .join(' ')}`,
    ),
  ];
  const vec = (acc: string, r: number, v: number): string =>
    `vec4<f32>(${range(4)
      .map((e) => `${acc}${r}_${4 * v + e}`)
      .join(', ')})`;
  const V = TU / 4;

  const grid = [
    header,
    '// the tile a workgroup computes, the same for all its invocations (so its barriers are in uniform control flow)',
    'fn product_tile(gid: vec3<u32>, wid: vec3<u32>, groups: vec3<u32>) -> u32 {',
    '  return wid.x + wid.y * groups.x;',
    '}',
    '// a slab of the sum, term by term: the left operand (rows of A or δ, or δ by batch position) and the right (units of W or a)',
    `var<workgroup> slabL: array<f32, ${S * Math.max(GR, GU)}>;`,
    `var<workgroup> slabR: array<f32, ${S * GU}>;`,
    '',
  ].join('\n');

  // forward: acc_r_c = Σ_k A[r0 + r, k] · W[c0 + c, k], k in order; then + b, f, store
  const forward = [
    header,
    'fn forward_tile(r0: u32, c0: u32, lid: u32) {',
    '  let IN4 = args.inW4;',
    ...place,
    ...range(TR).flatMap((r) => range(TU).map((c) => `  var f${r}_${c} = 0.0;`)),
    `  for (var k0 = 0u; k0 < IN4 * 4u; k0 += ${u(S)}) {`,
    `    // A's slab: ${GR} rows × ${S / 4} vec4s of k, and W's: ${GU} units × ${S / 4} vec4s of k`,
    `    for (var i = lid; i < ${u((GR * S) / 4)}; i += WG) {`,
    `      let v = acts[args.aIn + (r0 + i / ${u(S / 4)}) * IN4 + k0 / 4u + i % ${u(S / 4)}];`,
    `      ${storeLanes('slabL', 'v', (e) => `(4u * (i % ${u(S / 4)}) + ${u(e)}) * ${u(GR)} + i / ${u(S / 4)}`)}`,
    '    }',
    `    for (var i = lid; i < ${u((GU * S) / 4)}; i += WG) {`,
    `      let v = wparams[args.wOff + (c0 + i / ${u(S / 4)}) * IN4 + k0 / 4u + i % ${u(S / 4)}];`,
    `      ${storeLanes('slabR', 'v', (e) => `(4u * (i % ${u(S / 4)}) + ${u(e)}) * ${u(GU)} + i / ${u(S / 4)}`)}`,
    '    }',
    '    workgroupBarrier();',
    `    for (var k = 0u; k < ${u(S)}; k++) {`,
    ...term(`k * ${u(GR)} + ty * ${u(TR)}`, `k * ${u(GU)} + tx * ${u(TU)}`, TR, 'f'),
    '    }',
    '    workgroupBarrier();',
    '  }',
    `  let c = c0 + tx * ${u(TU)};`,
    ...range(V).map((v) => `  let b${v} = wparams[args.bOff + c / 4u + ${u(v)}];`),
    ...range(TR).flatMap((r) =>
      range(V).map(
        (v) =>
          `  acts[args.aOut + (r0 + ty * ${u(TR)} + ${u(r)}) * args.outW4 + c / 4u + ${u(v)}] = ` +
          `activate4(${vec('f', r, v)} + b${v}, c + ${u(4 * v)});`,
      ),
    ),
    '}',
    '',
  ].join('\n');

  // weight gradients: acc_j_k = Σ_p δ[p, j0 + j] · a[p, k0 + k], p in order; db_j = Σ_p δ[p, j0 + j]
  const weightGrad = [
    header,
    'fn weight_grad_tile(g: u32, j0: u32, k0: u32, first: u32, end: u32, lid: u32) {',
    '  let IN4 = args.inW4;',
    '  let OUT4 = args.outW4;',
    ...place,
    ...range(TU).flatMap((j) => range(TU).map((k) => `  var g${j}_${k} = 0.0;`)),
    ...range(TU).map((j) => `  var s${j} = 0.0;`),
    `  for (var p0 = first; p0 < end; p0 += ${u(S)}) {`,
    `    let depth = min(${u(S)}, end - p0);`,
    `    // δ's slab: depth positions × ${GU / 4} vec4s of units j, and a's: depth × ${GU / 4} vec4s of inputs k`,
    `    for (var i = lid; i < depth * ${u(GU / 4)}; i += WG) {`,
    `      let p = p0 + i / ${u(GU / 4)};`,
    `      let at = (i / ${u(GU / 4)}) * ${u(GU)} + 4u * (i % ${u(GU / 4)});`,
    `      let d = deltas[args.gOut + p * OUT4 + j0 / 4u + i % ${u(GU / 4)}];`,
    `      let a = acts[args.aIn + p * IN4 + k0 / 4u + i % ${u(GU / 4)}];`,
    `      ${storeLanes('slabL', 'd', (e) => `at + ${u(e)}`)}`,
    `      ${storeLanes('slabR', 'a', (e) => `at + ${u(e)}`)}`,
    '    }',
    '    workgroupBarrier();',
    '    for (var p = 0u; p < depth; p++) {',
    ...term(`p * ${u(GU)} + ty * ${u(TU)}`, `p * ${u(GU)} + tx * ${u(TU)}`, TU, 'g'),
    `      ${range(TU)
      .map((j) => `s${j} += l${j};`)
      .join(' ')}`,
    '    }',
    '    workgroupBarrier();',
    '  }',
    '  let base = g * wideRun.pp4;',
    `  let j = j0 + ty * ${u(TU)};`,
    `  let k = k0 + tx * ${u(TU)};`,
    ...range(TU).flatMap((jj) =>
      range(V).map(
        (v) =>
          `  partials[base + args.wOff + (j + ${u(jj)}) * IN4 + k / 4u + ${u(v)}] = ${vec('g', jj, v)};`,
      ),
    ),
    '  if (k == 0u) {',
    ...range(V).map(
      (v) =>
        `    partials[base + args.bOff + j / 4u + ${u(v)}] = vec4<f32>(${range(4)
          .map((e) => `s${4 * v + e}`)
          .join(', ')});`,
    ),
    '  }',
    '}',
    '',
  ].join('\n');

  // input gradients: acc_r_k = Σ_j δ[r0 + r, j] · W[j, k0 + k], j in order; then · f'(a)
  const inputGrad = [
    header,
    'fn input_grad_tile(r0: u32, k0: u32, lid: u32) {',
    '  let IN4 = args.inW4;',
    '  let OUT4 = args.outW4;',
    ...place,
    ...range(TR).flatMap((r) => range(TU).map((k) => `  var e${r}_${k} = 0.0;`)),
    `  for (var j0 = 0u; j0 < OUT4 * 4u; j0 += ${u(S)}) {`,
    `    // δ's slab: ${GR} rows × ${S / 4} vec4s of j, and W's: ${S} rows j × ${GU / 4} vec4s of k`,
    `    for (var i = lid; i < ${u((GR * S) / 4)}; i += WG) {`,
    `      let d = deltas[args.gOut + (r0 + i / ${u(S / 4)}) * OUT4 + j0 / 4u + i % ${u(S / 4)}];`,
    `      ${storeLanes('slabL', 'd', (e) => `(4u * (i % ${u(S / 4)}) + ${u(e)}) * ${u(GR)} + i / ${u(S / 4)}`)}`,
    '    }',
    `    for (var i = lid; i < ${u((S * GU) / 4)}; i += WG) {`,
    `      let w = wparams[args.wOff + (j0 + i / ${u(GU / 4)}) * IN4 + k0 / 4u + i % ${u(GU / 4)}];`,
    `      ${storeLanes('slabR', 'w', (e) => `(i / ${u(GU / 4)}) * ${u(GU)} + 4u * (i % ${u(GU / 4)}) + ${u(e)}`)}`,
    '    }',
    '    workgroupBarrier();',
    `    for (var j = 0u; j < ${u(S)}; j++) {`,
    ...term(`j * ${u(GR)} + ty * ${u(TR)}`, `j * ${u(GU)} + tx * ${u(TU)}`, TR, 'e'),
    '    }',
    '    workgroupBarrier();',
    '  }',
    `  let k = k0 + tx * ${u(TU)};`,
    ...range(TR).flatMap((r) =>
      range(V).map((v) => {
        const at = `(r0 + ty * ${u(TR)} + ${u(r)}) * IN4 + k / 4u + ${u(v)}`;
        return `  deltas[args.gIn + ${at}] = ${vec('e', r, v)} * grad4(acts[args.aIn + ${at}], k + ${u(4 * v)});`;
      }),
    ),
    '}',
    '',
  ].join('\n');

  return {
    'generated/wide_grid': grid,
    'generated/wide_forward': forward,
    'generated/wide_weight_grad': weightGrad,
    'generated/wide_input_grad': inputGrad,
  };
}
