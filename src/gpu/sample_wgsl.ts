/**
 * `generated/sample`: one sample through the model and back, written out layer by layer with the
 * model's widths and offsets as literals, so every loop has a constant trip count and every
 * per-sample array a constant index once unrolled: compilers keep them in registers. It is the
 * kernels' stage twinned by sampleForwardBackward and addSampleTerms (src/reference/stages.ts):
 * each dot product adds k (or j) in order, then the bias; the head's loss and residual come from
 * its WGSL (shaders/heads/, one per head in src/core/heads.ts); deltas go back unscaled.
 *
 * Provides, for the importer (which defines feature(row, k), label(row), param(i), row_of, WG,
 * `lanes`, and `work` for MODE_PARAM):
 *   sum_losses(t, first, count) -> f32 thread t's sum of the losses of rows first+t, first+t+WG, …
 *                                      (evaluation passes), forward only
 *   accumulate_positions(t, epoch, k, first, end)
 *                                      MODE_RECORD: thread t's sums of the S quantities over
 *                                      positions first+t, first+t+WG, … < end, into lanes[t·S + q]
 *   sample_store(row, at)              MODE_PARAM: forward, back, then the loss, the hidden outputs
 *                                      and the deltas written to work[at…]
 */
import { HEAD } from '../core/heads.ts';
import type { RunDescription } from '../core/run.ts';
import { widths } from '../core/spec.ts';
import { MODE } from './layout.ts';
import type { SumMode } from './model_wgsl.ts';

const u = (n: number): string => `${n}u`;

/**
 * Models up to this many params may be written out statement by statement, every value a scalar:
 * no arrays and no loops, which run fastest (SwiftShader keeps each thread's arrays in memory:
 * the Playground MLP's looped samples run about half as fast as its written-out ones). But
 * written-out code compiles in time that grows with its length (about 6 ms a param for that MLP's
 * fused kernel on SwiftShader, against 0.5 ms looped), so the planner writes a model out only
 * where its cost model says the faster steps pay for the compile (src/gpu/plan.ts). Larger
 * models always keep their loops, with literal bounds (6 to 20 s a kernel for 2-16-16-1
 * written out, on this project's 2-core machine).
 */
export const UNROLL_MAX_PARAMS = 128;

/**
 * Models up to this many params take two batch positions a pass of the summing loop: a fifth less
 * time a sample for the tutorial on a software adapter (its JIT pays for each pass of a loop),
 * at twice the loop's code, which small models compile in no time.
 */
export const TWO_A_PASS_MAX_PARAMS = 16;

