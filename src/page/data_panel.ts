/** The data card's words and the generator call a state describes. */
import type { Dataset, GeneratorName, GeneratorOptions } from '../data/index.ts';
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
      return { ...common, centers: 2, clusterStd: state.clusterStd };
    default:
      return { ...common, noise: state.noise };
  }
}

/** The generator for a state's data set, or null for a CSV file. */
export function generatorOf(state: PageState): GeneratorName | null {
  return state.dataset === 'csv' ? null : state.dataset;
}

/** One line about the data: its size and its classes. */
export function describeData(data: Dataset): string {
  let ones = 0;
  for (let i = 0; i < data.nSamples; i++) ones += data.y[i] === 1 ? 1 : 0;
  const plotted =
    data.nFeatures > 2 ? `; the plot shows x0 and x1 of ${data.nFeatures} features` : '';
  return `${data.nSamples} samples × ${data.nFeatures} features, ${ones} of class 1${plotted}`;
}

/** What the plot can show of a model on this data: the heatmap needs exactly two features. */
export function describePlot(data: Dataset): string {
  if (data.nFeatures === 2) return '';
  return `The model's probability is drawn for two features only; this data set has ${data.nFeatures}, so the plot shows the points alone${data.nFeatures > 2 ? ', by x0 and x1' : ', along x0'}.`;
}
