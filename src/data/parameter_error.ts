/**
 * A generator or split option that is out of range. `parameter` is scikit-learn's
 * snake_case name for it (`n_samples`, `flip_y`), which the message names with the value.
 */
export class ParameterError extends Error {
  override readonly name = 'ParameterError';
  readonly parameter: string;

  constructor(parameter: string, message: string) {
    super(message);
    this.parameter = parameter;
  }
}

/** A value as a message shows it: numbers as JavaScript prints them, lists in brackets. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}
