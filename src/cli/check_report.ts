import { describeAdapter } from '../gpu/adapter.ts';
import type { Agreement, BitsAgreement, CheckReport } from '../check/index.ts';
import { table } from './text_table.ts';

const sci = (x: number): string => (x === 0 ? '0' : x.toExponential(2));

function tolerance(a: Agreement): string {
  const parts = [a.rtol > 0 ? `rtol ${sci(a.rtol)}` : '', a.atol > 0 ? `atol ${sci(a.atol)}` : ''];
  return parts.filter((p) => p !== '').join(' + ') || 'exact';
}

/** The measured difference in the terms of its tolerance: relative where it is relative. */
function measured(a: Agreement | null): string {
  if (a === null) return '—';
  const value = a.atol === 0 ? `rel ${sci(a.maxRelDiff)}` : `abs ${sci(a.maxAbsDiff)}`;
  return `${value} (${tolerance(a)})${a.ok ? '' : ` ${a.failures} outside`}`;
}

function bits(b: BitsAgreement | null, what: string): string {
  if (b === null || b.firstDifference === null) return '';
  const d = b.firstDifference;
  return `${what} ${d.index} differs: ${d.a} then ${d.b}`;
}

/** The check's report for people: one line per case and per repeat, then the verdict. */
export function formatCheck(report: CheckReport): string {
  const cases = [
    ['case', 'model', 'schedule', 'steps', 'losses vs PyTorch', 'final params vs PyTorch', ''],
    ...report.cases.map((c) => [
      c.name,
      c.model,
      c.scheduleRan ?? c.scheduleAsked ?? '—',
      String(c.steps),
      measured(c.losses),
      measured(c.params),
      c.ok ? 'ok' : `FAIL${c.error === null ? '' : `: ${c.error}`}`,
    ]),
  ];
  const repeats = [
    ['same run twice', 'schedule', 'bits'],
    ...report.repeats.map((r) => [
      r.name,
      r.scheduleAsked ?? '—',
      r.identical
        ? 'identical'
        : `DIFFER: ${r.error ?? [bits(r.losses, 'loss'), bits(r.params, 'param')].filter(Boolean).join('; ')}`,
    ]),
  ];
  const casesOk = report.cases.filter((c) => c.ok).length;
  const repeatsOk = report.repeats.filter((r) => r.identical).length;
  return [
    `adapter    ${report.adapter === null ? 'none ran' : describeAdapter(report.adapter)}`,
    `reference  ${report.reference}`,
    '',
    table(cases),
    '',
    table(repeats),
    '',
    `${report.passed ? 'passed' : 'FAILED'}: ${casesOk} of ${report.cases.length} runs within tolerance of PyTorch, ` +
      `${repeatsOk} of ${report.repeats.length} repeats bit for bit (${(report.elapsedMs / 1000).toFixed(1)} s)`,
    '',
  ].join('\n');
}
