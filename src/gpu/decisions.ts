/**
 * What the planner remembers between runs in one process: the schedules trials chose, by run
 * shape (also kept in the tuning store, with the adapter's tuning), and which kernels are already
 * compiled on a device, whose compile a run then does not pay.
 */
import type { RunDescription } from '../core/run.ts';
import type { DecisionMemory } from './choose.ts';
import type { GpuContext } from './device.ts';
import type { Plan, Schedule } from './plan.ts';
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

const compiled = new WeakMap<GPUDevice, Set<string>>();

/** What a schedule's kernels are generated from, near enough for the compile cost. */
function kernelKey(run: RunDescription, schedule: Schedule, unrolled: boolean): string {
  const { spec } = run.net;
  return [
    schedule,
    unrolled,
    run.net.inputs,
    spec.hidden.join(','),
    spec.activation,
    run.optimizer.name,
  ].join('|');
}

export function isCompiled(
  device: GPUDevice,
  run: RunDescription,
  schedule: Schedule,
  unrolled: boolean,
): boolean {
  return compiled.get(device)?.has(kernelKey(run, schedule, unrolled)) ?? false;
}

export function markCompiled(device: GPUDevice, run: RunDescription, plan: Plan): void {
  let set = compiled.get(device);
  if (set === undefined) {
    set = new Set();
    compiled.set(device, set);
  }
  set.add(kernelKey(run, plan.schedule, plan.unrolled));
}
