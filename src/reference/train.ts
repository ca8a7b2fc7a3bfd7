/**
 * The only CPU trainer: the kernels' stages in their order, for any model, in f32 or f64. It runs
 * in slices (`runSteps`) so a caller can report progress and stop between them; it ends at the
 * first non-finite step, or early when the validation loss stops improving.
 */
import { BatchOrder } from '../core/batches.ts';
import { optimizerStepCpu, stateSlots, weightMask } from '../core/optimizers.ts';
import type { RunData, RunDescription, RunOutcome } from '../core/run.ts';
import {
  arithmeticFor,
  floatArray,
  toPrecision,
  type Floats,
  type Precision,
} from '../core/arithmetic.ts';
import { addSampleTerms, meanOf, reduceRecords, sampleForwardBackward } from './stages.ts';
import { SEQUENTIAL, type ReductionShape } from '../core/reduction.ts';

export interface ReferenceOptions {
  readonly precision: Precision;
  /** the summation order to reproduce (a GPU plan's); by default every sum runs in order */
  readonly reduction?: { readonly step: ReductionShape; readonly eval: ReductionShape };
}

interface SplitArrays {
  readonly X: Floats;
  readonly y: Floats;
  readonly n: number;
}

export class ReferenceRun {
  private readonly a;
  private readonly params: Floats;
  private readonly best: Floats;
  private readonly grads: Floats;
  private readonly state: Floats;
  private readonly weights: Uint8Array;
  private readonly act: Float64Array;
  private readonly delta: Float64Array;
  private readonly outputs: Float64Array;
  private readonly splits: readonly (SplitArrays | null)[];
  private readonly order: BatchOrder;
  private readonly stepShape: ReductionShape;
  private readonly evalShape: ReductionShape;
  private epochRows: Int32Array | null = null;
  private readonly stepLosses: Floats;
  private readonly epochLosses: RunOutcome['epochLosses'];
  readonly totalSteps: number;
  private step = 0;
  private bestLoss = Infinity;
  private bestEpoch: number | null = null;
  private stoppedEarly = false;
  private firstBadStep: number | null = null;

  constructor(
    private readonly run: RunDescription,
    data: RunData,
    options: ReferenceOptions,
  ) {
    const { precision } = options;
    this.a = arithmeticFor(precision);
    const { net } = run;
    this.params = toPrecision(run.initialParams, precision);
    if (this.params.length !== net.P)
      throw new RangeError(`the model has ${net.P} params, ${this.params.length} were given`);
    this.best = Float64Array.from(this.params);
    this.grads = floatArray(precision, net.P);
    this.state = floatArray(precision, stateSlots(run.optimizer.name) * net.P);
    this.weights = weightMask(net.layers, net.P);
    this.act = new Float64Array(net.actFloats);
    this.delta = new Float64Array(net.deltaFloats);
    this.outputs = new Float64Array(net.spec.outputs);
    this.splits = [data.train, data.validation, data.test].map((d) =>
      d !== null && d.nSamples > 0
        ? { X: toPrecision(d.X, precision), y: toPrecision(d.y, precision), n: d.nSamples }
        : null,
    );
    this.order = new BatchOrder(data.train.nSamples, run.batchSize, run.shuffleSeed);
    this.totalSteps = this.order.stepsPerEpoch * run.epochs;
    this.stepShape = options.reduction?.step ?? SEQUENTIAL;
    this.evalShape = options.reduction?.eval ?? SEQUENTIAL;
    this.stepLosses = floatArray(precision, this.totalSteps);
    const nan = () => new Float64Array(run.epochs).fill(NaN);
    this.epochLosses = { train: nan(), validation: nan(), test: nan() };
  }

  /** Whether the run has ended: every step taken, stopped early, or a non-finite step. */
  get done(): boolean {
    return this.step >= this.totalSteps || this.stoppedEarly || this.firstBadStep !== null;
  }

  get stepsDone(): number {
    return this.step;
  }

  /** The params now (a view; copy to keep). */
  get currentParams(): Floats {
    return this.params;
  }

  /** The loss before each step taken so far (a view; copy to keep). */
  get stepLossesSoFar(): Floats {
    return this.stepLosses.subarray(0, this.step);
  }

  /** Whole epochs run, up to the first non-finite step's epoch where there was one. */
  get epochsRun(): number {
    return Math.floor((this.firstBadStep ?? this.step) / this.order.stepsPerEpoch);
  }

  /** Mean loss per split after each epoch so far (views; NaN for epochs not yet run). */
  get epochLossesSoFar(): RunOutcome['epochLosses'] {
    return this.epochLosses;
  }

  /** Takes up to `count` more steps; returns how many it took. */
  runSteps(count: number): number {
    const start = this.step;
    while (this.step < start + count && !this.done) this.takeStep();
    if (this.done) this.finish();
    return this.step - start;
  }

