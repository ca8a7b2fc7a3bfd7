/**
 * `generated/sample`: one sample through the model and back, written out layer by layer with the
 * model's widths and offsets as literals, so every loop has a constant trip count and every
 * per-sample array a constant index once unrolled: compilers keep them in registers. It is the
 * kernels' stage twinned by sampleForwardBackward and addSampleTerms (src/reference/stages.ts):
 * each dot product adds k (or j) in order, then the bias; deltas go back unscaled.
 *
 * Provides, for the importer (which defines feature(row, k), label(row), param(i), and `work` for
 * MODE_PARAM):
 *   sample_loss(row) -> f32                      forward only (evaluation passes)
 *   sample_accumulate(row, record)               forward, back, and the S terms added into record
 *   sample_store(row, at)                        forward, back, then loss, hidden outputs and deltas
 *                                                written to work[at…] for the per-quantity sums
 */
import type { RunDescription } from '../core/run.ts';

const u = (n: number): string => `${n}u`;

/**
 * Models up to this many params are written out statement by statement, every value a scalar:
 * no arrays and no loops, which software adapters (SwiftShader runs each thread's arrays in
 * memory) and GPUs alike run fastest. Larger ones keep their loops, with literal bounds.
 */
export const UNROLL_MAX_PARAMS = 1200;

/** The unrolled form: x0…, h1_0…, d1_0…, each a scalar. */
function unrolledSampleWgsl(run: RunDescription): string {
  const { net } = run;
  const { layers } = net;
  const L = layers.length;
  const value = (l: number, k: number): string => (l === 0 ? `x${k}` : `h${l}_${k}`);
  const forward = (): string[] => {
    const out: string[] = [];
    for (let k = 0; k < net.inputs; k++) out.push(`  let x${k} = feature(row, ${u(k)});`);
    layers.forEach((layer, l) => {
      out.push(`  // layer ${l}: ${layer.inputs} → ${layer.outputs}`);
      for (let j = 0; j < layer.outputs; j++) {
        const w = layer.weightOffset + j * layer.inputs;
        const terms = Array.from(
          { length: layer.inputs },
          (_, k) => `${value(l, k)} * param(${u(w + k)})`,
        );
        // the kernels add k in order, from 0: ((0 + t0) + t1) + …, then the bias
        out.push(`  var a${l}_${j} = 0.0;`);
        for (const term of terms) out.push(`  a${l}_${j} += ${term};`);
        const z = `a${l}_${j} + param(${u(layer.biasOffset + j)})`;
        out.push(l + 1 < L ? `  let h${l + 1}_${j} = activate(ACT, ${z});` : `  let logit = ${z};`);
      }
    });
    out.push('  let lr = loss_and_residual(logit, label(row));');
    return out;
  };
  const backward = (): string[] => {
    const out = [`  let d${L}_0 = lr.y;`];
    for (let l = L - 1; l > 0; l--) {
      const layer = layers[l];
      if (layer === undefined) continue;
      out.push(`  // the deltas of layer ${l - 1}'s outputs, through layer ${l}`);
      for (let k = 0; k < layer.inputs; k++) {
        out.push(`  var b${l}_${k} = 0.0;`);
        for (let j = 0; j < layer.outputs; j++)
          out.push(
            `  b${l}_${k} += d${l + 1}_${j} * param(${u(layer.weightOffset + j * layer.inputs + k)});`,
          );
        out.push(`  let d${l}_${k} = b${l}_${k} * activation_grad(ACT, h${l}_${k});`);
      }
    }
    return out;
  };
  const lines = [
    `// generated from the plan: one sample of ${layers.map((l) => l.inputs).join('-')}-1 ${net.spec.activation}, written out`,
    'fn sample_loss(row: u32) -> f32 {',
    ...forward(),
    '  return lr.x;',
    '}',
    '',
    'fn sample_accumulate(row: u32, record: ptr<function, array<f32, S>>) {',
    ...forward(),
    ...backward(),
    '  (*record)[0] += lr.x;',
  ];
  layers.forEach((layer, l) => {
    for (let j = 0; j < layer.outputs; j++) {
      for (let k = 0; k < layer.inputs; k++)
        lines.push(
          `  (*record)[${u(1 + layer.weightOffset + j * layer.inputs + k)}] += d${l + 1}_${j} * ${value(l, k)};`,
        );
      lines.push(`  (*record)[${u(1 + layer.biasOffset + j)}] += d${l + 1}_${j};`);
    }
  });
  lines.push(
    '}',
    '',
    'fn sample_store(row: u32, at: u32) {',
    ...forward(),
    ...backward(),
    '  work[at] = lr.x;',
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
  return lines.join('\n') + '\n';
}

export function sampleWgsl(run: RunDescription): string {
  if (run.net.P <= UNROLL_MAX_PARAMS) return unrolledSampleWgsl(run);
  return loopedSampleWgsl(run);
}

function loopedSampleWgsl(run: RunDescription): string {
  const { net } = run;
  const { layers } = net;
  const L = layers.length;
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
        out.push(`${indent}var logit = 0.0;`);
        out.push(`${indent}for (var j = 0u; j < 1u; j++) {`);
        out.push(...dot(`logit = acc + param(${u(layer.biasOffset)} + j);`));
        out.push(`${indent}}`);
      }
    });
    out.push(`${indent}let lr = loss_and_residual(logit, label(row));`);
    return out;
  };
  const backward = (indent: string): string[] => {
    const out = [`${indent}var d${L}: array<f32, 1>;`, `${indent}d${L}[0] = lr.y;`];
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
    `// generated from the plan: one sample of ${layers.map((l) => l.inputs).join('-')}-1 ${net.spec.activation}`,
  );
  lines.push('fn sample_loss(row: u32) -> f32 {', ...forward('  '), '  return lr.x;', '}', '');
  lines.push('fn sample_accumulate(row: u32, record: ptr<function, array<f32, S>>) {');
  lines.push(...forward('  '), ...backward('  '));
  lines.push('  (*record)[0] += lr.x;');
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
  lines.push('fn sample_store(row: u32, at: u32) {');
  lines.push(...forward('  '), ...backward('  '));
  lines.push('  work[at] = lr.x;');
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
  return lines.join('\n') + '\n';
}
