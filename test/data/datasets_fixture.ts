/** scikit-learn's iris, wine, digits and diabetes as CSV files (tools/make_datasets.py), read as users read them. */
import { readFileSync } from 'node:fs';
import { readTableText, type SplitOptions, type Table } from '../../src/data/index.ts';
import type { TrainOptions } from '../../src/api/resolve.ts';
import { readFixture } from '../helpers/fixtures.ts';

export type DatasetName = 'iris' | 'wine' | 'digits' | 'diabetes';

/** What tools/make_datasets.py wrote beside each file. */
export interface DatasetReference {
  file: string;
  rows: number;
  features: string[];
  label: string;
  /** the class names in webgpu-train's (sorted) order; null for diabetes' target */
  classes: string[] | null;
  /** the split the tests ask for, and the rows it holds, re-derived with numpy from src/data/split.ts */
  split: {
    fractions: [number, number, number];
    seed: number;
    stratify: boolean;
    train: number[];
    test: number[];
  };
  /** classification: scikit-learn's LogisticRegression after a StandardScaler, on the test rows */
  logisticRegression?: { params: string; testAccuracy: number };
  /** diabetes: scikit-learn's LinearRegression on the test rows */
  linearRegression?: { params: string; testR2: number; testMse: number };
}

export const datasetReference = (name: DatasetName): DatasetReference =>
  readFixture<Record<DatasetName, DatasetReference>>('datasets/sklearn_reference.json')[name];

/** The file read with its label column named, as `--label` does. */
export function readDataset(name: DatasetName): Table {
  const { file, label } = datasetReference(name);
  const text = readFileSync(new URL(`../fixtures/datasets/${file}`, import.meta.url), 'utf8');
  return readTableText(text, { source: file, label });
}

/** The reference's split as train()'s `split` option. */
export function splitOf(name: DatasetName): SplitOptions {
  const { fractions, seed, stratify } = datasetReference(name).split;
  const [train, validation, test] = fractions;
  return { train, validation, test, seed, stratify };
}

/**
 * How the tests train on each (besides the backend and the split): iris and wine standardized,
 * a 16-unit tanh layer, Adam full batch; digits as the target sets it, 64-32-10 relu, Adam
 * lr 1e-3, batch 32, 30 epochs; diabetes a linear model (no hidden layer) on the z-scores of the
 * features and the target, to compare with scikit-learn's LinearRegression.
 */
export const TRAINING: Record<DatasetName, TrainOptions> = {
  iris: { standardize: true, hidden: [16], optimizer: 'adam', lr: 0.01, epochs: 200 },
  wine: { standardize: true, hidden: [16], optimizer: 'adam', lr: 0.01, epochs: 200 },
  digits: {
    hidden: [32],
    activation: 'relu',
    optimizer: 'adam',
    lr: 1e-3,
    batchSize: 32,
    epochs: 30,
  },
  diabetes: {
    standardize: true,
    standardizeTarget: true,
    hidden: [],
    optimizer: 'adam',
    lr: 0.01,
    epochs: 500,
  },
};