  private takeStep(): void {
    const { net, optimizer } = this.run;
    const a = this.a;
    const train = this.splits[0] as SplitArrays;
    const k = this.step % this.order.stepsPerEpoch;
    const epoch = Math.floor(this.step / this.order.stepsPerEpoch);
    if (k === 0) this.epochRows = this.order.nextEpoch();
    const rows = this.epochRows;
    const first = k * this.order.batchSize;
    const B = this.order.batchRows(k);
    const sums = reduceRecords(
      B,
      net.S,
      this.stepShape,
      (i, record, at) => {
        const row = rows === null ? first + i : (rows[first + i] as number);
        const loss = sampleForwardBackward(
          net,
          this.params,
          train.X,
          row,
          train.y[row] as number,
          this.act,
          this.delta,
          this.outputs,
          true,
          a,
        );
        addSampleTerms(net, record, at, loss, train.X, row, this.act, this.delta, a);
      },
      a,
    );
    const loss = meanOf(sums[0] as number, B, a);
    this.stepLosses[this.step] = loss;
    // with full batch, the loss before this step is the train loss after the last epoch
    if (this.order.fullBatch && epoch > 0) this.epochLosses.train[epoch - 1] = loss;
    for (let p = 0; p < net.P; p++) this.grads[p] = meanOf(sums[1 + p] as number, B, a);
    this.step++;
    optimizerStepCpu(
      optimizer,
      this.params,
      this.grads,
      this.state,
      this.step,
      a.round,
      this.weights,
    );
    if (!Number.isFinite(loss) || !this.params.every(Number.isFinite)) {
      this.firstBadStep = this.step - 1;
      return;
    }
    if (k === this.order.stepsPerEpoch - 1) this.endEpoch(epoch);
  }

  /** Mean loss over a split's rows in order, forward only, summed in the given shape. */
  private meanLoss(split: SplitArrays, shape: ReductionShape): number {
    const { net } = this.run;
    const a = this.a;
    const sums = reduceRecords(
      split.n,
      1,
      shape,
      (row, record, at) => {
        const loss = sampleForwardBackward(
          net,
          this.params,
          split.X,
          row,
          split.y[row] as number,
          this.act,
          this.delta,
          this.outputs,
          false,
          a,
        );
        record[at] = a.round((record[at] as number) + loss);
      },
      a,
    );
    return meanOf(sums[0] as number, split.n, a);
  }

  /** An evaluation pass: the split's loss, summed as the kernels' evaluation passes sum it. */
  private evalLoss(split: SplitArrays): number {
    return this.meanLoss(split, this.evalShape);
  }

  private endEpoch(epoch: number): void {
    const [train, validation, test] = this.splits;
    if (!this.order.fullBatch && train) this.epochLosses.train[epoch] = this.evalLoss(train);
    if (validation) this.epochLosses.validation[epoch] = this.evalLoss(validation);
    if (test) this.epochLosses.test[epoch] = this.evalLoss(test);
    const { patience } = this.run;
    if (patience === null || validation === null || validation === undefined) return;
    const loss = this.epochLosses.validation[epoch] as number;
    if (loss < this.bestLoss) {
      this.bestLoss = loss;
      this.bestEpoch = epoch;
      this.best.set(this.params);
    } else if (epoch - (this.bestEpoch ?? -1) >= patience) {
      this.stoppedEarly = true;
    }
  }

  private finished = false;

  /**
   * Full batch: once the run is over, a closing pass (a step without the update, summed as a step
   * is) gives the last epoch's train loss, as the kernels take it.
   */
  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    const train = this.splits[0];
    if (!this.order.fullBatch || train === null || train === undefined) return;
    if (this.firstBadStep !== null) return;
    const lastEpoch = Math.floor((this.step - 1) / this.order.stepsPerEpoch);
    this.epochLosses.train[lastEpoch] = this.meanLoss(train, this.stepShape);
  }

  /** The run's outcome so far (the kept params when early stopping chose an epoch). */
  outcome(): RunOutcome {
    const keepBest = this.run.patience !== null && this.bestEpoch !== null;
    return {
      params: keepBest ? toPrecision(this.best, this.a.precision) : this.params.slice(),
      lastParams: this.params.slice(),
      stepLosses: this.stepLosses.slice(0, this.step),
      epochLosses: this.epochLosses,
      stepsDone: this.step,
      totalSteps: this.totalSteps,
      epochsRun: this.epochsRun,
      bestEpoch: keepBest ? this.bestEpoch : null,
      stoppedEarly: this.stoppedEarly,
      firstBadStep: this.firstBadStep,
    };
  }
}

/**
 * Runs the reference to the end.
 *
 * @example
 *   const outcome = trainReference(run, { train, validation: null, test: null }, { precision: 'f64' });
 */
export function trainReference(
  run: RunDescription,
  data: RunData,
  options: ReferenceOptions,
): RunOutcome {
  const reference = new ReferenceRun(run, data, options);
  reference.runSteps(reference.totalSteps);
  return reference.outcome();
}
