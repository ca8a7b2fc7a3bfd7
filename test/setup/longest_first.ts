// Orders the test files for a run: Vitest's own order (a tier after another; within one, the
// files that took longest on this checkout's last run first, and where it has no timings, as on a
// fresh clone, the largest files first), with the files that take longest by far moved to the
// front of their tier. On a fresh clone the engine's tests against PyTorch, a small file of 75
// tests, would otherwise start among the last and run on alone after the others have finished.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Each takes two to four times the CPU of the next longest file of its tier (docs/testing.md). */
const LONGEST = [
  'test/e2e/page.test.ts',
  'test/kit/gpu_kit.test.ts',
  'test/engine/vs_torch.test.ts',
];

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const tier = (spec: TestSpecification) => spec.project.name;
    const first = (spec: TestSpecification) =>
      LONGEST.some((path) => spec.moduleId.endsWith(`/${path}`)) ? 0 : 1;
    const order = new Map(sorted.map((spec, i) => [spec, i]));
    // each tier keeps its place (its first file's), the long files go to its front
    const tierAt = new Map<string, number>();
    for (const spec of sorted) if (!tierAt.has(tier(spec))) tierAt.set(tier(spec), tierAt.size);
    return [...sorted].sort(
      (a, b) =>
        (tierAt.get(tier(a)) ?? 0) - (tierAt.get(tier(b)) ?? 0) ||
        first(a) - first(b) ||
        (order.get(a) ?? 0) - (order.get(b) ?? 0),
    );
  }
}
