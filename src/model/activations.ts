import type { Activation } from './spec.ts';

/** f(z) for a hidden layer (the output layer is always the logit, read through the loss). */
export function activate(activation: Activation, z: number): number {
  switch (activation) {
    case 'relu':
      return z > 0 ? z : 0;
    case 'tanh':
      return Math.tanh(z);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-z));
    case 'linear':
      return z;
  }
}

/** f'(z), from z and a = f(z) (PyTorch's autograd uses the same forms: 1 − a², a(1 − a)). */
export function activationGrad(activation: Activation, z: number, a: number): number {
  switch (activation) {
    case 'relu':
      return z > 0 ? 1 : 0;
    case 'tanh':
      return 1 - a * a;
    case 'sigmoid':
      return a * (1 - a);
    case 'linear':
      return 1;
  }
}
