/**
 * The Benchmark tab: the sweep of `webgpu-train bench` in a worker, with TensorFlow.js beside it.
 * Rows appear as each configuration finishes, a progress bar counts them, Cancel ends the worker,
 * and the chart draws ms per step against N on log axes labelled at the powers of ten.
 */
import {
  Chart,
  LogarithmicScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
} from 'chart.js';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { describeAdapter } from '../gpu/index.ts';
import type { BenchJob, BenchReply, BenchRow } from './bench_protocol.ts';
import { benchVerdict, isOurs, timesSlower } from './bench_words.ts';
import { grouped } from './grouped.ts';
import { element, fillTable, setText } from './dom.ts';
import type { XY } from './loss_series.ts';
import type { PageState } from './fields.ts';
import { effect, signal, type Readable } from './store.ts';

Chart.register(LogarithmicScale, LineController, LineElement, PointElement, Legend);

const COLOURS = ['#7c3aed', '#0f766e', '#dc2626', '#ea580c', '#2563eb', '#a16207'];
const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** 10ⁿ at the powers of ten, nothing between: the grid lines stay, the labels do not crowd. */
export function powerOfTenLabel(value: number | string): string {
  const v = Number(value);
  const exponent = Math.round(Math.log10(v));
  if (Math.abs(v - 10 ** exponent) > 1e-9 * v) return '';
  const digits = String(Math.abs(exponent))
    .split('')
    .map((d) => SUPERSCRIPT[Number(d)] ?? d)
    .join('');
  return `10${exponent < 0 ? '⁻' : ''}${digits}`;
}

function logAxis(text: string) {
  return {
    type: 'logarithmic' as const,
    title: { display: true, text },
    ticks: { callback: powerOfTenLabel, autoSkip: false, maxRotation: 0 },
    // a firm line at each power of ten, a faint one between
    grid: {
      color: (context: { tick?: { label?: unknown } }) =>
        context.tick?.label === '' ? 'rgba(15, 23, 42, 0.04)' : 'rgba(15, 23, 42, 0.18)',
    },
  };
}

/**
 * The Benchmark tab: Run starts a sweep in a worker, rows stream into the table and the chart,
 * Cancel ends it keeping them. Run is offered while `canRun` holds and no sweep goes.
 */
export function setUpBenchTab(settings: () => PageState, canRun: Readable<boolean>): void {
  const status = element('bench-status', HTMLElement);
  const runButton = element('bench-run', HTMLButtonElement);
  const cancelButton = element('bench-cancel', HTMLButtonElement);
  const progress = element('bench-progress', HTMLProgressElement);
  const table = element('bench-table', HTMLTableElement);
  const verdict = element('bench-verdict', HTMLElement);
  const cutNote = element('bench-cut', HTMLElement);
  const chart = new Chart<'line', XY[]>(element('bench-chart', HTMLCanvasElement), {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      parsing: false,
      maintainAspectRatio: false,
      scales: { x: logAxis('N samples'), y: logAxis('ms per step') },
      plugins: { legend: { position: 'bottom' } },
    },
  });
  let worker: Worker | null = null;
  let rows: BenchRow[] = [];
  const running = signal(false);
  effect(() => {
    runButton.disabled = running.get() || !canRun.get();
    cancelButton.disabled = !running.get();
  });

  const draw = () => {
    const lines = new Map<string, XY[]>();
    for (const row of rows) {
      const name = row.what.replace(/ \(.*\)$/, '');
      lines.set(name, [...(lines.get(name) ?? []), { x: row.N, y: row.msPerStep }]);
    }
    chart.data.datasets = [...lines].map(([label, data], i) => ({
      label,
      data,
      borderColor: COLOURS[i % COLOURS.length],
      backgroundColor: COLOURS[i % COLOURS.length],
      pointRadius: 3,
    }));
    chart.update('none');
    const yardstick = (N: number) => rows.find((r) => r.N === N && isOurs(r));
    fillTable(
      table,
      ['N', 'what', 'steps', 'train ms', 'ms a step', 'time vs webgpu-train', 'losses agree?'],
      rows.map((row) => {
        const ours = yardstick(row.N);
        return [
          grouped(row.N),
          row.what,
          row.stepsRun === row.stepsAsked
            ? grouped(row.stepsRun)
            : `${grouped(row.stepsRun)} of ${grouped(row.stepsAsked)}*`,
          row.trainMs.toFixed(2),
          row.msPerStep.toPrecision(3),
          ours === undefined
            ? '—'
            : isOurs(row)
              ? '1× (the yardstick)'
              : timesSlower(row.msPerStep / ours.msPerStep),
          // the CPU loop and webgpu-train were checked against each other: one answer for both
          (row.check === 'reference' ? ours?.check : row.check) === 'MISMATCH' ? 'differ' : 'agree',
        ];
      }),
    );
    setText(verdict, benchVerdict(rows));
    setText(
      cutNote,
      rows.some((row) => row.stepsRun < row.stepsAsked)
        ? `* fewer steps than asked: a trial run found that all ${grouped(rows[0]?.stepsAsked ?? 0)} would overrun the budget (${settings().benchBudget} s a configuration, shared by its repeats); the ms a step still compare.`
        : '',
    );
  };

  const finish = (text: string) => {
    worker?.terminate();
    worker = null;
    setText(status, text);
    running.set(false);
  };

  runButton.addEventListener('click', () => {
    const state = settings();
    rows = [];
    draw();
    const job: BenchJob = {
      sizes: state.benchSizes,
      steps: state.benchSteps,
      repeats: state.benchRepeats,
      budgetMs: state.benchBudget * 1000,
      tfjs: state.benchTfjs,
      wasmPaths: {
        'tfjs-backend-wasm.wasm': wasmUrl,
        'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
      },
    };
    worker = new Worker(new URL('./bench_worker.ts', import.meta.url), { type: 'module' });
    let adapterLine = '';
    worker.onmessage = (event: MessageEvent<BenchReply>) => {
      const reply = event.data;
      if (reply.kind === 'adapter') {
        adapterLine =
          reply.adapter === null
            ? `no WebGPU here (${reply.problem ?? 'unknown'}): the CPU loop and TensorFlow.js's CPU and WASM backends only`
            : describeAdapter(reply.adapter);
      } else if (reply.kind === 'start') {
        progress.max = reply.total;
        progress.value = reply.done;
        setText(
          status,
          `running ${reply.what} at N = ${reply.N} (${reply.done + 1} of ${reply.total}) on ${adapterLine}…`,
        );
      } else if (reply.kind === 'row') {
        rows.push(reply.row);
        progress.value = rows.length;
        draw();
      } else if (reply.kind === 'done') {
        progress.value = progress.max;
        finish(`measured on ${adapterLine}; CPU path: ${reply.cpuPath} — done`);
      } else finish(`the benchmark failed: ${reply.message}`);
    };
    worker.onerror = (event) => finish(`the benchmark failed: ${event.message}`);
    worker.postMessage(job);
    progress.value = 0;
    running.set(true);
    setText(status, 'starting…');
  });
  cancelButton.addEventListener('click', () => {
    if (worker === null) return;
    finish(`cancelled after ${rows.length} row${rows.length === 1 ? '' : 's'}`);
  });
}
