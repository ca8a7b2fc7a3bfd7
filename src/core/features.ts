import { makeDataset, type Dataset } from './dataset.ts';

/** TensorFlow Playground's extra inputs, for two-feature data: x², y², x·y, sin x, sin y. */
export type FeatureName = 'x2' | 'y2' | 'xy' | 'sinx' | 'siny';
export const FEATURES: readonly FeatureName[] = ['x2', 'y2', 'xy', 'sinx', 'siny'];

const compute: Record<FeatureName, (x: number, y: number) => number> = {
  x2: (x) => x * x,
  y2: (_, y) => y * y,
  xy: (x, y) => x * y,
  sinx: (x) => Math.sin(x),
  siny: (_, y) => Math.sin(y),
};

/** The data with the chosen features appended after x0 and x1, in the order asked. */
export function withFeatures(data: Dataset, features: readonly FeatureName[]): Dataset {
  if (features.length === 0) return data;
  if (data.nFeatures !== 2)
    throw new RangeError(
      `extra features need two input features (x, y), the data has ${data.nFeatures}`,
    );
  const D = 2 + features.length;
  const X = new Float64Array(data.nSamples * D);
  for (let i = 0; i < data.nSamples; i++) {
    const x = data.X[2 * i] as number;
    const y = data.X[2 * i + 1] as number;
    X[i * D] = x;
    X[i * D + 1] = y;
    features.forEach((name, f) => (X[i * D + 2 + f] = compute[name](x, y)));
  }
  return makeDataset(X, data.y, D);
}
