/**
 * The one model description. A model is a multilayer perceptron: `inputs` raw features, the
 * Playground's extra `features` computed from them, hidden layers of widths H…, and a head
 * (src/core/heads.ts) over K outputs: one logit (binary), K logits (multiclass) or one value
 * (regression). No hidden layer and the binary head is the tutorial's Linear(D,1).
 *
 * Dimension letters, declared once: N samples, D inputs to the first layer (raw + extra features),
 * H a hidden width, K outputs, B a batch, P params, L layers, S = 1 + P reduced quantities (the
 * loss, then every param's gradient).
 *
 * Params, one flat array, layer after layer: W_l (out × in, row-major, as nn.Linear's weight)
 * then b_l (out). Layer l maps widths[l] to widths[l + 1], widths = [D, H₁, …, Hₖ, K].
 */
import { ACTIVATIONS, type Activation } from './activations.ts';
import { FEATURES, type FeatureName } from './features.ts';
import { HEAD, HEADS, MAX_CLASSES, type HeadName } from './heads.ts';

export { ACTIVATIONS, type Activation };

export interface ModelSpec {
  /** features in the data, before the extra ones */
  readonly inputs: number;
  /** TensorFlow Playground's extra inputs (two-feature data only), appended in this order */
  readonly features: readonly FeatureName[];
  /** hidden widths; [] is the tutorial's single neuron */
  readonly hidden: readonly number[];
  readonly activation: Activation;
  /** what the outputs mean and which loss trains them */
  readonly head: HeadName;
  /** K: the outputs, the classes' logits for multiclass, else 1 */
  readonly outputs: number;
}

/** The tutorial's head, a binary classifier's one logit. */
export const BINARY_HEAD = { head: 'binary', outputs: 1 } as const satisfies Pick<
  ModelSpec,
  'head' | 'outputs'
>;

export const MAX_HIDDEN_LAYERS = 6;
/** The widest hidden layer (the wide schedule's; a device's limits may refuse less, before allocating). */
export const MAX_WIDTH = 4096;
/** The most inputs to the first layer. */
export const MAX_INPUTS = 65_536;

export interface LayerShape {
  readonly inputs: number;
  readonly outputs: number;
  /** where W starts in the flat params; b follows it */
  readonly weightOffset: number;
  readonly biasOffset: number;
}

/** D: the first layer's inputs, the raw features plus the extra ones. */
export function inputWidth(spec: ModelSpec): number {
  return spec.inputs + spec.features.length;
}

/** Widths from input to output: [D, H₁, …, Hₖ, K]. */
export function widths(spec: ModelSpec): number[] {
  return [inputWidth(spec), ...spec.hidden, spec.outputs];
}

/** Each layer's shape and where its params sit. */
export function layerShapes(spec: ModelSpec): LayerShape[] {
  const w = widths(spec);
  const shapes: LayerShape[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < w.length; l++) {
    const inputs = w[l] as number;
    const outputs = w[l + 1] as number;
    shapes.push({ inputs, outputs, weightOffset: offset, biasOffset: offset + inputs * outputs });
    offset += inputs * outputs + outputs;
  }
  return shapes;
}

/** P: the number of params. */
export function paramCount(spec: ModelSpec): number {
  const last = layerShapes(spec).at(-1);
  return last === undefined ? 0 : last.biasOffset + last.outputs;
}

/**
 * "2-8-8-1 tanh", or "2-1, no hidden layer" for the tutorial's shape; other heads are named:
 * "4-16-3 tanh, softmax over 3 classes, cross-entropy".
 */
export function describeSpec(spec: ModelSpec): string {
  const shape = widths(spec).join('-');
  const body =
    spec.hidden.length === 0 ? `${shape}, no hidden layer` : `${shape} ${spec.activation}`;
  return spec.head === 'binary' ? body : `${body}, ${HEAD[spec.head].describe(spec.outputs)}`;
}

/** A model outside what the engine takes, named with what is wrong. */
export class ModelSpecError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(`${parameter}: ${message}`);
    this.name = 'ModelSpecError';
  }
}

/** Checks a spec, naming the field that is wrong; returns it. */
export function checkSpec(spec: ModelSpec): ModelSpec {
  if (!Number.isInteger(spec.inputs) || spec.inputs < 1 || spec.inputs > MAX_INPUTS)
    throw new ModelSpecError(
      'inputs',
      `must be a whole number from 1 to ${MAX_INPUTS}, got ${spec.inputs}`,
    );
  for (const f of spec.features) {
    if (!FEATURES.includes(f))
      throw new ModelSpecError(
        'features',
        `must be some of ${FEATURES.join(', ')}, got ${JSON.stringify(f)}`,
      );
  }
  if (spec.features.length > 0 && spec.inputs !== 2)
    throw new ModelSpecError(
      'features',
      `extra features need two input features (x, y), the data has ${spec.inputs}`,
    );
  if (spec.hidden.length > MAX_HIDDEN_LAYERS)
    throw new ModelSpecError(
      'hidden',
      `at most ${MAX_HIDDEN_LAYERS} hidden layers, got ${spec.hidden.length}`,
    );
  for (const [i, width] of spec.hidden.entries()) {
    if (!Number.isInteger(width) || width < 1 || width > MAX_WIDTH) {
      throw new ModelSpecError(
        'hidden',
        `layer ${i + 1} has width ${width}; widths are whole numbers from 1 to ${MAX_WIDTH}`,
      );
    }
  }
  if (!ACTIVATIONS.includes(spec.activation)) {
    throw new ModelSpecError(
      'activation',
      `must be one of ${ACTIVATIONS.join(', ')}, got ${JSON.stringify(spec.activation)}`,
    );
  }
  if (!HEADS.includes(spec.head))
    throw new ModelSpecError(
      'head',
      `must be one of ${HEADS.join(', ')}, got ${JSON.stringify(spec.head)}`,
    );
  const K = spec.outputs;
  if (spec.head === 'multiclass') {
    if (!Number.isInteger(K) || K < 2 || K > MAX_CLASSES)
      throw new ModelSpecError(
        'outputs',
        `a multiclass head takes 2 to ${MAX_CLASSES} classes, got ${K}`,
      );
  } else if (K !== 1) {
    throw new ModelSpecError('outputs', `the ${spec.head} head has one output, got ${K}`);
  }
  return spec;
}
