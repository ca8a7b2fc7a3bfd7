import { mkdtempSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLinks, headingAnchors } from '../helpers/markdown_links.ts';

// Every relative link in the README and docs/*.md goes to a file that is there, and every #anchor
// to a heading that is there. Plain file reads: no browser, no child process.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOCS = join(ROOT, 'docs');
const pages = [
  join(ROOT, 'README.md'),
  join(ROOT, 'CHANGELOG.md'),
  ...readdirSync(DOCS)
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(DOCS, name)),
];

describe('the links in README.md and docs/', () => {
  const checks = checkLinks(pages, ROOT);

  it('finds links to check in the README and in every page of docs/', () => {
    for (const page of ['README.md', 'docs/cli.md', 'docs/engine.md'])
      expect(checks.some((c) => c.file === page)).toBe(true);
    // anchors are checked, not only files
    expect(checks.some((c) => c.target.includes('#'))).toBe(true);
  });

  it('every relative link resolves, anchors included', () => {
    const broken = checks
      .filter((c) => c.problem !== null)
      .map((c) => `${c.file}:${c.line}: (${c.target}) ${c.problem}`);
    expect(broken).toEqual([]);
  });
});

describe('the link checker', () => {
  it('reads the anchors off the headings, outside code fences, with a suffix for repeats', () => {
    const page = [
      '# Taking a run to PyTorch: `export --pytorch`',
      '## [Links](x.md) and **bold**',
      '## Same',
      '```sh',
      '# a comment, not a heading',
      '```',
      '## Same',
    ].join('\n');
    expect([...headingAnchors(page)]).toEqual([
      'taking-a-run-to-pytorch-export---pytorch',
      'links-and-bold',
      'same',
      'same-1',
    ]);
  });

  it('reports a missing file, a missing heading and an anchor into a non-Markdown file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'webgpu-train-links-'));
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'page.md'), '# Page\n\n## Two words\n');
    writeFileSync(join(dir, 'docs', 'picture.png'), '');
    const readme = join(dir, 'README.md');
    writeFileSync(
      readme,
      [
        '# Title',
        '',
        'Good: [page](docs/page.md), [section](docs/page.md#two-words), [here](#title),',
        '![picture](docs/picture.png "a title"), [out](https://example.com/nowhere.md).',
        'Broken: [gone](docs/gone.md), [no heading](docs/page.md#three-words),',
        '[into a picture](docs/picture.png#top), [here](#nothing).',
        '',
        '```md',
        '[inside a fence](docs/fenced.md) is code, not a link',
        '```',
        '',
        'Nor is `[inline](docs/inline.md)` code.',
        '',
        '[ref]: docs/missing-ref.md',
      ].join('\n'),
    );
    const problems = checkLinks([readme], dir)
      .filter((c) => c.problem !== null)
      .map((c) => `${c.line}: ${c.target}: ${c.problem}`);
    expect(problems).toEqual([
      '5: docs/gone.md: docs/gone.md does not exist',
      '5: docs/page.md#three-words: docs/page.md has no heading #three-words',
      '6: docs/picture.png#top: #top points into docs/picture.png',
      '6: #nothing: README.md has no heading #nothing',
      '14: docs/missing-ref.md: docs/missing-ref.md does not exist',
    ]);
  });
});
