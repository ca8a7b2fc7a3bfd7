/**
 * What the planner remembers between runs in one process: the schedules trials chose, by run
 * shape (also kept in the tuning store, with the adapter's tuning), and which kernels are already
 * compiled on a device, whose compile a run then does not pay.
 */
import type { RunDescription } from '../core/run.ts';
import type { DecisionMemory } from './choose.ts';
import type { GpuContext } from './device.ts';
import type { Plan, Schedule } from './plan.ts';
import { kernelCompiled } from './kernels.ts';
import { scheduleSources } from './schedules/sources.ts';
import { tuningKey, type Tuning, type TuningStore } from './tuning.ts';

const decided = new Map<string, Map<string, Schedule>>();

/** The trials' answers for this adapter: this process's, then the tuning's; new ones kept in both. */
export function decisionMemory(
  context: GpuContext,
  tuning: Tuning,
  store?: TuningStore,
): DecisionMemory {
  const key = tuningKey(context.adapter);
  let mine = decided.get(key);
  if (mine === undefined) {
    mine = new Map();
    decided.set(key, mine);
  }
  const local = mine;
  return {
    get: (shape) => local.get(shape) ?? (tuning.decisions[shape] as Schedule | undefined),
    set: (shape, schedule) => {
      local.set(shape, schedule);
      if (store === undefined) return;
      const kept = store.load(key) ?? tuning;
      store.save(key, { ...kept, decisions: { ...kept.decisions, [shape]: schedule } });
    },
  };
}

/**
 * The share of a plan's kernels this device has compiled (or is compiling) already: asked of the
 * pipeline cache itself, so a kernel another model's run compiled to the same code counts.
 */
export function compiledShare(
  device: GPUDevice,
  plan: Plan,
  run: RunDescription,
  rows: { readonly train: number; readonly validation: number; readonly test: number },
): number {
  const sources = scheduleSources(plan, run, rows);
  const done = sources.filter((s) => kernelCompiled(device, s.name, s.generated, s.constants));
  return sources.length === 0 ? 1 : done.length / sources.length;
}
