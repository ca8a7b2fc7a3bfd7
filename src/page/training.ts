import type { Dataset } from '../data/index.ts';
import { GpuDeviceLostError, GpuRunError, WebGpuUnavailableError } from '../gpu/index.ts';
import { train, type TrainProgress, type TrainResult } from '../train/index.ts';
import type { DataChart, LossChart } from './charts.ts';
import { setText } from './dom.ts';
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
}

export interface TrainingRequest {
  readonly data: Dataset;
  readonly backend: 'webgpu' | 'cpu';
  readonly steps: number;
  readonly lr: number;
}

const format = (x: number): string =>
  Number.isFinite(x) ? String(Number(x.toPrecision(7))) : String(x);

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
  private latest: TrainProgress | null = null;

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
    this.view.lossChart.clear();
    this.view.dataChart.setModel(null);
    this.view.faultActions.hidden = true;
  }

  async run(request: TrainingRequest): Promise<TrainResult | null> {
    this.stop();
    const controller = new AbortController();
    this.controller = controller;
    this.clearResults();
    this.view.stop.disabled = false;
    setText(this.view.status, `training on ${request.backend}…`);
    try {
      const result = await train(request.data, {
        backend: request.backend,
        steps: request.steps,
        lr: request.lr,
        init: { seed: 0 }, // the command line's default, so the two give the same numbers
        precision: 'f32',
        signal: controller.signal,
        tune: true,
        tuningStore: localStorageTuningStore(),
        onProgress: (progress) => {
          if (this.controller === controller && !controller.signal.aborted)
            this.progress(progress, request.steps);
        },
      });
      if (this.controller !== controller) return null;
      this.show(result);
      return result;
    } catch (error) {
      if (this.controller === controller) this.fail(error, request);
      return null;
    } finally {
      if (this.controller === controller) {
        this.controller = null;
        this.view.stop.disabled = true;
      }
    }
  }

  private progress(progress: TrainProgress, steps: number): void {
    this.latest = progress;
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const latest = this.latest;
      if (latest === null) return;
      this.view.lossChart.show(latest.losses, steps);
      this.view.dataChart.setModel(latest.params);
      setText(this.view.status, `training: step ${latest.stepsDone} of ${latest.steps}…`);
    });
  }

  private show(result: TrainResult): void {
    this.cancelFrame();
    const { view } = this;
    const last = result.losses[result.losses.length - 1] ?? NaN;
    view.lossChart.show(result.losses, result.steps);
    view.dataChart.setModel([...result.weight, result.bias]);
    setText(view.finalLoss, String(last));
    setText(view.accuracy, `${(result.accuracy * 100).toFixed(1)} %`);
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
        ? `${result.schedule} schedule, ${result.dispatchCount} dispatch${result.dispatchCount === 1 ? '' : 'es'}, ${result.readbackCount} readback${result.readbackCount === 1 ? '' : 's'}`
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

  private fail(error: unknown, request: TrainingRequest): void {
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
