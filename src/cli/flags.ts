import { InvalidArgumentError } from 'commander';

/** Strict decimal: digits with an optional fraction and exponent; no hex, no blanks, no words. */
export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseNumber(value: string): number {
  if (!DECIMAL.test(value)) throw new InvalidArgumentError(`"${value}" is not a number.`);
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`"${value}" is out of range.`);
  return n;
}

export function parseInteger(value: string): number {
  const n = parseNumber(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`"${value}" is not an integer.`);
  return n;
}

export function parsePositiveInteger(value: string): number {
  const n = parseInteger(value);
  if (n < 1) throw new InvalidArgumentError(`"${value}" must be at least 1.`);
  return n;
}

export function parseNonNegativeInteger(value: string): number {
  const n = parseInteger(value);
  if (n < 0) throw new InvalidArgumentError(`"${value}" must be 0 or more.`);
  return n;
}

export function parsePositiveNumber(value: string): number {
  const n = parseNumber(value);
  if (!(n > 0)) throw new InvalidArgumentError(`"${value}" must be above 0.`);
  return n;
}

/** A random_state: an integer from 0 to 2**32-1, as numpy's RandomState takes. */
export function parseSeed(value: string): number {
  const n = parseInteger(value);
  if (n < 0 || n > 0xffffffff)
    throw new InvalidArgumentError(`"${value}" must be an integer from 0 to 4294967295.`);
  return n;
}

/** A comma-separated list of numbers: "0.1,-0.2". */
export function parseNumberList(value: string): number[] {
  const parts = value.split(',');
  return parts.map((part, i) => {
    try {
      return parseNumber(part.trim());
    } catch {
      throw new InvalidArgumentError(`item ${i + 1} of "${value}", "${part}", is not a number.`);
    }
  });
}

/**
 * What a parser returns for "none" (scikit-learn's None). Not null itself: commander stores a
 * parser's null as "" (it reads null as "no value given"), so `noneToNull` turns this into null
 * once the flags are parsed.
 */
export const NONE: unique symbol = Symbol('none');

/** The parsed flags with every NONE as null, as the generators take scikit-learn's None. */
export function noneToNull(flags: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(flags).map(([name, value]) => [name, value === NONE ? null : value]),
  );
}

/** A number, or "none" for scikit-learn's None (no noise, a value drawn at random). */
export function parseNumberOrNone(value: string): number | typeof NONE {
  if (value.toLowerCase() === 'none') return NONE;
  return parseNumber(value);
}

/** "none", one number for every feature, or one per feature separated by commas. */
export function parseNumberListOrNone(value: string): number | number[] | typeof NONE {
  if (value.toLowerCase() === 'none') return NONE;
  const list = parseNumberList(value);
  return list.length === 1 ? (list[0] as number) : list;
}

/** One number, or one per item separated by commas. */
export function parseNumberOrList(value: string): number | number[] {
  const list = parseNumberList(value);
  return list.length === 1 ? (list[0] as number) : list;
}
