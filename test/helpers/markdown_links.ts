import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import GithubSlugger from 'github-slugger';

/** One relative link in a Markdown file, and why it does not resolve (null when it does). */
export interface LinkCheck {
  readonly file: string;
  readonly line: number;
  readonly target: string;
  readonly problem: string | null;
}

/** The lines outside fenced code blocks and inline code (which may wrap), each kept in place. */
function proseLines(markdown: string): string[] {
  let fence: string | null = null;
  const outsideFences = markdown.split('\n').map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined && (fence === null || marker.startsWith(fence))) {
      fence = fence === null ? marker : null;
      return '';
    }
    return fence === null ? line : '';
  });
  return outsideFences
    .join('\n')
    .replace(/(`+)[\s\S]*?\1/g, (span) => span.replace(/[^\n]/g, ''))
    .split('\n');
}

/** A heading's text as GitHub renders it, before it makes the anchor: no link syntax, no code marks. */
function headingText(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|__|\*)(\S[\s\S]*?)\1/g, '$2')
    .trim();
}

/** Every anchor a Markdown file's headings make, as GitHub makes them (github-slugger: -1, -2 … for repeats). */
export function headingAnchors(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined && (fence === null || marker.startsWith(fence))) {
      fence = fence === null ? marker : null;
      continue;
    }
    const heading = fence === null ? /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1] : undefined;
    if (heading !== undefined) anchors.add(slugger.slug(headingText(heading)));
  }
  return anchors;
}

/** Inline links and images `[text](target "title")` and reference definitions `[id]: target`. */
function linkTargets(markdown: string): { line: number; target: string }[] {
  const out: { line: number; target: string }[] = [];
  proseLines(markdown).forEach((text, index) => {
    for (const m of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
      out.push({ line: index + 1, target: m[1] ?? '' });
    const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(text);
    if (definition?.[1] !== undefined) out.push({ line: index + 1, target: definition[1] });
  });
  return out;
}

const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i; // https:, mailto:, …

/**
 * Every relative link in the files, each resolved against its own file's folder: the file (or
 * folder) must exist, and a `#anchor` must be a heading of the Markdown file it points into.
 */
export function checkLinks(files: readonly string[], root: string): LinkCheck[] {
  const anchorsOf = new Map<string, Set<string>>();
  const anchors = (path: string): Set<string> => {
    let found = anchorsOf.get(path);
    if (found === undefined) {
      found = headingAnchors(readFileSync(path, 'utf8'));
      anchorsOf.set(path, found);
    }
    return found;
  };
  const checks: LinkCheck[] = [];
  for (const file of files) {
    const name = relative(root, file);
    for (const { line, target } of linkTargets(readFileSync(file, 'utf8'))) {
      if (EXTERNAL.test(target)) continue;
      const [pathPart = '', anchor] = target.split('#', 2);
      const path = pathPart === '' ? file : resolve(dirname(file), decodeURIComponent(pathPart));
      let problem: string | null = null;
      if (!existsSync(path)) problem = `${relative(root, path)} does not exist`;
      else if (anchor !== undefined && anchor !== '') {
        if (!path.endsWith('.md')) problem = `#${anchor} points into ${relative(root, path)}`;
        else if (!anchors(path).has(decodeURIComponent(anchor).toLowerCase()))
          problem = `${relative(root, path)} has no heading #${anchor}`;
      }
      checks.push({ file: name, line, target, problem });
    }
  }
  return checks;
}
