/** Reading the scikit-learn fixtures and turning their parameters into src/data options. */
import { readFixture } from '../helpers/fixtures.ts';

export interface GeneratorCase {
  /** what the case exercises, where the fixture says */
  what?: string;
  params: Record<string, unknown>;
  X: number[][];
  y: number[];
}

/** A generator fixture made by tools/make_sklearn_fixtures.py (test/fixtures/sklearn/). */
export function sklearnCases(file: string): GeneratorCase[] {
  return readFixture<{ cases: GeneratorCase[] }>(`sklearn/${file}`).cases;
}

/** One of the shared fixtures, read from its copy in test/fixtures/shared/. */
export function sharedCases(file: string): GeneratorCase[] {
  return readFixture<{ cases: GeneratorCase[] }>(`shared/${file}`).cases;
}

/** scikit-learn's snake_case keyword arguments as camelCase options (n_samples → nSamples). */
export function toOptions(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
      value,
    ]),
  );
}

/** A case's name for test titles: its parameters, short. */
export function caseTitle(testCase: GeneratorCase): string {
  const params = JSON.stringify(testCase.params);
  return testCase.what === undefined ? params : `${testCase.what}: ${params}`;
}
