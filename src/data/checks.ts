/**
 * Runtime checks for generator options. Options may come untyped (CLI flags, a web form),
 * so each check takes `unknown` and throws a ParameterError naming the parameter and value.
 */
import { ParameterError, describeValue } from './parameter_error.ts';
import { RANDOM_STATE_BOUND } from './generator_bounds.ts';
import { RandomState } from '../core/random_state.ts';

/** Where a number may lie; a bound left out is unbounded. */
export interface Interval {
  readonly min?: number;
  readonly max?: number;
  readonly minOpen?: boolean;
  readonly maxOpen?: boolean;
}

function describeInterval({ min, max, minOpen = false, maxOpen = false }: Interval): string {
  if (min !== undefined && max !== undefined) {
    return ` in ${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}`;
  }
  if (min !== undefined) return ` ${minOpen ? '>' : '>='} ${min}`;
  if (max !== undefined) return ` ${maxOpen ? '<' : '<='} ${max}`;
  return '';
}

function inInterval(
  value: number,
  { min, max, minOpen = false, maxOpen = false }: Interval,
): boolean {
  if (min !== undefined && (minOpen ? value <= min : value < min)) return false;
  if (max !== undefined && (maxOpen ? value >= max : value > max)) return false;
  return true;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Refuses option names the generator does not know, so a typo does not pass silently. */
export function checkOptionNames(
  generator: string,
  options: object,
  known: readonly string[],
): void {
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) {
      throw new ParameterError(
        name,
        `${generator} has no option ${JSON.stringify(name)} (it takes ${known.join(', ')})`,
      );
    }
  }
}

export function integerOption(
  parameter: string,
  value: unknown,
  min: number,
  max?: number,
): number {
  if (
    typeof value !== 'number' ||
    !Number.isSafeInteger(value) ||
    value < min ||
    (max !== undefined && value > max)
  ) {
    const range = max === undefined ? `>= ${min}` : `from ${min} to ${max}`;
    throw new ParameterError(
      parameter,
      `${parameter} must be an integer ${range}, got ${describeValue(value)}`,
    );
  }
  return value;
}

export function numberOption(parameter: string, value: unknown, interval: Interval = {}): number {
  if (!isFiniteNumber(value) || !inInterval(value, interval)) {
    throw new ParameterError(
      parameter,
      `${parameter} must be a finite number${describeInterval(interval)}, got ${describeValue(value)}`,
    );
  }
  return value;
}

export function booleanOption(parameter: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new ParameterError(
      parameter,
      `${parameter} must be true or false, got ${describeValue(value)}`,
    );
  }
  return value;
}

/** A list of finite numbers within `interval`; `lengths` lists the lengths allowed. */
export function numberListOption(
  parameter: string,
  value: unknown,
  lengths: readonly number[],
  interval: Interval = {},
): number[] {
  const list: unknown[] = Array.isArray(value)
    ? value
    : value instanceof Float64Array
      ? Array.from(value)
      : [];
  const good =
    list.length > 0 &&
    lengths.includes(list.length) &&
    list.every((x) => isFiniteNumber(x) && inInterval(x, interval));
  if (!good) {
    const count = lengths.length === 1 ? `${lengths[0]}` : lengths.join(' or ');
    throw new ParameterError(
      parameter,
      `${parameter} must be a list of ${count} finite numbers${describeInterval(interval)}, got ${describeValue(value)}`,
    );
  }
  return list as number[];
}

/**
 * scikit-learn's check_random_state: a seed (integer 0 … 2**32-1) makes a RandomState,
 * a RandomState is used as it is (and advanced), and none draws a seed at random.
 */
export function randomStateOption(value: unknown): RandomState {
  if (value instanceof RandomState) return value;
  if (value === undefined) return new RandomState(Math.floor(Math.random() * 2 ** 32));
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < RANDOM_STATE_BOUND.interval.min ||
    value > RANDOM_STATE_BOUND.interval.max
  ) {
    throw new ParameterError(
      'random_state',
      `random_state must be an integer from 0 to 2**32 - 1 (4294967295), got ${describeValue(value)}`,
    );
  }
  return new RandomState(value);
}
