import { InvalidArgumentError } from 'commander';
import type { ScheduleChoice } from '../gpu/index.ts';

/** The values of --schedule, for every command that takes it. */
export const SCHEDULE_CHOICES = [
  'auto',
  'persistent',
  'multi-workgroup',
] as const satisfies readonly ScheduleChoice[];

/** Strict decimal: digits with an optional fraction and exponent; no hex, no blanks, no words. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

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

/** A number, or "none" for scikit-learn's None (a value drawn at random). */
export function parseNumberOrNone(value: string): number | null {
  if (value.toLowerCase() === 'none') return null;
  return parseNumber(value);
}

/** "none", one number for every feature, or one per feature separated by commas. */
export function parseNumberListOrNone(value: string): number | number[] | null {
  if (value.toLowerCase() === 'none') return null;
  const list = parseNumberList(value);
  return list.length === 1 ? (list[0] as number) : list;
}

/** One number, or one per item separated by commas. */
export function parseNumberOrList(value: string): number | number[] {
  const list = parseNumberList(value);
  return list.length === 1 ? (list[0] as number) : list;
}
