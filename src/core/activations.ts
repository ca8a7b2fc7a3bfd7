/**
 * The hidden layers' activations, each listed once with its CPU forms, f(z) and f'(z) from the
 * output a = f(z), in either precision. Their WGSL twins are shaders/common/activations.wgsl
 * (its ACT_ codes come from this list through src/gpu/layout.ts), their PyTorch modules
 * TORCH_ACTIVATIONS in src/model/serialize.ts.
 */
import type { Arithmetic } from './arithmetic.ts';

export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** f(z) for a hidden layer, as shaders/common/activations.wgsl computes it. */
export function activate(activation: Activation, z: number, a: Arithmetic): number {
  switch (activation) {
    case 'relu':
      return z > 0 ? z : 0;
    case 'tanh':
      return a.tanh(z);
    case 'sigmoid': {
      const e = a.exp(-Math.abs(z));
      const onePlusE = a.round(1 + e);
      return z >= 0 ? a.round(1 / onePlusE) : a.round(e / onePlusE);
    }
    case 'linear':
      return z;
  }
}

/** f'(z) from the output a = f(z) (relu: a > 0 exactly when z > 0), in autograd's forms 1 − a², a(1 − a). */
export function activationGrad(activation: Activation, out: number, a: Arithmetic): number {
  switch (activation) {
    case 'relu':
      return out > 0 ? 1 : 0;
    case 'tanh':
      return a.round(1 - a.round(out * out));
    case 'sigmoid':
      return a.round(out * a.round(1 - out));
    case 'linear':
      return 1;
  }
}
