import type { Dataset } from '../data/index.ts';
import { GpuDeviceLostError, GpuRunError, WebGpuUnavailableError } from '../gpu/index.ts';
import {
  trainModel,
  type ModelProgress,
  type SavedModel,
  type TrainModelOptions,
  type TrainModelResult,
} from '../model/index.ts';
import { train, type TrainProgress, type TrainResult } from '../train/index.ts';
import type { DataChart, LossChart } from './charts.ts';
import { setText } from './dom.ts';
import { modelPredictor, showMetrics } from './model_run.ts';
import { trainModelOnCpuOffThread, trainOnCpuOffThread } from './off_thread.ts';
import { localStorageTuningStore } from './tuning_store.ts';

export interface TrainingView {
  readonly status: HTMLElement;
  readonly finalLoss: HTMLElement;
  readonly accuracy: HTMLElement;
  readonly weights: HTMLElement;
  readonly time: HTMLElement;
  readonly faultActions: HTMLElement;
  readonly stop: HTMLButtonElement;
  readonly lossChart: LossChart;
  readonly dataChart: DataChart;
  readonly metrics: HTMLTableElement;
  readonly confusion: HTMLTableElement;
  /** told of each trained model (for saving), or null when results are cleared */
  readonly onModel: (model: SavedModel | null) => void;
}

export interface TrainingRequest {
  readonly data: Dataset;
  readonly backend: 'webgpu' | 'cpu';
  readonly steps: number;
  readonly lr: number;
}

export interface ModelRequest {
  readonly data: Dataset;
  readonly backend: 'webgpu' | 'cpu';
  readonly options: TrainModelOptions;
}

/** Seven significant digits, as the command line prints them, so the two read the same. */
const format = (x: number): string =>
  Number.isFinite(x) ? String(Number(x.toPrecision(7))) : String(x);

/** The command line's default start, so the page and `webgpu-train train` give the same numbers. */
const INIT = { seed: 0 } as const;

/** Trouble with the GPU that another try, or the CPU, may get past. */
function isGpuFault(error: unknown): boolean {
  return (
    error instanceof GpuDeviceLostError ||
    error instanceof GpuRunError ||
    error instanceof WebGpuUnavailableError
  );
}

/**
 * Runs one training at a time for the page: a new run stops the one before; progress is drawn
 * at most once per animation frame; the results and any fault are shown as text.
 */
export class TrainingController {
  private controller: AbortController | null = null;
  private frame = 0;
  /** the drawing the next animation frame makes: the latest progress, whichever kind of run */
  private latest: (() => void) | null = null;

  constructor(private readonly view: TrainingView) {}

  stop(): void {
    this.controller?.abort(new DOMException('stopped', 'AbortError'));
    this.cancelFrame();
  }

  /** Drops a progress drawing that has not happened yet: it belongs to a run that is over. */
  private cancelFrame(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.latest = null;
  }

  clearResults(): void {
    for (const target of [
      this.view.finalLoss,
      this.view.accuracy,
      this.view.weights,
      this.view.time,
    ])
      setText(target, '—');
    delete this.view.finalLoss.dataset['value'];
    this.view.lossChart.clear();
    this.view.dataChart.setModel(null);
    this.view.faultActions.hidden = true;
    this.view.metrics.replaceChildren();
    this.view.confusion.replaceChildren();
    this.view.onModel(null);
  }

  /** Starts a run: stops the one before, clears the results; the caller's run ends with finish(). */
  private begin(backend: string): AbortController {
    this.stop();
    const controller = new AbortController();
    this.controller = controller;
    this.clearResults();
    this.view.stop.disabled = false;
    setText(this.view.status, `training on ${backend}…`);
    return controller;
  }

  private finish(controller: AbortController): void {
    if (this.controller === controller) {
      this.controller = null;
      this.view.stop.disabled = true;
    }
  }

