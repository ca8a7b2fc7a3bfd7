/**
 * A user's text as it may appear in a message: in double quotes, cut to a few dozen characters,
 * with control, invisible and direction-changing characters written as escapes, so that no raw
 * bytes reach a terminal or a page and a BOM or a stray carriage return shows for what it is.
 */
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/gu;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const MAX_CHARACTERS = 40;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeOf = (c: string): string =>
  SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** @example quoteText('\ufeffid') // '"\\ufeffid"' */
export function quoteText(text: string, max = MAX_CHARACTERS): string {
  const characters = Array.from(text);
  const cut = characters.length > max ? characters.slice(0, max).join('') + '…' : text;
  const escaped = cut
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(UNPRINTABLE, escapeOf)
    .replace(LONE_SURROGATE, escapeOf);
  return `"${escaped}"`;
}
