import { readFileSync } from 'node:fs';
import { makeDataset, type Dataset } from '../../src/data/index.ts';

/** Reads a JSON fixture under test/fixtures/. */
export function readFixture<T>(relativePath: string): T {
  return JSON.parse(
    readFileSync(new URL(`../fixtures/${relativePath}`, import.meta.url), 'utf8'),
  ) as T;
}

export interface SklearnCase {
  params: Record<string, unknown> & { random_state: number; n_samples: number };
  X: number[][];
  y: number[];
}

export interface TorchRun {
  losses: number[];
  w: number[];
  b: number;
  accuracy: number;
}

export interface TorchCase {
  data: { generator: string; random_state: number; n_samples: number } & Record<string, unknown>;
  init: { weight: number[]; bias: number };
  lr: number;
  steps: number;
  float32: TorchRun;
  float64: TorchRun;
}

/** scikit-learn's X and y as a Dataset, exactly as the fixture holds them. */
export function datasetFromRows(X: number[][], y: number[]): Dataset {
  const D = X[0]?.length ?? 0;
  return makeDataset(Float64Array.from(X.flat()), Int32Array.from(y), D);
}