  /** Progress of the current run only, drawn at most once per animation frame. */
  private schedule(controller: AbortController, draw: () => void): void {
    if (this.controller !== controller || controller.signal.aborted) return;
    this.latest = draw;
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const latest = this.latest;
      this.latest = null;
      latest?.();
    });
  }

  /** Trains a model beyond the tutorial, with per-split curves, metrics and the heatmap. */
  async runModel(request: ModelRequest): Promise<TrainModelResult | null> {
    const controller = this.begin(request.backend);
    const epochs = request.options.epochs ?? 1000;
    try {
      // the CPU trainer runs start to finish in one go: in a worker, the page stays live
      const result =
        request.backend === 'cpu'
          ? await trainModelOnCpuOffThread(request.data, request.options, controller.signal)
          : await trainModel(request.data, {
              ...request.options,
              backend: 'webgpu',
              signal: controller.signal,
              onProgress: (progress) =>
                this.schedule(controller, () =>
                  this.drawModel(progress, request.data, request.options, epochs),
                ),
            });
      if (this.controller !== controller) return null;
      this.showModel(result, epochs);
      return result;
    } catch (error) {
      if (this.controller === controller) this.fail(error, request);
      return null;
    } finally {
      this.finish(controller);
    }
  }

  private drawModel(
    progress: ModelProgress,
    data: Dataset,
    options: TrainModelOptions,
    epochs: number,
  ): void {
    this.view.lossChart.showEpochs(progress.epochLosses, progress.epochsDone, epochs);
    const model: SavedModel = {
      format: 'webgpu-train-model',
      version: 1,
      inputs: data.nFeatures,
      features: options.features ?? [],
      hidden: options.hidden ?? [],
      activation: options.activation ?? 'tanh',
      params: Array.from(progress.params),
    };
    this.view.dataChart.setPredictor(modelPredictor(model));
    setText(this.view.status, `training: epoch ${progress.epochsDone} of ${progress.epochs}…`);
  }

  private showModel(result: TrainModelResult, epochs: number): void {
    this.cancelFrame();
    const { view } = this;
    view.lossChart.showEpochs(result.epochLosses, result.epochsRun, epochs);
    view.dataChart.setPredictor(modelPredictor(result.model));
    const last = result.epochsRun - 1;
    const finalLoss = result.epochLosses.train[last] ?? NaN;
    setText(view.finalLoss, format(finalLoss));
    view.finalLoss.dataset['value'] = String(finalLoss);
    setText(
      view.accuracy,
      `${(result.metrics.train.accuracy * 100).toFixed(1)} % train${result.metrics.test ? `, ${(result.metrics.test.accuracy * 100).toFixed(1)} % test` : ''}`,
    );
    const shape = [
      result.model.inputs + result.model.features.length,
      ...result.model.hidden,
      1,
    ].join('-');
    setText(
      view.weights,
      `${shape} ${result.model.activation}, ${result.model.params.length} params`,
    );
    setText(
      view.time,
      `${result.trainMs.toFixed(1)} ms training, ${result.elapsedMs.toFixed(1)} ms in all`,
    );
    showMetrics(view.metrics, view.confusion, result.metrics);
    view.onModel(result.model);
    const stopped = result.stoppedEarly
      ? `, stopped early at epoch ${result.epochsRun} (kept epoch ${result.bestEpoch + 1})`
      : '';
    const diverged =
      result.firstBadStep === null
        ? ''
        : ` — the loss stopped being finite at step ${result.firstBadStep}`;
    setText(
      view.status,
      `trained ${result.epochsRun} epochs on ${result.backend}${result.backend === 'webgpu' ? ` (${result.dispatchCount} dispatches)` : ''}${stopped}${diverged} — done`,
    );
  }

  async run(request: TrainingRequest): Promise<TrainResult | null> {
    const controller = this.begin(request.backend);
    try {
      const common = {
        steps: request.steps,
        lr: request.lr,
        init: INIT,
        precision: 'f32',
        signal: controller.signal,
        onProgress: (progress: TrainProgress) =>
          this.schedule(controller, () => this.draw(progress, request.steps)),
      } as const;
      // the CPU runs in a worker: one step over many samples can take longer than a frame
      const result =
        request.backend === 'cpu'
          ? await trainOnCpuOffThread(request.data, common)
          : await train(request.data, {
              ...common,
              backend: 'webgpu',
              tune: true,
              tuningStore: localStorageTuningStore(),
            });
      if (this.controller !== controller) return null;
      this.show(result, request.data.nSamples);
      return result;
    } catch (error) {
      if (this.controller === controller) this.fail(error, request);
      return null;
    } finally {
      this.finish(controller);
    }
  }

  private draw(progress: TrainProgress, steps: number): void {
    this.view.lossChart.show(progress.losses, steps);
    this.view.dataChart.setModel(progress.params);
    setText(this.view.status, `training: step ${progress.stepsDone} of ${progress.steps}…`);
  }

  private show(result: TrainResult, nSamples: number): void {
    this.cancelFrame();
    const { view } = this;
    view.onModel({
      format: 'webgpu-train-model',
      version: 1,
      inputs: result.weight.length,
      features: [],
      hidden: [],
      activation: 'tanh',
      params: [...result.weight, result.bias],
    });
    const last = result.losses[result.losses.length - 1] ?? NaN;
    view.lossChart.show(result.losses, result.steps);
    view.dataChart.setModel([...result.weight, result.bias]);
    setText(view.finalLoss, format(last));
    // every digit of the float32, for whoever compares runs exactly
    view.finalLoss.dataset['value'] = String(last);
    const right = Math.round(result.accuracy * nSamples);
    setText(view.accuracy, `${(result.accuracy * 100).toFixed(1)} % (${right} of ${nSamples})`);
    setText(
      view.weights,
      `w = [${result.weight.map(format).join(', ')}], b = ${format(result.bias)}`,
    );
    const gpu = result.timings.gpuMs === null ? '' : `, GPU ${result.timings.gpuMs.toFixed(2)} ms`;
    setText(
      view.time,
      `${result.timings.trainMs.toFixed(1)} ms training${gpu}, ${result.elapsedMs.toFixed(1)} ms in all`,
    );
    const how =
      result.backend === 'webgpu'
        ? `${result.schedule} schedule, workgroup ${result.workgroupSize}, ${result.dispatchCount} dispatch${result.dispatchCount === 1 ? '' : 'es'}, ${result.readbackCount} readback${result.readbackCount === 1 ? '' : 's'}`
        : 'the f32 reference';
    const diverged =
      result.firstBadStep === null
        ? ''
        : ` — the loss stopped being finite at step ${result.firstBadStep}; try a smaller learning rate`;
    setText(
      view.status,
      `trained ${result.steps} steps on ${result.backend} (${how}) in ${result.timings.trainMs.toFixed(1)} ms${diverged} — done`,
    );
  }

  private fail(error: unknown, request: { backend: 'webgpu' | 'cpu' }): void {
    this.cancelFrame();
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof DOMException && error.name === 'AbortError') {
      setText(this.view.status, 'stopped');
      return;
    }
    setText(this.view.status, `training on ${request.backend} failed: ${message}`);
    this.view.faultActions.hidden = !(request.backend === 'webgpu' && isGpuFault(error));
  }
}
