/**
 * Settings that are likely to diverge or stall, said before the run as TensorFlow Playground users
 * would want: Adam at the tutorial's learning rate, very large steps for gradient descent, and raw
 * features whose scales differ wildly (the data's own scale warning says when).
 */
import type { PageState } from './fields.ts';

/** Adam's step is about lr whatever the gradient: past this it overshoots small problems. */
const ADAM_LR_HINT = 0.05;
/** Plain gradient descent on BCE diverges long before this on unscaled data. */
const SGD_LR_HINT = 10;
/** What the settings are likely to do badly, in a sentence each; none when all looks sound. */
export function settingHints(
  state: Pick<PageState, 'optimizer' | 'lr'>,
  /** the data's scale warning (src/data/scale_warning.ts), or null */
  scaleWarning: string | null,
): string[] {
  const hints: string[] = [];
  if ((state.optimizer === 'adam' || state.optimizer === 'adamw') && state.lr >= ADAM_LR_HINT)
    hints.push(
      `Adam at lr ${state.lr} takes steps of about ${state.lr} in every weight whatever the gradient, and tends to overshoot and stall: TensorFlow Playground uses 0.03, PyTorch's default is 0.001.`,
    );
  if (state.optimizer !== 'adam' && state.optimizer !== 'adamw' && state.lr >= SGD_LR_HINT)
    hints.push(`lr ${state.lr} is a very large step for gradient descent: the loss may diverge.`);
  if (scaleWarning !== null) hints.push(`The raw features: ${scaleWarning}.`);
  return hints;
}