/** The unrolled form: x0…, h1_0…, d1_0…, each a scalar. */
function unrolledSampleWgsl(run: RunDescription, mode: SumMode): SampleModules {
  const { net } = run;
  const { layers } = net;
  const L = layers.length;
  const vector = HEAD[net.spec.head].wgsl.form === 'vector';
  const value = (l: number, k: number): string => (l === 0 ? `x${k}` : `h${l}_${k}`);
  // inside the batch loops the params are read once, before the loop, into c0…c(P−1)
  let hoisted = false;
  const param = (i: number): string => (hoisted ? `c${i}` : `param(${u(i)})`);
  const loadParams = (): string[] =>
    Array.from({ length: net.P }, (_, i) => `  let c${i} = param(${u(i)});`);
  const forward = (): string[] => {
    const out: string[] = [];
    for (let k = 0; k < net.inputs; k++) out.push(`  let x${k} = feature(row, ${u(k)});`);
    layers.forEach((layer, l) => {
      out.push(`  // layer ${l}: ${layer.inputs} → ${layer.outputs}`);
      for (let j = 0; j < layer.outputs; j++) {
        const w = layer.weightOffset + j * layer.inputs;
        const terms = Array.from(
          { length: layer.inputs },
          (_, k) => `${value(l, k)} * ${param(w + k)}`,
        );
        // the kernels add k in order, from 0: ((0 + t0) + t1) + …, then the bias
        out.push(`  var a${l}_${j} = 0.0;`);
        for (const term of terms) out.push(`  a${l}_${j} += ${term};`);
        const z = `a${l}_${j} + ${param(layer.biasOffset + j)}`;
        out.push(l + 1 < L ? `  let h${l + 1}_${j} = activate(ACT, ${z});` : `  let z${j} = ${z};`);
      }
    });
    if (vector) {
      // the head takes the K logits in an array and leaves their residuals there
      const zs = Array.from({ length: net.spec.outputs }, (_, j) => `z${j}`).join(', ');
      out.push(`  var zs = array<f32, OUT>(${zs});`);
      out.push('  let loss = head_loss_residual(&zs, label(row));');
    } else {
      out.push('  let lr = head_loss_residual(z0, label(row));');
      out.push('  let loss = lr.x;');
    }
    return out;
  };
  const backward = (): string[] => {
    const out = vector
      ? Array.from({ length: net.spec.outputs }, (_, j) => `  let d${L}_${j} = zs[${u(j)}];`)
      : [`  let d${L}_0 = lr.y;`];
    for (let l = L - 1; l > 0; l--) {
      const layer = layers[l];
      if (layer === undefined) continue;
      out.push(`  // the deltas of layer ${l - 1}'s outputs, through layer ${l}`);
      for (let k = 0; k < layer.inputs; k++) {
        out.push(`  var b${l}_${k} = 0.0;`);
        for (let j = 0; j < layer.outputs; j++)
          out.push(
            `  b${l}_${k} += d${l + 1}_${j} * ${param(layer.weightOffset + j * layer.inputs + k)};`,
          );
        out.push(`  let d${l}_${k} = b${l}_${k} * activation_grad(ACT, h${l}_${k});`);
      }
    }
    return out;
  };
  const lines = [
    `// generated from the plan: one sample of ${widths(net.spec).join('-')} ${net.spec.activation}, ${net.spec.head} head, written out`,
    `//! import "${HEAD[net.spec.head].wgsl.file}"`,
  ];
  hoisted = true;
  // the losses of rows first+t, first+t+WG, … < first+count, summed in order (evaluation passes)
  lines.push(
    'fn sum_losses(t: u32, first: u32, count: u32) -> f32 {',
    ...loadParams(),
    '  var sum = 0.0;',
    '  for (var p = t; p < count; p += WG) {',
    '    let row = first + p;',
    ...forward().map((line) => `  ${line}`),
    '    sum += loss;',
    '  }',
    '  return sum;',
    '}',
    '',
  );
  const stepFrom = lines.length;
  const quantities = Array.from({ length: net.S }, (_, q) => q);
  if (mode === MODE.RECORD) {
    // the thread's S sums live in scalars r0…r(S−1) across its positions
    const position = (at: string): string[] => {
      const out = [
        `    let row = row_of(epoch, k, ${at});`,
        ...forward().map((line) => `  ${line}`),
        ...backward().map((line) => `  ${line}`),
        '    r0 += loss;',
      ];
      layers.forEach((layer, l) => {
        for (let j = 0; j < layer.outputs; j++) {
          for (let k = 0; k < layer.inputs; k++)
            out.push(
              `    r${1 + layer.weightOffset + j * layer.inputs + k} += d${l + 1}_${j} * ${value(l, k)};`,
            );
          out.push(`    r${1 + layer.biasOffset + j} += d${l + 1}_${j};`);
        }
      });
      return out;
    };
    lines.push(
      'fn accumulate_positions(t: u32, epoch: u32, k: u32, first: u32, end: u32) {',
      ...loadParams(),
      ...quantities.map((q) => `  var r${q} = 0.0;`),
      '  var p = first + t;',
    );
    if (net.P <= TWO_A_PASS_MAX_PARAMS) {
      // two positions a pass, each in a block of its own, in the same order: p, then p + WG
      lines.push(
        '  for (; p + WG < end; p += 2u * WG) {',
        '   {',
        ...position('p'),
        '   }',
        '   {',
        ...position('p + WG'),
        '   }',
        '  }',
        '  if (p < end) {',
        ...position('p'),
        '  }',
      );
    } else lines.push('  for (; p < end; p += WG) {', ...position('p'), '  }');
    lines.push(...quantities.map((q) => `  lanes[t * S + ${u(q)}] = r${q};`), '}', '');
  } else lines.push(UNUSED_ACCUMULATE);
  if (mode !== MODE.PARAM) {
    lines.push(UNUSED_STORE);
    return modules(lines, stepFrom);
  }
  hoisted = false;
  lines.push(
    'fn sample_store(row: u32, at: u32) {',
    ...forward(),
    ...backward(),
    '  work[at] = loss;',
  );
  layers.forEach((layer, l) => {
    if (l + 1 >= L) return;
    for (let j = 0; j < layer.outputs; j++)
      lines.push(`  work[at + ${u(1 + (net.actOffset[l] ?? 0) + j)}] = h${l + 1}_${j};`);
  });
  layers.forEach((layer, l) => {
    const offset = 1 + Math.max(1, net.actFloats) + (net.deltaOffset[l] ?? 0);
    for (let j = 0; j < layer.outputs; j++)
      lines.push(`  work[at + ${u(offset + j)}] = d${l + 1}_${j};`);
  });
  lines.push('}');
  return modules(lines, stepFrom);
}

