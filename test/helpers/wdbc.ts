import { readFileSync } from 'node:fs';
import { readFixture } from './fixtures.ts';

/** The breast-cancer file as a user keeps it (BOM, CRLF, id, M/B, blank line at the end). */
export const WDBC_CSV = new URL('../fixtures/wdbc/wdbc.csv', import.meta.url).pathname;

export const wdbcBytes = (): Uint8Array => new Uint8Array(readFileSync(WDBC_CSV));

/** scikit-learn's figures on it, from tools/make_wdbc.py. */
export interface WdbcFixture {
  features: string[];
  label: { name: string; negative: string; positive: string };
  split: { train: number[]; test: number[] };
  standardScaler: { mean: number[]; scale: number[] };
  logisticRegression: Record<
    'standardized' | 'raw',
    { params: string; testAccuracy: number; testCorrect: number }
  >;
}

export const wdbcFixture = (): WdbcFixture =>
  readFixture<WdbcFixture>('wdbc/sklearn_logistic.json');
