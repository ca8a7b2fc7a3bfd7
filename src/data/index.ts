/** Data: scikit-learn's generators bit for bit, TensorFlow Playground's, CSV tables, splits, standardization. */
export { makeDataset, type Dataset, type Labels } from '../core/dataset.ts';
export { RandomState, type MutableArrayLike } from '../core/random_state.ts';
export { ParameterError } from './parameter_error.ts';
export { makeClassification, type MakeClassificationOptions } from './make_classification.ts';
export {
  makeMoons,
  makeCircles,
  type MakeMoonsOptions,
  type MakeCirclesOptions,
} from './moons_and_circles.ts';
export { makeBlobs, type MakeBlobsOptions } from './make_blobs.ts';
export {
  makeRegression,
  makeRegressionWithCoef,
  type MakeRegressionOptions,
  type RegressionWithCoef,
} from './make_regression.ts';
export {
  xor,
  spiral,
  regressPlane,
  regressGaussian,
  type PlaygroundOptions,
} from './playground.ts';
export { formatCsv, parseCsv, CsvError, type ParseCsvOptions } from './csv.ts';
export { readTableText, readTableStream, TableReader } from './read_table.ts';
export { AUTO_CLASSES_MAX } from './read_table.ts';
export type {
  LabelColumn,
  ReadTableOptions,
  Table,
  TableAdvice,
  TableDescription,
  Passthrough,
} from './table.ts';
export {
  defaultLabel,
  type ColumnRef,
  type ColumnSelection,
  type TableColumns,
} from './columns.ts';
export type { Delimiter } from './csv_records.ts';
export {
  chooseMapping,
  describeClasses,
  describeMapping,
  isIdentityMapping,
  labelKey,
  sortClasses,
  type LabelMapping,
} from './labels.ts';
export { isNumberText } from './number_field.ts';
export { quoteText } from './quote_text.ts';
export {
  csvField,
  formatClassPredictions,
  formatPredictions,
  formatValuePredictions,
} from './predictions_csv.ts';
export {
  applyStandardization,
  fitStandardization,
  standardizationFrom,
  standardizeInPlace,
  type Standardization,
} from './standardize.ts';
export { scaleWarning, MAGNITUDE_LIMIT, SPREAD_RATIO_LIMIT } from './scale_warning.ts';
export {
  predictTableOptions,
  savedColumnsFrom,
  savedColumnsOf,
  type PredictColumnRequest,
  type SavedColumns,
} from './model_columns.ts';
export { splitDataset, splitFractions, type SplitOptions, type Splits } from './split.ts';
export { GENERATOR_BOUNDS, type GeneratorBound } from './generator_bounds.ts';
export {
  generators,
  generatorNames,
  type Generator,
  type GeneratorName,
  type GeneratorOptions,
} from './generators.ts';
