import { readFixture } from './fixtures.ts';

/** A PyTorch training run from tools/make_torch_fixtures.py, with its scikit-learn data. */
export interface Trajectory {
  name: string;
  data: Record<string, unknown>;
  X: number[][];
  y: number[];
  init: { weight: number[]; bias: number };
  lr: number;
  steps: number;
  float32: { losses: number[]; w: number[]; b: number; accuracy: number };
  float64: { losses: number[]; w: number[]; b: number; accuracy: number };
}

export const trajectories = (): Trajectory[] =>
  readFixture<{ cases: Trajectory[] }>('torch/linear_trajectories.json').cases;
