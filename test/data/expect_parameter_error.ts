import { expect } from 'vitest';
import { ParameterError } from '../../src/data/index.ts';

/** Asserts that `fn` throws a ParameterError for `parameter` whose message is `message` (or matches it). */
export function expectParameterError(
  fn: () => unknown,
  parameter: string,
  message: string | RegExp,
): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'a ParameterError').toBeInstanceOf(ParameterError);
  const error = thrown as ParameterError;
  expect(error.parameter).toBe(parameter);
  if (typeof message === 'string') expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
}
