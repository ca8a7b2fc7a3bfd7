/**
 * Class labels as a user writes them (0/1, -1/1, yes/no, M/B, setosa/versicolor/virginica, …) and
 * their mapping to class indices. The values are sorted as scikit-learn's LabelEncoder sorts them
 * (numbers by value, text by code point): two become 0 and 1 (no/yes → 0/1, B/M → 0/1, -1/1 →
 * 0/1, or as --positive says), three or more become 0…K−1 in that order.
 */
import { isNumberText } from './number_field.ts';
import { quoteText } from './quote_text.ts';

/** The label values read as 0 and 1, as they are written in the file. */
export interface LabelMapping {
  readonly negative: string;
  readonly positive: string;
}

/** The same class whatever its spelling: "1", "1.0" and "+1" are one value; text is compared as is. */
export function labelKey(text: string): string {
  return isNumberText(text, false) ? `number:${Number(text)}` : `text:${text}`;
}

/** -1 if `a` sorts before `b` (numbers before text, numbers by value, text by code point). */
export function compareLabels(a: string, b: string): number {
  const aNumber = isNumberText(a, false);
  const bNumber = isNumberText(b, false);
  if (aNumber && bNumber) return Number(a) - Number(b);
  if (aNumber !== bNumber) return aNumber ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "B" → 0, "M" → 1 */
export function describeMapping(mapping: LabelMapping): string {
  return `${quoteText(mapping.negative)} → 0, ${quoteText(mapping.positive)} → 1`;
}

/** Whether the mapping reads 0 as 0 and 1 as 1, so there is nothing to report. */
export function isIdentityMapping(mapping: LabelMapping): boolean {
  return labelKey(mapping.negative) === 'number:0' && labelKey(mapping.positive) === 'number:1';
}

/**
 * The mapping for the values a label column holds (in the order first seen), with `positive`
 * read as 1 when given. Returns a sentence saying what is wrong instead when there is none.
 */
export function chooseMapping(
  values: readonly string[],
  positive: string | undefined,
): LabelMapping | string {
  const [first, second] = values;
  if (first === undefined) return 'no label values';
  if (second === undefined) {
    // one class only: keep 0 and 1 as they are, as the tutorial's files have them
    const key = labelKey(first);
    if (positive === undefined && (key === 'number:0' || key === 'number:1')) {
      return key === 'number:0'
        ? { negative: first, positive: '1' }
        : { negative: '0', positive: first };
    }
    return `every row has the label ${quoteText(first)}; training needs two classes`;
  }
  if (positive !== undefined) {
    const key = labelKey(positive.trim());
    if (key === labelKey(first)) return { negative: second, positive: first };
    if (key === labelKey(second)) return { negative: first, positive: second };
    return `--positive ${quoteText(positive)} is not one of the label values, ${quoteText(first)} and ${quoteText(second)}`;
  }
  return compareLabels(first, second) < 0
    ? { negative: first, positive: second }
    : { negative: second, positive: first };
}

/** The class names in index order: the values sorted as LabelEncoder sorts them. */
export function sortClasses(values: readonly string[]): string[] {
  return [...values].sort(compareLabels);
}

/** "setosa" → 0, "versicolor" → 1, "virginica" → 2 (the first few, then how many in all). */
export function describeClasses(classes: readonly string[]): string {
  const shown = classes.slice(0, 6).map((c, i) => `${quoteText(c)} → ${i}`);
  return classes.length > 6
    ? `${shown.join(', ')}, … (${classes.length} classes)`
    : shown.join(', ');
}
