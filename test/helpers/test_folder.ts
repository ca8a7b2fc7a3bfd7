import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * A folder of this test's own, under the system's temporary folder, for what it writes (saved
 * models, screenshots): no other test sees it. Removed when the test passes; when it fails it is
 * kept, and its path printed, for a look at what the test saw. Call it inside the test.
 */
export function testFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'webgpu-train-test-'));
  onTestFinished(({ task }) => {
    if (task.result?.state === 'fail')
      console.error(`what the failed test wrote is kept in ${folder}`);
    else rmSync(folder, { recursive: true, force: true });
  });
  return folder;
}
