/** Data: scikit-learn's generators bit for bit, TensorFlow Playground's, CSV, and splits. */
export { makeDataset, type Dataset } from './dataset.ts';
export { RandomState, type MutableArrayLike } from './random_state.ts';
export { ParameterError } from './parameter_error.ts';
export { makeClassification, type MakeClassificationOptions } from './make_classification.ts';
export {
  makeMoons,
  makeCircles,
  type MakeMoonsOptions,
  type MakeCirclesOptions,
} from './moons_and_circles.ts';
export { makeBlobs, type MakeBlobsOptions } from './make_blobs.ts';
export { xor, spiral, type PlaygroundOptions } from './playground.ts';
export { formatCsv, parseCsv, CsvError, type ParseCsvOptions } from './csv.ts';
export { splitDataset, splitFractions, type SplitOptions, type Splits } from './split.ts';
export { GENERATOR_BOUNDS, type GeneratorBound } from './generator_bounds.ts';
export {
  generators,
  generatorNames,
  type Generator,
  type GeneratorName,
  type GeneratorOptions,
} from './generators.ts';