/**
 * The kernels call accumulate_positions in MODE_RECORD and sample_store in MODE_PARAM, each behind a
 * constant branch; the other mode's function is left empty, which keeps compiles short.
 */
const UNUSED_ACCUMULATE =
  '// MODE_PARAM: never called (its call site sits in the MODE_RECORD branch)\nfn accumulate_positions(t: u32, epoch: u32, k: u32, first: u32, end: u32) {}\n';
const UNUSED_STORE =
  '// MODE_RECORD: never called (its call site sits in the MODE_PARAM branch)\nfn sample_store(row: u32, at: u32) {}\n';

/** The two generated modules: what evaluation needs, and what a training step adds. */
export interface SampleModules {
  /** `generated/sample`: sum_losses (and, looped, sample_loss) */
  readonly 'generated/sample': string;
  /** `generated/step`: accumulate_positions (MODE_RECORD) or sample_store (MODE_PARAM) */
  readonly 'generated/step': string;
}

function modules(lines: readonly string[], stepFrom: number): SampleModules {
  return {
    'generated/sample': lines.slice(0, stepFrom).join('\n') + '\n',
    'generated/step':
      '// needs generated/sample and common/batch.wgsl (row_of)\n//! import "generated/sample"\n//! import "common/batch.wgsl"\n' +
      lines.slice(stepFrom).join('\n') +
      '\n',
  };
}

/** The per-sample code, written out (`unrolled`, for at most UNROLL_MAX_PARAMS params) or in loops. */
export function sampleWgsl(run: RunDescription, mode: SumMode, unrolled: boolean): SampleModules {
  if (unrolled && run.net.P <= UNROLL_MAX_PARAMS) return unrolledSampleWgsl(run, mode);
  return loopedSampleWgsl(run, mode);
}

