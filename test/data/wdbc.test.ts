import { describe, expect, it } from 'vitest';
import {
  fitStandardization,
  makeDataset,
  readTableStream,
  splitDataset,
} from '../../src/data/index.ts';
import { train } from '../../src/train.ts';
import { checkClose } from '../helpers/check_close.ts';
import { WDBC_CSV, wdbcBytes, wdbcFixture } from '../helpers/wdbc.ts';

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

const readWdbc = () =>
  readTableStream(once(wdbcBytes()), {
    source: WDBC_CSV,
    label: 'diagnosis',
    ignore: ['id'],
  });

describe('the breast-cancer data as a user keeps it (scikit-learn, tools/make_wdbc.py)', () => {
  const fixture = wdbcFixture();
  const split = { train: 0.7, validation: 0, test: 0.3, stratify: true, seed: 0 };

  it('reads with --label diagnosis --ignore id: 569 rows, 30 named features, B → 0 and M → 1', async () => {
    const { dataset, description } = await readWdbc();
    expect([dataset.nSamples, dataset.nFeatures]).toEqual([569, 30]);
    expect(description.featureNames).toEqual(fixture.features);
    expect(description.label?.mapping).toEqual({ negative: 'B', positive: 'M' });
    expect(description.ignored).toEqual([{ column: 0, name: 'id' }]);
    // scikit-learn's counts: 212 malignant, 357 benign
    expect(Array.from(dataset.y).reduce((a, b) => a + b, 0)).toBe(212);
  });

  it("splits 0.7 / 0 / 0.3 stratified into the rows tools/make_wdbc.py re-derived from split.ts's rule with numpy", async () => {
    const { dataset } = await readWdbc();
    // the first feature of this copy is the row's index, so each split names its rows
    const N = dataset.nSamples;
    const indexed = makeDataset(
      Float64Array.from({ length: N }, (_, i) => i),
      dataset.y,
      1,
    );
    const parts = splitDataset(indexed, split);
    expect(Array.from(parts.train.X)).toEqual(fixture.split.train);
    expect(Array.from(parts.test.X)).toEqual(fixture.split.test);
  });

  it("fits --standardize on the training split only: the mean and scale of scikit-learn's StandardScaler on those rows", async () => {
    const { dataset } = await readWdbc();
    const result = await train(dataset, {
      backend: 'cpu',
      epochs: 1,
      split,
      standardize: true,
    });
    const fitted = result.model.standardization;
    expect(fitted).toBeDefined();
    // two float64 passes against numpy's: a few ulps apart
    checkClose(fitted?.mean ?? [], fixture.standardScaler.mean, {
      rtol: 1e-13,
      atol: 0,
      label: 'mean',
    });
    checkClose(fitted?.scale ?? [], fixture.standardScaler.scale, {
      rtol: 1e-12,
      atol: 0,
      label: 'scale',
    });
    // fitting on every row would give another mean: the split is what was fitted
    const everyRow = fitStandardization(dataset).mean;
    expect(everyRow[3]).not.toBeCloseTo(fixture.standardScaler.mean[3] as number, 3);
  });
});
