import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** ../shared/fixtures/ beside the repository: present in the workspace, absent in a fresh clone. */
const originals = new URL('../../../shared/fixtures/', import.meta.url);
const copies = new URL('../fixtures/shared/', import.meta.url);

describe('test/fixtures/shared/ copies', () => {
  for (const file of ['sklearn_make_classification.json', 'torch_seed_tutorial.json']) {
    it(`${file} is present`, () => {
      expect(existsSync(new URL(file, copies))).toBe(true);
    });

    it.skipIf(!existsSync(new URL(file, originals)))(
      `${file} is byte-identical to ../shared/fixtures/`,
      () => {
        expect(
          readFileSync(new URL(file, copies)).equals(readFileSync(new URL(file, originals))),
        ).toBe(true);
      },
    );
  }
});