function loopedSampleWgsl(run: RunDescription, mode: SumMode): SampleModules {
  const { net } = run;
  const { layers } = net;
  const L = layers.length;
  const vector = HEAD[net.spec.head].wgsl.form === 'vector';
  const input = (l: number): string => (l === 0 ? 'x' : `h${l}`);
  const lines: string[] = [];
  const forward = (indent: string): string[] => {
    const out = [
      `${indent}var x: array<f32, ${net.inputs}>;`,
      `${indent}for (var k = 0u; k < ${u(net.inputs)}; k++) { x[k] = feature(row, k); }`,
    ];
    layers.forEach((layer, l) => {
      const dot = (target: string): string[] => [
        `${indent}  var acc = 0.0;`,
        `${indent}  for (var k = 0u; k < ${u(layer.inputs)}; k++) { acc += ${input(l)}[k] * param(${u(layer.weightOffset)} + j * ${u(layer.inputs)} + k); }`,
        `${indent}  ${target}`,
      ];
      out.push(`${indent}// layer ${l}: ${layer.inputs} → ${layer.outputs}`);
      if (l + 1 < L) {
        out.push(`${indent}var h${l + 1}: array<f32, ${layer.outputs}>;`);
        out.push(`${indent}for (var j = 0u; j < ${u(layer.outputs)}; j++) {`);
        out.push(...dot(`h${l + 1}[j] = activate(ACT, acc + param(${u(layer.biasOffset)} + j));`));
        out.push(`${indent}}`);
      } else {
        out.push(`${indent}var zs: array<f32, OUT>;`);
        out.push(`${indent}for (var j = 0u; j < OUT; j++) {`);
        out.push(...dot(`zs[j] = acc + param(${u(layer.biasOffset)} + j);`));
        out.push(`${indent}}`);
      }
    });
    if (vector) {
      out.push(`${indent}let loss = head_loss_residual(&zs, label(row));`);
    } else {
      out.push(`${indent}let lr = head_loss_residual(zs[0], label(row));`);
      out.push(`${indent}let loss = lr.x;`);
    }
    return out;
  };
  const backward = (indent: string): string[] => {
    // the output layer's deltas: the head's residuals
    const out = vector
      ? [`${indent}let d${L} = zs;`]
      : [`${indent}var d${L}: array<f32, 1>;`, `${indent}d${L}[0] = lr.y;`];
    for (let l = L - 1; l > 0; l--) {
      const layer = layers[l];
      if (layer === undefined) continue;
      out.push(`${indent}// the deltas of layer ${l - 1}'s outputs, through layer ${l}`);
      out.push(`${indent}var d${l}: array<f32, ${layer.inputs}>;`);
      out.push(`${indent}for (var k = 0u; k < ${u(layer.inputs)}; k++) {`);
      out.push(`${indent}  var acc = 0.0;`);
      out.push(
        `${indent}  for (var j = 0u; j < ${u(layer.outputs)}; j++) { acc += d${l + 1}[j] * param(${u(layer.weightOffset)} + j * ${u(layer.inputs)} + k); }`,
      );
      out.push(`${indent}  d${l}[k] = acc * activation_grad(ACT, h${l}[k]);`);
      out.push(`${indent}}`);
    }
    return out;
  };
  lines.push(
    `// generated from the plan: one sample of ${widths(net.spec).join('-')} ${net.spec.activation}, ${net.spec.head} head`,
    `//! import "${HEAD[net.spec.head].wgsl.file}"`,
  );
  lines.push('fn sample_loss(row: u32) -> f32 {', ...forward('  '), '  return loss;', '}', '');
  lines.push(
    'fn sum_losses(t: u32, first: u32, count: u32) -> f32 {',
    '  var sum = 0.0;',
    '  for (var p = t; p < count; p += WG) { sum += sample_loss(first + p); }',
    '  return sum;',
    '}',
    '',
  );
  const stepFrom = lines.length;
  if (mode !== MODE.RECORD) lines.push(UNUSED_ACCUMULATE);
  else {
    lines.push('fn sample_accumulate(row: u32, record: ptr<function, array<f32, S>>) {');
    lines.push(...forward('  '), ...backward('  '));
    lines.push('  (*record)[0] += loss;');
    layers.forEach((layer, l) => {
      lines.push(`  for (var j = 0u; j < ${u(layer.outputs)}; j++) {`);
      lines.push(`    let d = d${l + 1}[j];`);
      lines.push(
        `    for (var k = 0u; k < ${u(layer.inputs)}; k++) { (*record)[${u(1 + layer.weightOffset)} + j * ${u(layer.inputs)} + k] += d * ${input(l)}[k]; }`,
      );
      lines.push(`    (*record)[${u(1 + layer.biasOffset)} + j] += d;`);
      lines.push('  }');
    });
    lines.push('}', '');
    lines.push(
      'fn accumulate_positions(t: u32, epoch: u32, k: u32, first: u32, end: u32) {',
      '  var record = array<f32, S>();',
      '  for (var p = first + t; p < end; p += WG) { sample_accumulate(row_of(epoch, k, p), &record); }',
      '  for (var q = 0u; q < S; q++) { lanes[t * S + q] = record[q]; }',
      '}',
      '',
    );
  }
  if (mode !== MODE.PARAM) {
    lines.push(UNUSED_STORE);
    return modules(lines, stepFrom);
  }
  lines.push('fn sample_store(row: u32, at: u32) {');
  lines.push(...forward('  '), ...backward('  '));
  lines.push('  work[at] = loss;');
  layers.forEach((layer, l) => {
    if (l + 1 < L) {
      const offset = 1 + (net.actOffset[l] ?? 0);
      lines.push(
        `  for (var j = 0u; j < ${u(layer.outputs)}; j++) { work[at + ${u(offset)} + j] = h${l + 1}[j]; }`,
      );
    }
  });
  layers.forEach((layer, l) => {
    const offset = 1 + Math.max(1, net.actFloats) + (net.deltaOffset[l] ?? 0);
    lines.push(
      `  for (var j = 0u; j < ${u(layer.outputs)}; j++) { work[at + ${u(offset)} + j] = d${l + 1}[j]; }`,
    );
  });
  lines.push('}');
  return modules(lines, stepFrom);
}
