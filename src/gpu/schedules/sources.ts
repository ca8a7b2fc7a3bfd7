/** Every kernel a plan's schedule compiles, generated for the plan: what `kernels` prints and the planner asks the cache about. */
import type { RunDescription } from '../../core/run.ts';
import type { Plan } from '../plan.ts';
import { fusedSources } from './fused.ts';
import { layeredSources } from './layered.ts';
import type { KernelSource } from './schedule.ts';
import { wideSources } from './wide.ts';

export function scheduleSources(
  plan: Plan,
  run: RunDescription,
  rows: { readonly train: number; readonly validation: number; readonly test: number },
): KernelSource[] {
  if (plan.schedule === 'fused') return fusedSources(plan, run);
  if (plan.schedule === 'wide') return wideSources(plan, run);
  return layeredSources(plan, run, rows);
}
