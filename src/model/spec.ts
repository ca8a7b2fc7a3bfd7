/**
 * A multilayer perceptron for binary classification: D inputs, hidden layers of widths H…, one
 * output logit. Dimension letters: N samples, D inputs, H a hidden width, B a batch, P params.
 *
 * Params, one flat f32 array, layer after layer: W_l (out × in, row-major, as nn.Linear's weight)
 * then b_l (out). Layer l maps width[l] to width[l + 1], widths = [D, H₁, …, Hₖ, 1].
 */
export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'linear';
export const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'sigmoid', 'linear'];

export interface ModelSpec {
  readonly inputs: number;
  /** 0 to 6 hidden layers of width 1 to 64; none is the tutorial's Linear(D,1) */
  readonly hidden: readonly number[];
  readonly activation: Activation;
}

export const MAX_HIDDEN_LAYERS = 6;
export const MAX_WIDTH = 64;

export interface LayerShape {
  readonly inputs: number;
  readonly outputs: number;
  /** where W starts in the flat params; b follows it */
  readonly weightOffset: number;
  readonly biasOffset: number;
}

/** Widths from input to output: [D, H₁, …, Hₖ, 1]. */
export function widths(spec: ModelSpec): number[] {
  return [spec.inputs, ...spec.hidden, 1];
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
export function paramCountOf(spec: ModelSpec): number {
  const shapes = layerShapes(spec);
  const last = shapes.at(-1);
  return last === undefined ? 0 : last.biasOffset + last.outputs;
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

export function checkSpec(spec: ModelSpec): ModelSpec {
  if (!Number.isInteger(spec.inputs) || spec.inputs < 1)
    throw new ModelSpecError('inputs', `must be a whole number ≥ 1, got ${spec.inputs}`);
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
  return spec;
}
