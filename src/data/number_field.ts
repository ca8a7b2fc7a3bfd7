/** One CSV field read as a feature value: a finite decimal number, or the reason it is not one. */

/** Strict decimal: optional sign, digits with an optional fraction and exponent; no hex, no words. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** A decimal comma, as spreadsheets in many locales write numbers in `;`- or tab-separated files. */
const DECIMAL_COMMA = /^[+-]?\d+,\d+(?:[eE][+-]?\d+)?$/;
/** Spellings of infinity and NaN that other tools write: named as such rather than "not a number". */
const NON_FINITE = /^[+-]?(?:inf|infinity)$/i;
/** What pandas reads as a missing value (its default na_values), plus "?" as UCI's files write it. */
const MISSING = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
  '?',
]);

export type FieldProblem = 'missing' | 'non-finite' | 'not-a-number' | 'too-large';

/** A trimmed field's number, or what is wrong with it; `decimalComma` also reads "1,5" as 1.5. */
export function readNumber(text: string, decimalComma: boolean): number | FieldProblem {
  if (DECIMAL.test(text)) {
    const value = Number(text);
    return Number.isFinite(value) ? value : 'too-large';
  }
  if (decimalComma && DECIMAL_COMMA.test(text)) {
    const value = Number(text.replace(',', '.'));
    return Number.isFinite(value) ? value : 'too-large';
  }
  if (MISSING.has(text)) return 'missing';
  if (NON_FINITE.test(text)) return 'non-finite';
  return 'not-a-number';
}

/** Whether a trimmed field reads as a number (header detection asks this of the first rows). */
export function isNumberText(text: string, decimalComma: boolean): boolean {
  return typeof readNumber(text, decimalComma) === 'number';
}
