/**
 * Which rows a run trains on and which it tests on: the same seeded, stratified split train()
 * makes, taken of the rows' indices (a one-feature data set whose feature is the row number), so
 * the plot can show the training or the test points without a second copy of the data.
 */
import { makeDataset, splitDataset, type Dataset, type SplitOptions } from '../data/index.ts';

export const ROLE = { train: 0, validation: 1, test: 2 } as const;

/** Each row's split: ROLE.train, ROLE.validation or ROLE.test. */
export function splitRoles(data: Dataset, split: SplitOptions): Uint8Array {
  const indices = Float64Array.from({ length: data.nSamples }, (_, i) => i);
  const parts = splitDataset(makeDataset(indices, data.y, 1), split);
  const roles = new Uint8Array(data.nSamples);
  for (const [name, part] of Object.entries(parts) as [keyof typeof ROLE, Dataset][])
    for (const row of part.X) roles[row] = ROLE[name];
  return roles;
}
