/** The data card's words and the generator call a state describes. */
import {
  type Dataset,
  type GeneratorName,
  type GeneratorOptions,
  type TableDescription,
} from '../data/index.ts';
import type { PageState } from './fields.ts';

/** The generator's parameters that the page controls, from the state. */
export function generatorOptions(state: PageState): GeneratorOptions {
  const common = { nSamples: state.samples, randomState: state.dataSeed };
  switch (state.dataset) {
    case 'make-classification':
      // the tutorial's call: two informative features, one cluster per class
      return {
        ...common,
        nFeatures: 2,
        nRedundant: 0,
        nClustersPerClass: 1,
        classSep: state.classSep,
      };
    case 'make-moons':
      return { ...common, noise: state.noise };
    case 'make-circles':
      return { ...common, noise: state.noise, factor: 0.5 };
    case 'make-blobs':
      return { ...common, centers: state.classes, clusterStd: state.clusterStd };
    default:
      // scikit-learn's make_regression on the two features the plot shows; the Playground's sets
      // and the other generators take their noise
      return (state.dataset as string) === 'make-regression'
        ? { ...common, nFeatures: 2, noise: state.noise }
        : { ...common, noise: state.noise };
  }
}

/** The generator for a state's data set, or null for a CSV file. */
export function generatorOf(state: PageState): GeneratorName | null {
  return state.dataset === 'csv' ? null : state.dataset;
}

/** The data's features by name: the CSV header's, or x0, x1, … */
export function featureNames(data: Dataset, table: TableDescription | null): string[] {
  return table?.featureNames.slice() ?? Array.from({ length: data.nFeatures }, (_, j) => `x${j}`);
}

/**
 * What the plot shows of data with other than two features: the axes, and the model's slice
 * through the features not plotted (`held`, by name).
 */
export function describePlot(
  nFeatures: number,
  names: readonly [string, string],
  held: readonly string[] = [],
): string {
  if (nFeatures === 2) return '';
  if (nFeatures === 1)
    return "One feature: the points lie along it, and the model's probability is not drawn.";
  const others = nFeatures - 2;
  const heldWords =
    others === 1
      ? `${held[0] ?? 'the other feature'} held at its training mean`
      : `the other ${others} features held at their training means`;
  return `${names[0]} across and ${names[1]} up, 2 of ${nFeatures} features: the points are every sample seen from these two. The model's probability behind them, and its boundary, are a slice: ${heldWords} (over the training split).`;
}
