import { Chart, type ChartDataset } from 'chart.js';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { DEFAULT_TFJS, runSweep, type SweepResult } from '../bench/index.ts';
import { acquireGpu, describeAdapter } from '../gpu/index.ts';
import type { XY } from './charts.ts';
import { element, fillTable, setText } from './dom.ts';
import { localStorageTuningStore } from './tuning_store.ts';

const COLOURS = ['#7c3aed', '#0f766e', '#dc2626', '#ea580c', '#2563eb', '#a16207'];

function series(result: SweepResult): ChartDataset<'line', XY[]>[] {
  const lines = new Map<string, XY[]>();
  const add = (name: string, x: number, msPerStep: number) => {
    const line = lines.get(name) ?? [];
    line.push({ x, y: msPerStep });
    lines.set(name, line);
  };
  for (const size of result.sizes) {
    for (const g of size.webgpu) add(`webgpu-train, WebGPU (${g.schedule})`, size.N, g.msPerStep);
    add('fused CPU loop', size.N, size.cpu.msPerStep);
    for (const t of size.tfjs) add(`TensorFlow.js ${t.backend}, ${t.variant}`, size.N, t.msPerStep);
  }
  return [...lines].map(([label, data], i) => ({
    label,
    data,
    borderColor: COLOURS[i % COLOURS.length],
    backgroundColor: COLOURS[i % COLOURS.length],
    pointRadius: 3,
  }));
}

function rows(result: SweepResult): string[][] {
  const out: string[][] = [];
  const steps = (run: number, asked: number) => (run === asked ? String(run) : `${run}*`);
  for (const size of result.sizes) {
    const ours = size.webgpu[0]?.msPerStep ?? NaN;
    for (const g of size.webgpu) {
      out.push([
        String(size.N),
        `webgpu-train WebGPU (${g.schedule}, ${g.dispatchCount} dispatch${g.dispatchCount === 1 ? '' : 'es'})`,
        steps(g.stepsRun, size.stepsRequested),
        g.trainMs.median.toFixed(2),
        g.msPerStep.toPrecision(3),
        `${(g.msPerStep / ours).toFixed(2)}×`,
        g.lossCheck.ok ? 'ok' : 'MISMATCH',
      ]);
    }
    out.push([
      String(size.N),
      'fused CPU loop',
      steps(size.cpu.stepsRun, size.stepsRequested),
      size.cpu.trainMs.median.toFixed(2),
      size.cpu.msPerStep.toPrecision(3),
      `${(size.cpu.msPerStep / ours).toFixed(2)}×`,
      'reference',
    ]);
    for (const t of size.tfjs) {
      out.push([
        String(size.N),
        `TensorFlow.js ${t.backend}, ${t.variant}`,
        steps(t.stepsRun, t.stepsRequested),
        t.trainMs.toFixed(2),
        t.msPerStep.toPrecision(3),
        `${(t.msPerStep / ours).toFixed(0)}×`,
        t.firstLossOk ? 'ok' : 'MISMATCH',
      ]);
    }
  }
  return out;
}

/** The Benchmark tab: the sweep of `webgpu-train bench`, with TensorFlow.js beside it, drawn log-log. */
export function setUpBenchTab(): void {
  const status = element('bench-status', HTMLElement);
  const button = element('bench-run', HTMLButtonElement);
  const table = element('bench-table', HTMLTableElement);
  const chart = new Chart<'line', XY[]>(element('bench-chart', HTMLCanvasElement), {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      parsing: false,
      maintainAspectRatio: false,
      scales: {
        x: { type: 'logarithmic', title: { display: true, text: 'N samples' } },
        y: { type: 'logarithmic', title: { display: true, text: 'ms per step' } },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  });
  button.addEventListener('click', () => {
    void (async () => {
      button.disabled = true;
      try {
        const sizes = [
          ...document.querySelectorAll<HTMLInputElement>('input[name="size"]:checked'),
        ].map((box) => Number(box.value));
        const steps = Math.max(
          1,
          Math.round(Number(element('bench-steps', HTMLInputElement).value) || 1000),
        );
        const repeats = Math.max(
          1,
          Math.round(Number(element('bench-repeats', HTMLInputElement).value) || 3),
        );
        const budgetMs =
          1000 * Math.max(1, Number(element('bench-budget', HTMLInputElement).value) || 4);
        const withTfjs = element('bench-tfjs', HTMLInputElement).checked;
        const context = await acquireGpu({ tune: true, store: localStorageTuningStore() });
        setText(status, `running on ${describeAdapter(context.adapter)}…`);
        const result = await runSweep(
          {
            sizes,
            dims: 2,
            steps,
            repeats,
            budgetMs,
            lr: 0.1,
            schedules: ['auto'],
            context,
            tfjs: withTfjs ? DEFAULT_TFJS : [],
            wasmPaths: {
              'tfjs-backend-wasm.wasm': wasmUrl,
              'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
              'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
            },
          },
          (event) => {
            if (event.phase === 'start')
              setText(status, `running ${event.backend} at N = ${event.N}…`);
          },
        );
        chart.data.datasets = series(result);
        chart.update('none');
        fillTable(
          table,
          ['N', 'what', 'steps', 'train ms', 'ms / step', 'time / webgpu-train', 'loss check'],
          rows(result),
        );
        const cut = result.sizes.some(
          (s) =>
            s.webgpu.some((g) => g.stepsRun < steps) ||
            s.cpu.stepsRun < steps ||
            s.tfjs.some((t) => t.stepsRun < steps),
        );
        setText(
          status,
          `measured on ${describeAdapter(result.adapter)}; CPU path: ${result.cpuPath}${cut ? '; * fewer steps within the budget, per-step figures hold' : ''} — done`,
        );
      } catch (error) {
        setText(
          status,
          `the benchmark failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      } finally {
        button.disabled = false;
      }
    })();
  });
}
