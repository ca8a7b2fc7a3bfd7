import { readFixture } from './fixtures.ts';
import type { OptimizerSpec } from '../../src/core/optimizers.ts';
import type { HeadName } from '../../src/core/heads.ts';
import type { Activation } from '../../src/core/spec.ts';

/** A PyTorch training run of a small model, from tools/make_torch_model_fixtures.py. */
export interface ModelCase {
  name: string;
  X: number[][];
  y: number[];
  /** head and outputs: absent in models.json, whose runs are binary classifiers */
  model: { hidden: number[]; activation: Activation; head?: HeadName; outputs?: number };
  optimizer: OptimizerSpec;
  batchSize: number;
  epochs: number;
  shuffleSeed: number;
  initialParams: number[];
  float32: { losses: number[]; params: number[] };
  float64: { losses: number[]; params: number[] };
}

export const modelCases = (): ModelCase[] => [
  ...readFixture<{ cases: ModelCase[] }>('torch/models.json').cases,
  ...readFixture<{ cases: ModelCase[] }>('torch/heads.json').cases,
];
