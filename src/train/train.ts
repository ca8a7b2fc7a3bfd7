import type { Dataset } from '../data/index.ts';
import { resolveTrainOptions, type TrainOptions } from './options.ts';
import type { TrainResult } from './result.ts';
import { trainOnCpu } from './train_cpu.ts';
import { trainOnWebGpu } from './train_gpu.ts';

/**
 * Trains Linear(D,1) + Sigmoid with mean BCE by full-batch gradient descent.
 *
 * @example
 *   const data = makeClassification({ nFeatures: 2, nRedundant: 0, nClustersPerClass: 1, randomState: 0 });
 *   const result = await train(data, { backend: 'cpu', init: { weight: [0.1, -0.2], bias: 0.05 } });
 *   result.losses; // the loss before each of the 1000 updates
 */
export async function train(data: Dataset, options: TrainOptions = {}): Promise<TrainResult> {
  const resolved = resolveTrainOptions(options);
  return resolved.backend === 'webgpu'
    ? trainOnWebGpu(data, resolved, options)
    : trainOnCpu(data, resolved, options);
}
